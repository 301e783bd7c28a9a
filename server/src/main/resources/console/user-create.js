// Create a user with a password, or import one from another system with its bcrypt hash
// ($2a$, $2b$, $2y$): the hash is checked at the user's next sign-in and then upgraded.

import { call, projectPath } from './api.js';
import { alertRegion, field, h, showFieldErrors, statusRegion, uid } from './dom.js';

export function createUserForm(projectId, show) {
  const email = field({ name: 'email', label: 'Email address', type: 'email', required: true });
  const first = field({ name: 'firstName', label: 'First name', autocomplete: 'off' });
  const last = field({ name: 'lastName', label: 'Last name', autocomplete: 'off' });
  const password = field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password',
    hint: 'Checked against the project\'s password policy.' });
  const hash = field({ name: 'passwordHash', label: 'bcrypt hash', placeholder: '$2b$10$…',
    hint: 'The user keeps their password; Keyward upgrades the hash at their next sign-in.' });
  const verified = field({ name: 'emailVerified', label: 'The email address is already verified', type: 'checkbox' });
  const fields = [email, first, last, password, hash, verified];
  const modeName = uid('mode');
  const radio = (value, text, checked) => {
    const id = uid('mode');
    return h('div', { class: 'field check' }, h('input', { type: 'radio', id, name: modeName, value, defaultChecked: checked }),
      h('label', { htmlFor: id, text }));
  };
  const modes = h('fieldset', { class: 'modes' }, h('legend', { text: 'Sign-in secret' }),
    radio('password', 'Set a password', true), radio('hash', 'Import a bcrypt hash from another system', false));
  const alert = alertRegion();
  const status = statusRegion();
  const submit = h('button', { type: 'submit', text: 'Create user' });
  const importing = () => modes.querySelector('input:checked').value === 'hash';
  const switchMode = () => {
    password.wrapper.hidden = importing();
    hash.wrapper.hidden = !importing();
    submit.textContent = importing() ? 'Import user' : 'Create user';
  };
  modes.addEventListener('change', switchMode);
  switchMode();

  const form = h('form', { class: 'card', noValidate: true, 'aria-label': 'Create or import a user' },
    email.wrapper, h('div', { class: 'row two' }, first.wrapper, last.wrapper), modes, password.wrapper, hash.wrapper,
    verified.wrapper, alert.el, h('div', { class: 'actions' }, submit), status.el);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    alert.hide();
    status.say('');
    const body = { email: email.input.value.trim(), emailVerified: verified.input.checked };
    if (first.input.value.trim()) {
      body.firstName = first.input.value.trim();
    }
    if (last.input.value.trim()) {
      body.lastName = last.input.value.trim();
    }
    if (importing()) {
      body.passwordHash = hash.input.value.trim();
    } else {
      body.password = password.input.value;
    }
    submit.disabled = true;
    try {
      const user = await call('POST', projectPath(projectId, '/users'), body);
      showFieldErrors(fields, {});
      form.reset();
      switchMode();
      status.say((body.passwordHash ? 'Imported ' : 'Created ') + user.email + ' (ID ' + user.id + ').');
      show(user);
    } catch (err) {
      const rest = showFieldErrors(fields, err.details);
      alert.show(err.status === 409 ? 'A user with this email address already exists in this project.'
        : 'The user was not created: ' + err.message, rest);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
