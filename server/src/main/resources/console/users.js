// Users: find one by email (the admin API looks users up by address), see it, delete it after a
// confirmation; create or import one below.

import { call, projectPath } from './api.js';
import { alertRegion, clear, confirmDialog, field, h, showFieldErrors, statusRegion } from './dom.js';
import { createUserForm } from './user-create.js';

export function renderUsers(panel, { projectId }) {
  const result = h('div', { class: 'user-result' });
  const show = (user) => clear(result, userCard(projectId, user, result));
  panel.append(
    h('section', { 'aria-labelledby': 'find-user' }, h('h2', { id: 'find-user', text: 'Find a user' }),
      findForm(projectId, result, show), result),
    h('section', { 'aria-labelledby': 'new-user' }, h('h2', { id: 'new-user', text: 'Create or import a user' }),
      createUserForm(projectId, show)));
}

function findForm(projectId, result, show) {
  const email = field({ name: 'email', label: 'Email address', type: 'email', autocomplete: 'off', required: true });
  const alert = alertRegion();
  const status = statusRegion();
  const submit = h('button', { type: 'submit', text: 'Find' });
  const form = h('form', { class: 'card inline-form', noValidate: true, role: 'search', 'aria-label': 'Find a user by email' },
    h('div', { class: 'row' }, email.wrapper, submit), alert.el, status.el);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    alert.hide();
    status.say('');
    clear(result);
    const address = email.input.value.trim();
    try {
      const user = await call('GET', projectPath(projectId, '/users?email=' + encodeURIComponent(address)));
      showFieldErrors([email], {});
      show(user);
      status.say('Found ' + user.email + '.');
    } catch (err) {
      if (err.status === 404) {
        showFieldErrors([email], {});
        status.say('No user with the address ' + address + ' in this project.');
      } else {
        const rest = showFieldErrors([email], err.details);
        alert.show('The search failed: ' + err.message, rest);
      }
    }
  });
  return form;
}

function userCard(projectId, user, container) {
  const alert = alertRegion();
  const remove = h('button', { type: 'button', class: 'danger', text: 'Delete user…' });
  const card = h('article', { class: 'card user', 'aria-label': 'User ' + user.email },
    h('h3', { text: user.email }),
    h('dl', {},
      term('User ID', h('code', { text: user.id })),
      term('Name', [user.firstName, user.lastName].filter(Boolean).join(' ') || '—'),
      term('Email verified', user.emailVerified ? 'yes' : 'no'),
      term('Role', user.customRole || '—')),
    alert.el, h('div', { class: 'actions' }, remove));
  remove.addEventListener('click', async () => {
    const sure = await confirmDialog({
      title: 'Delete ' + user.email + '?',
      body: ['The account, its sessions and its pending codes are deleted at once. This cannot be undone.'],
      confirm: 'Delete user',
    });
    if (!sure) {
      return;
    }
    try {
      await call('DELETE', projectPath(projectId, '/users/' + encodeURIComponent(user.id)));
      clear(container, h('p', { class: 'notice', role: 'status', tabIndex: -1, text: 'Deleted ' + user.email + '.' }));
      container.querySelector('p').focus();
    } catch (err) {
      alert.show('The user was not deleted: ' + err.message);
    }
  });
  return card;
}

function term(name, value) {
  return h('div', { class: 'term' }, h('dt', { text: name }), h('dd', {}, value));
}
