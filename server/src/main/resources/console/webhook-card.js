// One endpoint as a card: its URL, events, state and failures in a row, and what an admin does
// with it: switch it off and on, change its events, rotate its secret (shown once), send a test
// event, read its deliveries, delete it after a confirmation. The card stays in place, so focus does.

import { call, projectPath } from './api.js';
import { alertRegion, clear, clearFieldErrors, confirmDialog, h, secretBox, showFieldErrors, statusRegion, when } from './dom.js';
import { eventChoice } from './webhook-form.js';
import { deliveriesView } from './webhook-deliveries.js';

export function webhookCard(projectId, webhook, { onDeleted }) {
  let w = webhook;
  const path = (rest = '') => projectPath(projectId, '/webhooks/' + encodeURIComponent(w.id) + rest);
  const alert = alertRegion();
  const status = statusRegion();
  const facts = h('dl', {});
  const secret = h('div', { class: 'secret-slot' });
  const deliveries = deliveriesView(projectId, w.id);
  const toggle = h('button', { type: 'button', class: 'secondary' });
  const test = h('button', { type: 'button', class: 'secondary', text: 'Send test event' });
  const show = h('button', { type: 'button', class: 'secondary', text: 'Show deliveries' });
  const rotate = h('button', { type: 'button', class: 'secondary', text: 'Rotate secret…' });
  const remove = h('button', { type: 'button', class: 'danger', text: 'Delete webhook…' });
  const card = h('article', { class: 'card webhook', 'aria-label': 'Webhook ' + w.url },
    h('h3', { text: w.url }), facts, eventsEditor(), alert.el, status.el, secret,
    h('div', { class: 'actions' }, toggle, test, show, rotate, remove), deliveries.el);

  function fill() {
    clear(facts,
      term('State', h('span', { class: w.enabled ? 'on' : 'off', text: w.enabled ? 'Enabled' : 'Disabled' })),
      term('Events', h('ul', { class: 'names' }, w.events.map((e) => h('li', {}, h('code', { text: e }))))),
      term('Failures in a row', h('span', { class: w.failuresInARow > 0 ? 'bad' : null, text: String(w.failuresInARow) })),
      term('Webhook ID', h('code', { text: w.id })),
      w.previousSecretExpiresAt ? term('Old secret also signs until', when(w.previousSecretExpiresAt)) : null);
    toggle.textContent = w.enabled ? 'Disable' : 'Enable';
  }

  function eventsEditor() {
    const events = eventChoice(w.events);
    const save = h('button', { type: 'submit', text: 'Save events' });
    const form = h('form', { noValidate: true, 'aria-label': 'Events of the webhook to ' + w.url }, events.wrapper,
      h('div', { class: 'actions' }, save));
    const details = h('details', { class: 'edit-events' }, h('summary', { text: 'Change events' }), form);
    details.addEventListener('toggle', () => events.set(w.events));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const saved = await act(save, () => call('PATCH', path(), { events: events.values() }), [events]);
      if (saved) {
        update(saved, 'Saved: ' + saved.events.length + (saved.events.length === 1 ? ' event.' : ' events.'));
        details.open = false;
        details.querySelector('summary').focus();
      }
    });
    return details;
  }

  /** Runs one call with its button disabled; shows the server's reasons; resolves to the answer or null. */
  async function act(button, run, fields = []) {
    alert.hide();
    status.say('');
    button.disabled = true;
    try {
      const answer = await run();
      clearFieldErrors(fields);
      return answer;
    } catch (err) {
      const rest = showFieldErrors(fields, err.details);
      alert.show('That did not work: ' + err.message, rest);
      return null;
    } finally {
      button.disabled = false;
    }
  }

  function update(saved, message) {
    w = saved;
    fill();
    status.say(message);
  }

  toggle.addEventListener('click', async () => {
    const saved = await act(toggle, () => call('PATCH', path(), { enabled: !w.enabled }));
    if (saved) {
      update(saved, saved.enabled ? 'Enabled: events are sent to this URL again.'
        : 'Disabled: no events are sent to this URL until you enable it again.');
    }
  });

  test.addEventListener('click', async () => {
    const queued = await act(test, () => call('POST', path('/test')));
    if (!queued) {
      return;
    }
    status.say('Test event queued; following its delivery below.');
    show.textContent = 'Refresh deliveries';
    const d = await deliveries.follow(queued.id);
    if (d && d.status === 'delivered') {
      status.say('The test event was delivered' + (d.lastStatusCode ? ' (HTTP ' + d.lastStatusCode + ').' : '.'));
    } else if (d) {
      status.say('The test event was not delivered: ' + (d.lastError || d.status) + '.');
    }
  });

  show.addEventListener('click', async () => {
    show.textContent = 'Refresh deliveries';
    await deliveries.load();
  });

  rotate.addEventListener('click', async () => {
    alert.hide();
    const sure = await confirmDialog({
      title: 'Rotate the secret of the webhook to ' + w.url + '?',
      body: ['A new signing secret is made and shown once. For 24 hours deliveries carry signatures with both the '
        + 'old and the new secret; give the receiver the new one before then.'],
      confirm: 'Rotate secret',
    });
    if (!sure) {
      return;
    }
    const r = await act(rotate, () => call('POST', path('/rotate-secret')));
    if (r) {
      w = { ...w, previousSecretExpiresAt: r.previousSecretExpiresAt };
      fill();
      clear(secret, h('div', { class: 'notice', role: 'status' },
        h('p', { text: 'The secret was rotated. Copy the new secret now: it is shown only this once.' }),
        secretBox('New signing secret', r.secret)));
      secret.querySelector('input').focus();
    }
  });

  remove.addEventListener('click', async () => {
    alert.hide();
    const sure = await confirmDialog({
      title: 'Delete the webhook to ' + w.url + '?',
      body: ['Keyward stops sending events to this URL at once. This cannot be undone.'],
      confirm: 'Delete webhook',
    });
    if (!sure) {
      return;
    }
    if (await act(remove, () => call('DELETE', path()))) {
      onDeleted(card, w);
    }
  });

  fill();
  return card;
}

function term(name, value) {
  return h('div', { class: 'term' }, h('dt', { text: name }), h('dd', {}, value));
}
