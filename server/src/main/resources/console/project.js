// One project, as its admin sees it (an operator sees the same, plus a way back to all projects):
// a heading, the sections as links, and the chosen section below them.

import { call, projectPath } from './api.js';
import { alertRegion, h } from './dom.js';
import { renderOverview } from './overview.js';
import { renderPolicy } from './policy-editor.js';
import { renderSettings } from './settings.js';
import { renderUsers } from './users.js';
import { renderEvents } from './events.js';
import { renderWebhooks } from './webhooks.js';
import { renderMail } from './mail.js';
import { renderAdminKey } from './admin-key.js';

const SECTIONS = [
  ['overview', 'Overview', renderOverview],
  ['policy', 'OTP policy', renderPolicy],
  ['settings', 'Settings', renderSettings],
  ['users', 'Users', renderUsers],
  ['events', 'Events', renderEvents],
  ['webhooks', 'Webhooks', renderWebhooks],
  ['mail', 'Mail', renderMail],
  ['key', 'Admin key', renderAdminKey],
];

export async function renderProject(view, { projectId, section, operator, setWho }) {
  const current = SECTIONS.find(([id]) => id === section) || SECTIONS[0];
  const title = h('h1', { tabIndex: -1, text: current[1] });
  const subtitle = h('p', { class: 'project-name' });
  const nav = h('nav', { class: 'sections', 'aria-label': 'Project sections' }, h('ul', {}, SECTIONS.map(([id, label]) =>
    h('li', {}, h('a', { href: `#/p/${projectId}/${id}`, text: label, 'aria-current': id === current[0] ? 'page' : null })))));
  const panel = h('div', { class: 'panel' }, h('p', { class: 'muted', text: 'Loading…' }));
  const alert = alertRegion();
  view.append(h('div', { class: 'project' },
    h('div', { class: 'project-head' },
      operator ? h('p', { class: 'back' }, h('a', { href: '#/projects', text: '← All projects' })) : null,
      subtitle, title),
    nav, h('div', { class: 'content' }, alert.el, panel)));

  let project;
  try {
    project = await call('GET', projectPath(projectId));
  } catch (err) {
    alert.show(err.status === 404 ? 'There is no project with this ID.' : 'The project could not be loaded: ' + err.message);
    return;
  }
  panel.replaceChildren();
  subtitle.textContent = project.name + ' · ';
  subtitle.append(h('code', { text: project.id }));
  setWho((operator ? 'Operator' : 'Project admin') + ' · ' + project.name);
  current[2](panel, { project, projectId, operator, setProject: (p) => {
    project = p;
    subtitle.firstChild.textContent = p.name + ' · ';
    setWho((operator ? 'Operator' : 'Project admin') + ' · ' + p.name);
  } });
}
