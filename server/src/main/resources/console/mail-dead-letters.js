// Mails that could not be delivered after every attempt, newest first, each with a Retry button
// that queues it again; the server says why when it cannot (a code that expired, for example).

import { call, projectPath } from './api.js';
import { alertRegion, clear, h, when } from './dom.js';
import { cell } from './projects.js';

const LIMIT = 50;
const HEAD = ['Kind', 'Recipient', 'Attempts', 'Last error', 'Queued', 'Last attempt', 'Retry'];

export function deadLetterSection(projectId) {
  const alert = alertRegion();
  const results = h('div', { class: 'dead-letter-results' }, h('p', { class: 'muted', text: 'Loading…' }));
  const reload = h('button', { type: 'button', class: 'secondary', text: 'Reload dead letters' });
  const load = async () => {
    alert.hide();
    try {
      const page = await call('GET', projectPath(projectId, '/mail/dead-letters?limit=' + LIMIT));
      clear(results, page.deadLetters.length ? table(projectId, page.deadLetters)
        : h('p', { class: 'muted', text: 'No dead letters: every mail was delivered or is still being tried.' }));
    } catch (err) {
      clear(results);
      alert.show('The dead letters could not be loaded: ' + err.message);
    }
  };
  reload.addEventListener('click', load);
  load();
  return h('div', { class: 'dead-letters' }, alert.el, results, h('div', { class: 'actions' }, reload));
}

function table(projectId, letters) {
  const rows = letters.map((d) => h('tr', {},
    cell(HEAD[0], h('code', { text: d.kind })),
    cell(HEAD[1], d.recipient),
    cell(HEAD[2], String(d.attempts)),
    cell(HEAD[3], d.lastError || dash()),
    cell(HEAD[4], h('time', { dateTime: d.createdAt, text: when(d.createdAt) })),
    cell(HEAD[5], d.lastAttemptAt ? h('time', { dateTime: d.lastAttemptAt, text: when(d.lastAttemptAt) }) : dash()),
    cell(HEAD[6], retry(projectId, d))));
  return h('table', { class: 'stack dead-letter-table' },
    h('caption', { text: 'Undelivered mail, newest first (the latest ' + LIMIT + ')' }),
    h('thead', {}, h('tr', {}, HEAD.map((t) => h('th', { scope: 'col', text: t })))), h('tbody', {}, rows));
}

function retry(projectId, d) {
  const button = h('button', { type: 'button', class: 'secondary', text: 'Retry',
    'aria-label': 'Retry the ' + d.kind + ' mail to ' + d.recipient });
  const done = h('p', { class: 'status', role: 'status' });
  const error = h('p', { class: 'field-error', role: 'alert' });
  if (!d.retryable && d.notRetryableBecause) {
    done.textContent = 'Cannot be sent again: ' + d.notRetryableBecause;
  }
  button.addEventListener('click', async () => {
    button.disabled = true;
    error.textContent = '';
    done.textContent = '';
    try {
      const r = await call('POST', projectPath(projectId, '/mail/dead-letters/' + encodeURIComponent(d.id) + '/retry'));
      done.textContent = 'Queued again as mail ' + r.retriedAs + '.';
    } catch (err) {
      error.textContent = (err.status === 409 ? '' : 'Not retried: ') + err.message;
      button.disabled = false;
    }
  });
  return [button, done, error];
}

function dash() {
  return h('span', { class: 'muted', text: '—' });
}
