// Webhooks: the project's endpoints as cards, and a form to add one. The signing secret (whsec_)
// is shown once, when an endpoint is added or its secret rotated; the server cannot show it again.

import { call, projectPath } from './api.js';
import { alertRegion, clear, h, secretBox } from './dom.js';
import { webhookCard } from './webhook-card.js';
import { createWebhookForm } from './webhook-form.js';

export function renderWebhooks(panel, { projectId }) {
  const alert = alertRegion();
  const list = h('div', { class: 'webhook-list' }, h('p', { class: 'muted', text: 'Loading…' }));
  const created = h('div', { class: 'created' });

  const onDeleted = (card, w) => {
    const gone = h('p', { class: 'notice', role: 'status', tabIndex: -1, text: 'Deleted the webhook to ' + w.url + '.' });
    card.replaceWith(gone);
    gone.focus();
  };
  const show = (webhooks) => clear(list, webhooks.length
    ? webhooks.map((w) => webhookCard(projectId, w, { onDeleted }))
    : h('p', { class: 'muted', text: 'No webhooks yet: add one below.' }));
  const load = async () => {
    alert.hide();
    try {
      show((await call('GET', projectPath(projectId, '/webhooks'))).webhooks);
    } catch (err) {
      clear(list);
      alert.show('The webhooks could not be loaded: ' + err.message);
    }
  };
  const onCreated = (w) => {
    clear(created, h('div', { class: 'notice', role: 'status' },
      h('p', { text: 'Copy the signing secret now: it is shown only this once. The receiver checks each '
        + 'delivery\'s webhook-signature header with it.' }),
      secretBox('Signing secret of ' + w.url, w.secret)));
    created.querySelector('input').focus();
    load();
  };

  panel.append(
    h('p', { class: 'lead', text: 'Keyward POSTs these events to your endpoints as signed JSON (Standard Webhooks), '
      + 'retries failed deliveries with a growing delay, and disables an endpoint that keeps failing.' }),
    h('section', { 'aria-labelledby': 'wh-list' }, h('h2', { id: 'wh-list', text: 'Endpoints' }), alert.el, list),
    h('section', { 'aria-labelledby': 'wh-new' }, h('h2', { id: 'wh-new', text: 'Add a webhook' }), created,
      createWebhookForm(projectId, onCreated)));
  load();
}
