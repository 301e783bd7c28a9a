// The first page of a project: its code policy in one sentence, then who reset a password and
// what failed lately, straight from the audit log.

import { call, projectPath } from './api.js';
import { alertRegion, clear, h } from './dom.js';
import { eventTable } from './event-list.js';
import { explain } from './policy.js';

const FAILURES = ['reset.code_failed', 'reset.code_locked', 'reset.locked', 'login.throttled', 'mail.dead'];
const SHOWN = 10;

export function renderOverview(panel, { project, projectId }) {
  const p = project.otpPolicy;
  const verdict = explain(p);
  const resets = h('div', {}, h('p', { class: 'muted', text: 'Loading…' }));
  const failures = h('div', {}, h('p', { class: 'muted', text: 'Loading…' }));
  const alert = alertRegion();
  panel.append(
    h('div', { class: 'summary' },
      h('section', { class: 'card', 'aria-labelledby': 'ov-codes' },
        h('h2', { id: 'ov-codes', text: 'Reset codes' }),
        h('p', { text: `${p.length} ${p.alphabet} symbols, valid ${minutes(p.ttlSeconds)}, ${p.maxAttempts} attempts each, `
          + `at most ${p.maxSendsPerHour} an hour and ${p.maxFailuresPerDay} wrong guesses a day per address.` }),
        h('p', { class: verdict.weak ? 'chance weak' : 'chance' },
          'Daily chance of guessing a code: ', h('strong', { text: verdict.headline }), ` (${verdict.exponent})`),
        h('p', {}, h('a', { href: `#/p/${projectId}/policy`, text: 'Change the OTP policy' }))),
      h('section', { class: 'card', 'aria-labelledby': 'ov-access' },
        h('h2', { id: 'ov-access', text: 'Sign-up and browser apps' }),
        h('ul', { class: 'facts' },
          h('li', { text: project.requireEmailVerification ? 'Users verify their email before signing in.'
            : 'Users can sign in without verifying their email.' }),
          h('li', { text: project.registrationMode === 'quiet'
            ? 'Quiet sign-up: an existing address gets the same answer as a new one.'
            : 'Sign-up with an existing address answers 409 Conflict.' }),
          h('li', { text: `Passwords of at least ${project.passwordMinLength} characters.` }),
          h('li', { text: project.allowedOrigins.length
            ? `Browser apps allowed from ${project.allowedOrigins.length} origin(s).` : 'No browser origins allowed.' })),
        h('p', {}, h('a', { href: `#/p/${projectId}/settings`, text: 'Change the settings' })))),
    alert.el,
    h('section', { 'aria-labelledby': 'ov-resets' }, h('h2', { id: 'ov-resets', text: 'Recent password resets' }), resets),
    h('section', { 'aria-labelledby': 'ov-failures' },
      h('h2', { id: 'ov-failures', text: 'Recent failures' }),
      h('p', { class: 'hint', text: 'Wrong and locked reset codes, throttled sign-ins and undeliverable mail.' }), failures));
  load(projectId, resets, failures, alert);
}

async function load(projectId, resets, failures, alert) {
  const page = (type) => call('GET', projectPath(projectId, `/events?type=${type}&limit=${SHOWN}`));
  try {
    const [done, ...failed] = await Promise.all([page('reset.completed'), ...FAILURES.map(page)]);
    show(resets, done.events, 'No password was reset yet.');
    const merged = failed.flatMap((f) => f.events).sort((a, b) => b.id - a.id).slice(0, SHOWN);
    show(failures, merged, 'Nothing failed lately.');
  } catch (err) {
    clear(resets);
    clear(failures);
    alert.show('The audit log could not be loaded: ' + err.message);
  }
}

function show(container, events, empty) {
  clear(container, events.length ? eventTable(events) : h('p', { class: 'muted', text: empty }));
}

function minutes(seconds) {
  return seconds % 60 === 0 ? `${seconds / 60} minute${seconds === 60 ? '' : 's'}` : `${seconds} seconds`;
}
