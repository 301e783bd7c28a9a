// Project settings: one form, saved with one PATCH of the fields that changed (so the server's
// reasons name what the admin touched). An emptied optional field is sent as null: "clear it".

import { call, projectPath } from './api.js';
import { alertRegion, clearFieldErrors, field, h, showFieldErrors, statusRegion } from './dom.js';

const GROUPS = [
  ['General', [
    { name: 'name', label: 'Project name', required: true, hint: 'At most 200 characters.' },
    { name: 'requireEmailVerification', label: 'Users must verify their email before signing in', type: 'checkbox' },
    { name: 'passwordMinLength', label: 'Minimum password length', type: 'number', min: 8, max: 64, step: 1,
      hint: '8 to 64 characters. Common passwords and the user\'s own address are always refused.' },
  ]],
  ['Sender of this project\'s mail', [
    { name: 'mailFromName', label: 'Sender name', hint: 'Empty: the server\'s default sender.' },
    { name: 'mailFromAddress', label: 'Sender address', type: 'email', hint: 'Empty: the server\'s default address.' },
  ]],
  ['Links in mails', [
    { name: 'verifyUrl', label: 'Email verification page', type: 'url', placeholder: 'https://app.example.com/verify',
      hint: 'Your page for verification links (it receives ?token= and ?projectId=). Empty: Keyward\'s own page.' },
    { name: 'resetUrl', label: 'Password reset page (Strapi profile)', type: 'url',
      placeholder: 'https://app.example.com/reset-password', hint: 'Where the Strapi reset mail links to, with ?code=.' },
  ]],
  ['Browser apps', [
    { name: 'allowedOrigins', label: 'Allowed origins, one per line', type: 'textarea', rows: 4,
      placeholder: 'https://app.example.com',
      hint: 'Exact scheme://host[:port], at most 20. Pages on these origins may call the public auth endpoints.' },
  ]],
  ['Sign-up', [
    { name: 'registrationMode', label: 'Sign-up with an address that has an account', type: 'select', options: [
      ['conflict', 'Answer 409 Conflict (as Mudbase does)'],
      ['quiet', 'Quiet: answer as for a new account and mail the owner instead']],
    hint: 'Quiet mode hides who has an account; it needs email verification.' },
  ]],
  ['Drop-in endpoints for other clients', [
    { name: 'compat.cargoExtra', label: 'Cargo Extra 3-step reset (/api/v1/user/…)', type: 'checkbox' },
    { name: 'compat.strapi', label: 'Strapi code reset (/auth/forgot-password, /auth/reset-password)', type: 'checkbox' },
  ]],
];
const OPTIONAL = ['mailFromName', 'mailFromAddress', 'verifyUrl', 'resetUrl'];

export function renderSettings(panel, { project, projectId, setProject }) {
  const fields = [];
  const sets = GROUPS.map(([legend, specs]) => h('fieldset', {}, h('legend', { text: legend }), specs.map((spec) => {
    const f = field(spec);
    fields.push(f);
    return f.wrapper;
  })));
  const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
  const alert = alertRegion();
  const status = statusRegion();
  const save = h('button', { type: 'submit', text: 'Save settings' });
  const form = h('form', { class: 'settings', noValidate: true, 'aria-label': 'Project settings' }, sets, alert.el,
    h('div', { class: 'actions' }, save), status.el);
  panel.append(form);

  const fill = (p) => {
    for (const f of fields) {
      const value = f.name.startsWith('compat.') ? p.compat[f.name.slice(7)] : p[f.name];
      if (f.input.type === 'checkbox') {
        f.input.checked = Boolean(value);
      } else if (f.name === 'allowedOrigins') {
        f.input.value = value.join('\n');
      } else {
        f.input.value = value === null || value === undefined ? '' : String(value);
      }
    }
  };
  const snapshot = (p) => {
    const out = { name: p.name, requireEmailVerification: p.requireEmailVerification,
      passwordMinLength: p.passwordMinLength, allowedOrigins: p.allowedOrigins, registrationMode: p.registrationMode,
      compat: { cargoExtra: p.compat.cargoExtra, strapi: p.compat.strapi } };
    OPTIONAL.forEach((name) => { out[name] = p[name] === undefined ? null : p[name]; });
    return out;
  };
  const body = () => {
    const v = (name) => byName[name].input.value.trim();
    const out = {
      name: v('name'),
      requireEmailVerification: byName.requireEmailVerification.input.checked,
      // Sent as typed: the server says why an empty or odd value is wrong.
      passwordMinLength: v('passwordMinLength') === '' ? '' : Number(v('passwordMinLength')),
      allowedOrigins: v('allowedOrigins').split(/\s*\n\s*/).filter((line) => line !== ''),
      registrationMode: v('registrationMode'),
      compat: { cargoExtra: byName['compat.cargoExtra'].input.checked, strapi: byName['compat.strapi'].input.checked },
    };
    OPTIONAL.forEach((name) => { out[name] = v(name) === '' ? null : v(name); });
    return out;
  };
  let before = snapshot(project);
  fill(project);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    alert.hide();
    status.say('');
    const changes = Object.fromEntries(Object.entries(body())
      .filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key])));
    if (Object.keys(changes).length === 0) {
      clearFieldErrors(fields);
      status.say('Nothing changed, so nothing was saved.');
      return;
    }
    save.disabled = true;
    try {
      const saved = await call('PATCH', projectPath(projectId), changes);
      before = snapshot(saved);
      fill(saved);
      setProject(saved);
      clearFieldErrors(fields);
      status.say('Saved.');
    } catch (err) {
      const rest = showFieldErrors(fields, err.details);
      alert.show('The settings were not saved: ' + err.message, rest);
    } finally {
      save.disabled = false;
    }
  });
}
