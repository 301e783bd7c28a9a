// Templates per kind and locale: load one (the project's own or Keyward's built-in wording), edit
// its subject, text and HTML, preview the draft rendered with sample values, save it or go back to
// the built-in wording. The rendered HTML is shown as its source in a <pre>: never parsed as markup.

import { call, projectPath } from './api.js';
import { alertRegion, clear, clearFieldErrors, confirmDialog, field, h, showFieldErrors, statusRegion, when } from './dom.js';

const KINDS = [
  ['reset_code', 'Password reset code (reset_code)'],
  ['verify_email', 'Email verification link (verify_email)'],
  ['password_changed', 'Password changed notice (password_changed)'],
  ['signup_attempt', 'Sign-up with an existing address (signup_attempt)'],
];
const PLACEHOLDERS = 'Placeholders: {{code}}, {{link}}, {{projectName}}, {{email}}, {{firstName}}, {{ttlMinutes}}. '
  + 'A reset code mail must contain {{code}}, a verification mail {{link}}.';

export function templateSection(projectId) {
  const kind = field({ name: 'kind', label: 'Kind of mail', type: 'select', options: KINDS });
  const locale = field({ name: 'locale', label: 'Locale', required: true, hint: 'A language tag such as en, de or pt-BR.' });
  locale.input.value = 'en';
  const pick = [kind, locale];
  const subject = field({ name: 'subject', label: 'Subject', type: 'text' });
  const text = field({ name: 'text', label: 'Plain text body', type: 'textarea', rows: 8, hint: PLACEHOLDERS });
  const html = field({ name: 'html', label: 'HTML body', type: 'textarea', rows: 8,
    hint: 'Values are escaped; {{{name}}} and {{&name}} are refused.' });
  const parts = [subject, text, html];
  const alert = alertRegion();
  const status = statusRegion('status template-status');
  const origin = h('p', { class: 'template-origin muted' });
  const preview = h('div', { class: 'template-preview', 'aria-live': 'polite' });
  const loadButton = h('button', { type: 'submit', text: 'Load template' });
  const previewButton = h('button', { type: 'button', class: 'secondary', text: 'Preview' });
  const saveButton = h('button', { type: 'button', text: 'Save template' });
  const resetButton = h('button', { type: 'button', class: 'secondary', text: 'Reset to built-in…' });
  const editor = h('div', { class: 'template-editor' }, origin, parts.map((f) => f.wrapper),
    h('div', { class: 'actions' }, previewButton, saveButton, resetButton));
  editor.hidden = true;
  const form = h('form', { class: 'card', noValidate: true, 'aria-label': 'Templates' },
    h('div', { class: 'row template-pick' }, kind.wrapper, locale.wrapper),
    h('div', { class: 'actions' }, loadButton), editor, alert.el, status.el, preview);

  let loaded = null;
  const path = (rest = '') => projectPath(projectId, '/templates/' + encodeURIComponent(loaded.kind) + '/'
    + encodeURIComponent(loaded.locale) + rest);
  const draft = () => ({ subject: subject.input.value, text: text.input.value, html: html.input.value });
  const fill = (t) => {
    subject.input.value = t.subject || '';
    text.input.value = t.text || '';
    html.input.value = t.html || '';
    origin.textContent = t.custom ? 'This project\'s own template, saved ' + when(t.updatedAt) + '.'
      : 'Keyward\'s built-in wording: saving makes it this project\'s own.';
    resetButton.hidden = !t.custom;
  };
  const failed = (what, err) => alert.show(what + err.message, showFieldErrors([...pick, ...parts], err.details));
  const busy = async (button, fn) => {
    alert.hide();
    status.say('');
    button.disabled = true;
    try {
      await fn();
    } finally {
      button.disabled = false;
    }
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(loadButton, async () => {
      clear(preview);
      const wanted = { kind: kind.input.value, locale: locale.input.value.trim() };
      try {
        const t = await call('GET', projectPath(projectId, '/templates/' + encodeURIComponent(wanted.kind) + '/'
          + encodeURIComponent(wanted.locale)));
        loaded = { kind: t.kind, locale: t.locale };
        clearFieldErrors([...pick, ...parts]);
        fill(t);
        editor.hidden = false;
        subject.input.focus();
      } catch (err) {
        if (err.status === 404) {
          // No built-in wording in this locale: start from empty fields.
          loaded = wanted;
          clearFieldErrors([...pick, ...parts]);
          fill({ custom: false });
          origin.textContent = err.message + '. Write this locale\'s template below.';
          editor.hidden = false;
          subject.input.focus();
        } else {
          failed('The template could not be loaded: ', err);
        }
      }
    });
  });
  previewButton.addEventListener('click', () => busy(previewButton, async () => {
    try {
      const r = await call('POST', path('/preview'), draft());
      clearFieldErrors(parts);
      clear(preview, h('h3', { text: 'Preview with sample values' }), h('dl', {},
        h('dt', { text: 'Subject' }), h('dd', {}, h('p', { class: 'preview-subject', text: r.subject })),
        h('dt', { text: 'Plain text' }), h('dd', {}, h('pre', { class: 'preview-text', text: r.text })),
        h('dt', { text: 'HTML (its source, as the mail carries it)' }),
        h('dd', {}, h('pre', { class: 'preview-html', text: r.html }))));
    } catch (err) {
      clear(preview);
      failed('The preview failed: ', err);
    }
  }));
  saveButton.addEventListener('click', () => busy(saveButton, async () => {
    try {
      fill(await call('PUT', path(), draft()));
      clearFieldErrors(parts);
      status.say('Saved: ' + loaded.kind + ' mails in ' + loaded.locale + ' use this template now.');
    } catch (err) {
      failed('The template was not saved: ', err);
    }
  }));
  resetButton.addEventListener('click', () => busy(resetButton, async () => {
    const yes = await confirmDialog({ title: 'Reset to the built-in wording?',
      body: ['This project\'s own ' + loaded.kind + ' template in ' + loaded.locale + ' is deleted.'],
      confirm: 'Reset to built-in' });
    if (!yes) {
      return;
    }
    try {
      await call('DELETE', path());
      clear(preview);
      status.say('Deleted: this locale uses the built-in wording again. Load it to see it.');
      editor.hidden = true;
    } catch (err) {
      failed('The template was not reset: ', err);
    }
  }));
  return form;
}
