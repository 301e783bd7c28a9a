// The project's SMTP server: one form saved with PUT (the server's reasons next to the fields),
// "Use the server default" (DELETE, after a confirmation) and a test send showing the server's reply.
// The password is write-only: the server only says whether one is stored.

import { call, projectPath } from './api.js';
import { alertRegion, clearFieldErrors, confirmDialog, field, h, showFieldErrors, statusRegion, when } from './dom.js';

const SPECS = [
  { name: 'host', label: 'Host', required: true, placeholder: 'smtp.example.com' },
  { name: 'port', label: 'Port', type: 'number', min: 1, max: 65535, step: 1, required: true,
    hint: 'Usually 587 (STARTTLS), 465 (TLS) or 25.' },
  { name: 'security', label: 'Security', type: 'select', options: [
    ['starttls', 'STARTTLS'], ['tls', 'TLS from the start'], ['none', 'None (only on a trusted network)']] },
  { name: 'username', label: 'Username', hint: 'Empty: no login.' },
  { name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password',
    hint: 'Write-only: it is never shown again. Leave empty to keep the stored one.' },
  { name: 'fromName', label: 'Sender name', hint: 'Empty: the project\'s sender name.' },
  { name: 'fromAddress', label: 'Sender address', type: 'email', required: true, placeholder: 'no-reply@example.com' },
];

export function smtpSection(projectId) {
  const path = projectPath(projectId, '/smtp');
  const fields = SPECS.map(field);
  const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
  const stored = h('p', { class: 'smtp-stored' });
  byName.password.wrapper.append(stored);
  const state = h('p', { class: 'smtp-state muted', text: 'Loading…' });
  const alert = alertRegion();
  const status = statusRegion();
  const save = h('button', { type: 'submit', text: 'Save SMTP server' });
  const reset = h('button', { type: 'button', class: 'secondary', text: 'Use the server default…' });
  const form = h('form', { class: 'card', noValidate: true, 'aria-label': 'SMTP server' }, state,
    fields.map((f) => f.wrapper), alert.el, h('div', { class: 'actions' }, save, reset), status.el);

  const show = (s) => {
    reset.hidden = !s;
    if (!s) {
      state.textContent = 'This project has no SMTP server of its own: its mail goes through the server default.';
      stored.textContent = '';
      fields.forEach((f) => { f.input.value = ''; });
      byName.port.input.value = '587';
      byName.security.input.value = 'starttls';
      return;
    }
    state.textContent = 'Mail goes through ' + s.host + ':' + s.port + ' (saved ' + when(s.updatedAt) + ').';
    ['host', 'security', 'username', 'fromName', 'fromAddress'].forEach((n) => {
      byName[n].input.value = s[n] === null || s[n] === undefined ? '' : String(s[n]);
    });
    byName.port.input.value = String(s.port);
    byName.password.input.value = '';
    stored.textContent = s.passwordSet ? 'A password is stored.' : 'No password is stored.';
  };
  const load = async () => {
    try {
      show(await call('GET', path));
    } catch (err) {
      if (err.status === 404) {
        show(null);
      } else {
        state.textContent = '';
        alert.show('The SMTP server could not be loaded: ' + err.message);
      }
    }
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    alert.hide();
    status.say('');
    const v = (n) => byName[n].input.value.trim();
    const body = { host: v('host'), port: v('port') === '' ? '' : Number(v('port')), security: v('security'),
      username: v('username') || null, fromName: v('fromName') || null, fromAddress: v('fromAddress') };
    if (byName.password.input.value !== '') {
      body.password = byName.password.input.value;
    }
    save.disabled = true;
    try {
      show(await call('PUT', path, body));
      clearFieldErrors(fields);
      status.say('Saved: the project\'s mail goes through this server now.');
    } catch (err) {
      alert.show('The SMTP server was not saved: ' + err.message, showFieldErrors(fields, err.details));
    } finally {
      save.disabled = false;
    }
  });
  reset.addEventListener('click', async () => {
    alert.hide();
    status.say('');
    const yes = await confirmDialog({ title: 'Use the server default?',
      body: ['The stored SMTP server and its password are deleted; the project\'s mail goes through the server '
        + 'default again.'], confirm: 'Use the server default' });
    if (!yes) {
      return;
    }
    try {
      await call('DELETE', path);
      clearFieldErrors(fields);
      show(null);
      status.say('Removed: mail goes through the server default.');
    } catch (err) {
      alert.show('The SMTP server was not removed: ' + err.message);
    }
  });
  load();
  return h('div', { class: 'smtp' }, form, testForm(projectId));
}

/** Sends one test mail through the project's server (at most 5 an hour) and shows what it answered. */
function testForm(projectId) {
  const to = field({ name: 'to', label: 'Send a test mail to', type: 'email', required: true,
    hint: 'Goes through the server above, or the server default. At most 5 test mails an hour.' });
  const alert = alertRegion();
  const reply = h('p', { class: 'smtp-reply', role: 'status' });
  const send = h('button', { type: 'submit', text: 'Send test mail' });
  const form = h('form', { class: 'card', noValidate: true, 'aria-label': 'Test send' },
    to.wrapper, alert.el, h('div', { class: 'actions' }, send), reply);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    alert.hide();
    reply.textContent = '';
    send.disabled = true;
    try {
      const r = await call('POST', projectPath(projectId, '/smtp/test'), { to: to.input.value.trim() });
      clearFieldErrors([to]);
      reply.className = 'smtp-reply ' + (r.ok ? 'ok' : 'bad');
      reply.textContent = (r.ok ? 'Sent. The server answered: ' : 'Not sent. The server answered: ') + r.reply;
    } catch (err) {
      alert.show('The test mail was not sent: ' + err.message, showFieldErrors([to], err.details));
    } finally {
      send.disabled = false;
    }
  });
  return form;
}
