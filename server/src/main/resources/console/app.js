// The console's entry: who is signed in decides the view; the location hash names the page,
// so the browser's back button and bookmarks work and every view is a link a keyboard can reach.

import { KEY_ROTATED, session, SIGNED_OUT, TENANT } from './api.js';
import { clear, h } from './dom.js';
import { renderSignIn } from './signin.js';
import { renderProjects } from './projects.js';
import { renderProject } from './project.js';

const main = document.getElementById('main');
const who = document.getElementById('who');
const signOut = document.getElementById('sign-out');
const PROJECT_ROUTE = /^#\/p\/([0-9a-f]{24})(?:\/([a-z]+))?$/;

/** What the sign-in page says next: why the session ended, and a freshly rotated key. */
let notice = null;
let firstRender = true;

function route() {
  const s = session.load();
  const view = h('div', { class: 'view' });
  clear(main, view);
  if (!s) {
    who.hidden = true;
    signOut.hidden = true;
    const wanted = location.hash.match(PROJECT_ROUTE);
    renderSignIn(view, { notice, projectId: wanted ? wanted[1] : null, onSignedIn });
    notice = null;
  } else {
    signOut.hidden = false;
    setWho(s.kind === TENANT ? 'Project admin' : 'Operator');
    const m = location.hash.match(PROJECT_ROUTE);
    if (s.kind === TENANT && (!m || m[1] !== s.projectId)) {
      location.replace('#/p/' + s.projectId + '/overview');
      return;
    }
    if (m) {
      renderProject(view, { projectId: m[1], section: m[2] || 'overview', operator: s.kind !== TENANT, setWho });
    } else {
      renderProjects(view);
    }
  }
  if (!firstRender) {
    // A new page: put the keyboard and the screen reader at its start, not on a vanished link.
    const heading = view.querySelector('h1');
    (heading || main).focus();
  }
  firstRender = false;
}

function setWho(text) {
  who.textContent = text;
  who.hidden = false;
}

function onSignedIn(target) {
  if (location.hash === target) {
    route();
  } else {
    location.hash = target;
  }
}

signOut.addEventListener('click', () => {
  session.clear();
  notice = { text: 'Signed out. The key or token was removed from this tab.' };
  route();
});

window.addEventListener(SIGNED_OUT, (e) => {
  notice = { text: e.detail.reason, alert: true };
  route();
});

window.addEventListener(KEY_ROTATED, (e) => {
  session.clear();
  notice = {
    text: 'The admin key was rotated and the old key no longer works, so you were signed out. '
      + 'Copy the new key now (it is shown only once), then sign in with it.',
    key: e.detail.adminKey,
    projectId: e.detail.projectId,
  };
  route();
});

window.addEventListener('hashchange', route);
route();
