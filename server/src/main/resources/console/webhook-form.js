// The events an endpoint can subscribe to, as checkboxes in one fieldset, and the form that adds
// an endpoint. The server checks the URL (scheme, private addresses) and says why next to the field.

import { call, projectPath } from './api.js';
import { alertRegion, field, h, showFieldErrors, statusRegion, uid } from './dom.js';

/** The subscribable events (openapi.yaml, WebhookEventType), with what each one means. */
export const WEBHOOK_EVENTS = [
  ['user.created', 'a user signed up, was created by an admin or imported'],
  ['user.email_verified', 'a user verified their email address'],
  ['user.deleted', 'a user was deleted'],
  ['password_reset.requested', 'a password reset was requested'],
  ['password_reset.completed', 'a password was reset'],
  ['password_reset.locked', 'resets were locked for the day'],
  ['login.throttled', 'sign-ins were throttled'],
  ['otp_policy.updated', 'the OTP policy changed'],
];

/**
 * One checkbox per event, shaped like a field of dom.js (name, input, error), so the server's
 * reason for "events" lands under the fieldset and focus goes to its first box.
 */
export function eventChoice(selected = []) {
  const errorId = uid('events-error');
  const boxes = WEBHOOK_EVENTS.map(([name, meaning]) => {
    const id = uid('ev');
    const input = h('input', { id, type: 'checkbox', value: name, defaultChecked: selected.includes(name) });
    input.setAttribute('aria-describedby', errorId);
    return h('div', { class: 'field check' }, input,
      h('label', { htmlFor: id }, h('code', { text: name }), ' ' + meaning));
  });
  const error = h('p', { class: 'field-error', id: errorId });
  const wrapper = h('fieldset', { class: 'event-choice', 'data-field': 'events' },
    h('legend', { text: 'Events to send' }), h('div', { class: 'boxes' }, boxes), error);
  const inputs = [...wrapper.querySelectorAll('input')];
  return {
    wrapper, error, name: 'events', input: inputs[0],
    values: () => inputs.filter((i) => i.checked).map((i) => i.value),
    set: (names) => inputs.forEach((i) => { i.checked = names.includes(i.value); }),
  };
}

export function createWebhookForm(projectId, onCreated) {
  const url = field({ name: 'url', label: 'Endpoint URL', type: 'url', required: true,
    placeholder: 'https://app.example.com/hooks/keyward',
    hint: 'Keyward POSTs each event here as JSON, signed with the Standard Webhooks headers.' });
  const events = eventChoice(WEBHOOK_EVENTS.map(([name]) => name));
  const fields = [url, events];
  const alert = alertRegion();
  const status = statusRegion();
  const submit = h('button', { type: 'submit', text: 'Add webhook' });
  const form = h('form', { class: 'card', noValidate: true, 'aria-label': 'Add a webhook' },
    url.wrapper, events.wrapper, alert.el, h('div', { class: 'actions' }, submit), status.el);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    alert.hide();
    status.say('');
    submit.disabled = true;
    try {
      const created = await call('POST', projectPath(projectId, '/webhooks'),
        { url: url.input.value.trim(), events: events.values() });
      showFieldErrors(fields, {});
      form.reset();
      status.say('Added the webhook to ' + created.url + '.');
      onCreated(created);
    } catch (err) {
      const rest = showFieldErrors(fields, err.details);
      alert.show('The webhook was not added: ' + err.message, rest);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
