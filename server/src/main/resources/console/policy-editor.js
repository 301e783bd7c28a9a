// The OTP policy editor. The daily guess chance is recomputed on every keystroke with the
// server's formula; saving still asks the server, whose per-field reasons appear by the fields.

import { call, projectPath } from './api.js';
import { alertRegion, clearFieldErrors, field, h, showFieldErrors, statusRegion } from './dom.js';
import { explain, FIELDS, isComplete } from './policy.js';

export function renderPolicy(panel, { projectId }) {
  const fields = FIELDS.map((spec) => field({ ...spec, type: spec.type || 'number', inputmode: 'numeric', step: 1,
    required: true }));
  const meter = chancePanel();
  const alert = alertRegion();
  const status = statusRegion();
  const save = h('button', { type: 'submit', text: 'Save policy' });
  const revert = h('button', { type: 'button', class: 'secondary', text: 'Undo changes' });
  const form = h('form', { class: 'policy', noValidate: true, 'aria-label': 'OTP policy' },
    h('div', { class: 'grid' }, fields.map((f) => f.wrapper)), alert.el,
    h('div', { class: 'actions' }, save, revert), status.el);
  panel.append(
    h('p', { class: 'lead', text: 'How reset codes look and how many guesses an attacker gets. Apps read the format from '
      + 'GET /api/auth/local/otp-policy, so a change needs no app update.' }),
    h('div', { class: 'policy-layout' }, form, meter.el));

  let stored = null;
  const values = () => Object.fromEntries(fields.map((f) => [f.name, f.name === 'alphabet' ? f.input.value
    : f.input.value.trim() === '' ? null : Number(f.input.value)]));
  const fill = (policy) => {
    stored = policy;
    fields.forEach((f) => { f.input.value = String(policy[f.name]); });
    meter.update(values());
  };
  ['input', 'change'].forEach((event) => form.addEventListener(event, () => meter.update(values())));
  revert.addEventListener('click', () => {
    fill(stored);
    clearFieldErrors(fields);
    alert.hide();
    status.say('Changes undone.');
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    alert.hide();
    status.say('');
    save.disabled = true;
    try {
      fill(await call('PUT', projectPath(projectId, '/otp-policy'), values()));
      clearFieldErrors(fields);
      status.say('Saved. Codes issued from now on follow this policy.');
    } catch (err) {
      const rest = showFieldErrors(fields, err.details);
      alert.show('The server refused the policy: ' + err.message, rest);
    } finally {
      save.disabled = false;
    }
  });
  fields.forEach((f) => { f.input.disabled = true; });
  call('GET', projectPath(projectId, '/otp-policy')).then((p) => {
    fields.forEach((f) => { f.input.disabled = false; });
    fill(p);
  }, (err) => alert.show('The policy could not be loaded: ' + err.message));
}

/** The live verdict: the number, whether the server would take it, and the arithmetic. */
function chancePanel() {
  const value = h('p', { class: 'chance-value' });
  const exponent = h('span', { class: 'exponent' });
  const verdict = h('p', { class: 'verdict', role: 'status' });
  const guesses = h('li');
  const codes = h('li');
  const arithmetic = h('details', {}, h('summary', { text: 'How this is computed' }),
    h('ul', { class: 'arithmetic' }, guesses, codes),
    h('p', { class: 'hint', text: 'min(daily budget, attempts × codes per hour × 24) ÷ alphabet^length, '
      + 'the server\'s own formula. It refuses anything above 1e-5.' }));
  // Open beside the form on a wide screen; folded on a phone, where the panel is stuck under the fields.
  const wide = matchMedia('(min-width: 761px)');
  arithmetic.open = wide.matches;
  const follow = () => {
    if (!arithmetic.isConnected) {
      wide.removeEventListener('change', follow);
      return;
    }
    arithmetic.open = wide.matches;
  };
  wide.addEventListener('change', follow);
  const el = h('section', { class: 'chance-panel', 'aria-labelledby': 'chance-title' },
    h('h2', { id: 'chance-title', text: 'Daily chance of guessing a code' }), value,
    h('p', { class: 'per' }, exponent, ' per address and day'), verdict, arithmetic);
  const say = (node, text) => {
    if (node.textContent !== text) {
      node.textContent = text;
    }
  };
  return {
    el,
    update(p) {
      if (!isComplete(p)) {
        el.classList.remove('weak');
        say(value, '—');
        say(exponent, '—');
        say(verdict, 'Fill in the length, alphabet, attempts, codes per hour and daily budget to see the chance.');
        say(guesses, '');
        say(codes, '');
        return;
      }
      const x = explain(p);
      el.classList.toggle('weak', x.weak);
      say(value, x.headline);
      say(exponent, x.exponent);
      say(verdict, x.verdict);
      say(guesses, x.guesses);
      say(codes, x.codes);
    },
  };
}
