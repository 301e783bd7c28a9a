// The audit log, newest first, filtered by type and paged backwards with the server's nextBefore.

import { call, projectPath } from './api.js';
import { alertRegion, clear, field, h, statusRegion } from './dom.js';
import { EVENT_TYPES, eventTable } from './event-list.js';

const PAGE = 50;

export function renderEvents(panel, { projectId }) {
  const type = field({ name: 'type', label: 'Event type', type: 'select',
    options: [['', 'All types'], ...Object.entries(EVENT_TYPES).map(([t, label]) => [t, label])] });
  const alert = alertRegion();
  const status = statusRegion('page-info');
  const results = h('div', { class: 'event-results', tabIndex: -1, 'aria-label': 'Events' });
  const newest = h('button', { type: 'button', class: 'secondary', text: 'Newest' });
  const older = h('button', { type: 'button', class: 'secondary', text: 'Older events' });
  const form = h('form', { class: 'card inline-form', noValidate: true, 'aria-label': 'Filter events' },
    h('div', { class: 'row' }, type.wrapper, h('button', { type: 'submit', text: 'Show' })));
  panel.append(
    h('p', { class: 'lead', text: 'Everything that happened in this project, newest first. The log never holds a code, '
      + 'a token, a password, or the address of an unknown account (that is a keyed hash).' }),
    form, alert.el, status.el, results, h('div', { class: 'actions pager' }, newest, older));

  let pages = [];
  const load = async (before) => {
    alert.hide();
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (type.input.value) {
      query.set('type', type.input.value);
    }
    if (before) {
      query.set('before', String(before));
    }
    try {
      const page = await call('GET', projectPath(projectId, '/events?' + query));
      pages = before ? [...pages, page] : [page];
      const from = (pages.length - 1) * PAGE + 1;
      clear(results, page.events.length ? eventTable(page.events)
        : h('p', { class: 'muted', text: before ? 'No older events.' : 'No events of this type yet.' }));
      status.say(page.events.length ? `Showing events ${from} to ${from + page.events.length - 1}`
        + (page.nextBefore ? '; there are older ones.' : '; these are the oldest.') : '');
      older.hidden = !page.nextBefore;
      newest.hidden = pages.length < 2;
    } catch (err) {
      alert.show('The events could not be loaded: ' + err.message);
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load(null);
  });
  // The pressed button may vanish with the new page: continue reading at the page's start.
  older.addEventListener('click', () => load(pages[pages.length - 1].nextBefore).then(() => results.focus()));
  newest.addEventListener('click', () => load(null).then(() => results.focus()));
  older.hidden = true;
  newest.hidden = true;
  load(null);
}
