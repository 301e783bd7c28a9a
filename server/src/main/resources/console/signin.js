// Sign-in: a project admin key (with its project's ID) or the operator token. Nothing is stored
// until the server has accepted it; a refused key leaves sessionStorage as it was: empty.

import { kindOf, OPERATOR, probe, projectPath, session, TENANT } from './api.js';
import { alertRegion, clearFieldErrors, field, h, secretBox, showFieldErrors } from './dom.js';

const PROJECT_ID = /^[0-9a-f]{24}$/;

export function renderSignIn(view, { notice, projectId, onSignedIn }) {
  const secret = field({ name: 'secret', label: 'Admin key or operator token', type: 'password',
    hint: 'A project admin key starts with kwk_. Anything else is taken as the operator token (KEYWARD_ADMIN_TOKEN, '
      + 'or the file admin-token in the server\'s data folder).' });
  const project = field({ name: 'projectId', label: 'Project ID', placeholder: '24 hex characters',
    hint: 'Needed with a project admin key. An operator may leave it empty, or give it to open that project.' });
  project.input.value = (notice && notice.projectId) || projectId || '';
  const detected = h('p', { class: 'detected', role: 'status' });
  const alert = alertRegion();
  const submit = h('button', { type: 'submit', text: 'Sign in' });
  const form = h('form', { class: 'card narrow', noValidate: true, 'aria-labelledby': 'signin-title' },
    secret.wrapper, detected, project.wrapper, alert.el, h('div', { class: 'actions' }, submit));

  const describe = () => {
    const value = secret.input.value.trim();
    detected.textContent = !value ? '' : kindOf(value) === TENANT
      ? 'Recognised as a project admin key: give its project ID too.'
      : 'Recognised as the operator token.';
  };
  secret.input.addEventListener('input', describe);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    alert.hide();
    const value = secret.input.value.trim();
    const id = project.input.value.trim().toLowerCase();
    const kind = kindOf(value);
    const problems = {};
    if (!value) {
      problems.secret = 'Paste a project admin key or the operator token.';
    }
    if ((kind === TENANT && value) || id) {
      if (!PROJECT_ID.test(id)) {
        problems.projectId = id ? 'A project ID is 24 characters of 0-9 and a-f.' : 'A project admin key needs its project ID.';
      }
    }
    if (Object.keys(problems).length) {
      showFieldErrors([secret, project], problems);
      alert.show('Check the highlighted fields.');
      return;
    }
    clearFieldErrors([secret, project]);
    submit.disabled = true;
    try {
      await probe({ kind, secret: value }, kind === TENANT ? projectPath(id) : '/api/admin/projects');
      session.save({ kind, secret: value, projectId: kind === TENANT ? id : null });
      // A bookmarked page of this project opens as bookmarked; anything else opens its overview.
      const bookmarked = location.hash.startsWith('#/p/' + id + '/') ? location.hash : null;
      onSignedIn(kind === OPERATOR && !id ? '#/projects' : bookmarked || '#/p/' + id + '/overview');
    } catch (err) {
      alert.show(refusal(kind, err));
      secret.input.focus();
    } finally {
      submit.disabled = false;
    }
  });

  view.append(...[h('h1', { id: 'signin-title', tabIndex: -1, text: 'Sign in to the Keyward console' }),
    noticeOf(notice), form].filter(Boolean));
  describe();
}

function noticeOf(notice) {
  if (!notice) {
    return null;
  }
  const box = h('div', { class: notice.alert ? 'alert' : 'notice', role: notice.alert ? 'alert' : 'status' },
    h('p', { text: notice.text }));
  if (notice.key) {
    box.append(secretBox('New admin key', notice.key));
  }
  return box;
}

function refusal(kind, err) {
  const what = kind === TENANT ? 'This admin key' : 'This operator token';
  switch (err.status) {
    case 401: return `${what} was not accepted (${err.message}). Nothing was stored.`;
    case 403: return kind === TENANT
      ? 'This admin key belongs to another project: check the project ID. Nothing was stored.'
      : `${what} may not do this (${err.message}).`;
    case 404: return 'There is no project with this ID. Nothing was stored.';
    case 0: return err.message;
    default: return `Sign-in failed: ${err.message} (HTTP ${err.status}). Nothing was stored.`;
  }
}
