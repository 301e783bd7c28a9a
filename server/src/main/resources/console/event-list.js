// Audit events as a table (stacked as cards on a narrow screen), with their types in words.

import { h, when } from './dom.js';
import { cell } from './projects.js';

/** Every type the server writes (openapi.yaml lists them), with what it means to an admin. */
export const EVENT_TYPES = {
  'reset.requested': 'Password reset requested',
  'reset.code_sent': 'Reset code mailed',
  'reset.code_failed': 'Reset code failed (wrong code, or a mail attempt failed)',
  'reset.code_locked': 'Reset code locked (attempts spent)',
  'reset.locked': 'Resets locked for the day (daily budget spent)',
  'reset.code_verified': 'Reset code verified',
  'reset.completed': 'Password reset completed',
  'login.succeeded': 'Signed in',
  'login.failed': 'Sign-in failed',
  'login.throttled': 'Sign-in throttled',
  'user.registered': 'User signed up',
  'user.signup_attempted': 'Sign-up with an existing address (quiet mode)',
  'user.created': 'User created by an admin',
  'user.deleted': 'User deleted',
  'verification.requested': 'Verification mail requested',
  'email.verified': 'Email verified',
  'mail.sent': 'Mail sent',
  'mail.expired': 'Mail expired before sending',
  'mail.dead': 'Mail undeliverable',
  'policy.changed': 'OTP policy changed',
  'project.created': 'Project created',
  'project.updated': 'Settings changed',
  'admin_key.rotated': 'Admin key rotated',
  'webhook.created': 'Webhook added',
  'webhook.updated': 'Webhook changed',
  'webhook.deleted': 'Webhook deleted',
  'webhook.secret_rotated': 'Webhook secret rotated',
  'webhook.tested': 'Webhook test event sent',
  'webhook.disabled': 'Webhook disabled after failing deliveries',
};

export function describeType(type) {
  return EVENT_TYPES[type] || type;
}

const HEAD = ['When', 'Event', 'User ID', 'By', 'IP address', 'Detail'];

export function eventTable(events, caption) {
  const rows = events.map((e) => h('tr', {},
    cell(HEAD[0], h('time', { dateTime: e.createdAt, text: when(e.createdAt) })),
    cell(HEAD[1], [h('span', { text: describeType(e.type) }), h('br'), h('code', { class: 'type', text: e.type })]),
    cell(HEAD[2], e.userId ? h('code', { text: e.userId }) : dash()),
    cell(HEAD[3], e.actor || dash()),
    cell(HEAD[4], e.ip || dash()),
    cell(HEAD[5], e.detail || dash())));
  return h('table', { class: 'stack events' }, caption ? h('caption', { text: caption }) : null,
    h('thead', {}, h('tr', {}, HEAD.map((t) => h('th', { scope: 'col', text: t })))), h('tbody', {}, rows));
}

function dash() {
  return h('span', { class: 'muted', text: '—' });
}
