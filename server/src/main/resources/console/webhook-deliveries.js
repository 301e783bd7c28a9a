// An endpoint's deliveries, newest first: what was sent, how often, what the receiver answered,
// and when the next attempt is due. After a test event the table follows it until it is settled.

import { call, projectPath } from './api.js';
import { alertRegion, clear, h, when } from './dom.js';
import { cell } from './projects.js';

const LIMIT = 20;
const HEAD = ['Event', 'Status', 'Attempts', 'Last answer', 'Duration', 'Next attempt', 'Queued'];
const STATUS = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed (gave up)' };

export function deliveriesView(projectId, webhookId) {
  const alert = alertRegion();
  const table = h('div', { class: 'delivery-results' });
  const el = h('div', { class: 'deliveries' }, alert.el, table);
  el.hidden = true;
  const path = projectPath(projectId, '/webhooks/' + encodeURIComponent(webhookId) + '/deliveries?limit=' + LIMIT);

  const load = async () => {
    el.hidden = false;
    alert.hide();
    try {
      const page = await call('GET', path);
      clear(table, page.deliveries.length ? deliveryTable(page.deliveries)
        : h('p', { class: 'muted', text: 'Nothing was sent to this endpoint yet.' }));
      return page.deliveries;
    } catch (err) {
      alert.show('The deliveries could not be loaded: ' + err.message);
      return [];
    }
  };

  /** Reloads about once a second (at most 15 times) until the delivery is no longer pending. */
  const follow = async (deliveryId) => {
    for (let i = 0; i < 15 && el.isConnected; i++) {
      const shown = await load();
      const d = shown.find((x) => x.id === deliveryId);
      if (!d || d.status !== 'pending') {
        return d;
      }
      await new Promise((resolve) => { setTimeout(resolve, 1000); });
    }
    return null;
  };
  return { el, load, follow };
}

function deliveryTable(deliveries) {
  const rows = deliveries.map((d) => h('tr', { class: 'delivery-' + d.status },
    cell(HEAD[0], h('code', { text: d.eventType })),
    cell(HEAD[1], [h('span', { class: 'state', text: STATUS[d.status] || d.status }),
      d.lastError ? [h('br'), h('span', { class: 'muted', text: d.lastError })] : null]),
    cell(HEAD[2], String(d.attempts)),
    cell(HEAD[3], d.lastStatusCode ? 'HTTP ' + d.lastStatusCode : dash()),
    cell(HEAD[4], d.lastDurationMs === null || d.lastDurationMs === undefined ? dash() : d.lastDurationMs + ' ms'),
    cell(HEAD[5], d.nextAttemptAt ? h('time', { dateTime: d.nextAttemptAt, text: when(d.nextAttemptAt) }) : dash()),
    cell(HEAD[6], h('time', { dateTime: d.createdAt, text: when(d.createdAt) }))));
  return h('table', { class: 'stack deliveries-table' },
    h('caption', { text: 'Deliveries, newest first (the latest ' + LIMIT + ')' }),
    h('thead', {}, h('tr', {}, HEAD.map((t) => h('th', { scope: 'col', text: t })))), h('tbody', {}, rows));
}

function dash() {
  return h('span', { class: 'muted', text: '—' });
}
