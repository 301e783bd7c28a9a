// The operator's page: every project, and a form to create one. A new project's admin key is
// shown here once (the server keeps only its hash), with a copy button.

import { call } from './api.js';
import { alertRegion, clear, field, h, secretBox, showFieldErrors, statusRegion, when } from './dom.js';

export function renderProjects(view) {
  const list = h('div', { class: 'project-list' }, h('p', { class: 'muted', text: 'Loading projects…' }));
  const listAlert = alertRegion();
  const created = h('div', { class: 'created' });

  const load = async () => {
    try {
      const { projects } = await call('GET', '/api/admin/projects');
      clear(list, projects.length ? table(projects)
        : h('p', { class: 'muted', text: 'No projects yet: create the first one above.' }));
    } catch (err) {
      clear(list);
      listAlert.show('The projects could not be loaded: ' + err.message);
    }
  };

  view.append(
    h('h1', { tabIndex: -1, text: 'Projects' }),
    h('p', { class: 'lead', text: 'Each project is a tenant with its own users, code policy, settings and admin key. '
      + 'Open one to manage it as its admin would.' }),
    createForm(created, load), created,
    h('section', { 'aria-labelledby': 'all-projects' }, h('h2', { id: 'all-projects', text: 'All projects' }),
      listAlert.el, list));
  load();
}

function createForm(created, reload) {
  const name = field({ name: 'name', label: 'Project name', required: true, hint: 'Shown to admins; at most 200 characters.' });
  const verify = field({ name: 'requireEmailVerification', label: 'Users must verify their email before signing in',
    type: 'checkbox' });
  verify.input.checked = true;
  const alert = alertRegion();
  const status = statusRegion();
  const submit = h('button', { type: 'submit', text: 'Create project' });
  const form = h('form', { class: 'card', noValidate: true, 'aria-labelledby': 'new-project' },
    h('h2', { id: 'new-project', text: 'New project' }), name.wrapper, verify.wrapper, alert.el,
    h('div', { class: 'actions' }, submit), status.el);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    alert.hide();
    status.say('');
    submit.disabled = true;
    try {
      const p = await call('POST', '/api/admin/projects',
        { name: name.input.value, requireEmailVerification: verify.input.checked });
      showFieldErrors([name, verify], {});
      form.reset();
      verify.input.checked = true;
      clear(created, h('div', { class: 'notice', role: 'status' },
        h('h2', { text: `Project “${p.name}” created` }),
        h('p', { text: 'Copy the admin key now: it is shown only this once. Give it, with the project ID, to the '
          + 'project\'s admin; a lost key can only be replaced by rotating it.' }),
        secretBox('Project ID', p.id), secretBox('Admin key', p.adminKey),
        h('p', {}, h('a', { href: '#/p/' + p.id + '/overview', text: `Open “${p.name}”` }))));
      created.querySelectorAll('input.secret')[1].focus();
      reload();
    } catch (err) {
      const rest = showFieldErrors([name, verify], err.details);
      alert.show('The project was not created: ' + err.message, rest);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function table(projects) {
  const head = ['Name', 'Project ID', 'Email verification', 'Compat profiles', 'Created'];
  const rows = projects.map((p) => h('tr', {},
    cell(head[0], h('a', { href: '#/p/' + p.id + '/overview', text: p.name })),
    cell(head[1], h('code', { text: p.id })),
    cell(head[2], p.requireEmailVerification ? 'required' : 'off'),
    cell(head[3], [p.compat.cargoExtra && 'Cargo Extra', p.compat.strapi && 'Strapi'].filter(Boolean).join(', ') || 'none'),
    cell(head[4], when(p.createdAt))));
  return h('table', { class: 'stack' },
    h('thead', {}, h('tr', {}, head.map((t) => h('th', { scope: 'col', text: t })))), h('tbody', {}, rows));
}

/** A cell that names its column, so rows can stack as cards on a narrow screen. */
export function cell(label, content) {
  return h('td', { 'data-label': label }, h('div', {}, content));
}
