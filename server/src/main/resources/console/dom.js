// Small DOM helpers. Everything is built with createElement and textContent: no HTML strings,
// so nothing the server returns can become markup (the CSP's trusted-types rule enforces it).

let seq = 0;

/** h('p', {class: 'x', on: {click: f}}, 'text', child) */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) {
      continue;
    }
    if (key === 'class') {
      el.className = value;
    } else if (key === 'text') {
      el.textContent = value;
    } else if (key === 'on') {
      Object.entries(value).forEach(([event, fn]) => el.addEventListener(event, fn));
    } else if (key in el && typeof el[key] !== 'function' && !key.startsWith('aria')) {
      el[key] = value;
    } else if (value !== false) {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) {
      el.append(c instanceof Node ? c : String(c));
    }
  }
}

export function uid(prefix) {
  seq += 1;
  return `${prefix}-${seq}`;
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * A labelled control with a hint and a slot for the server's reason, both tied to it by
 * aria-describedby, so a screen reader reads the reason when the field gets focus.
 */
export function field(spec) {
  const id = uid('f-' + spec.name.replace(/\W/g, '-'));
  const hintId = id + '-hint';
  const errorId = id + '-error';
  let input;
  if (spec.type === 'select') {
    input = h('select', { id, name: spec.name }, spec.options.map(([value, label]) => h('option', { value, text: label })));
  } else if (spec.type === 'textarea') {
    input = h('textarea', { id, name: spec.name, rows: spec.rows || 3, spellcheck: false });
  } else {
    input = h('input', {
      id, name: spec.name, type: spec.type || 'text', min: spec.min, max: spec.max, step: spec.step,
      required: spec.required, autocomplete: spec.autocomplete || 'off', inputMode: spec.inputmode,
      spellcheck: spec.type === 'text' ? false : undefined, placeholder: spec.placeholder,
    });
  }
  input.setAttribute('aria-describedby', (spec.hint ? hintId + ' ' : '') + errorId);
  const label = h('label', { htmlFor: id, text: spec.label });
  const hint = spec.hint ? h('p', { class: 'hint', id: hintId, text: spec.hint }) : null;
  const error = h('p', { class: 'field-error', id: errorId });
  const check = spec.type === 'checkbox';
  const wrapper = h('div', { class: check ? 'field check' : 'field', 'data-field': spec.name },
    check ? [input, label] : [label, input], hint, error);
  return { wrapper, input, error, name: spec.name };
}

/** Puts each reason next to its field; returns the reasons no field on the form owns. */
export function showFieldErrors(fields, details) {
  clearFieldErrors(fields);
  const rest = { ...details };
  for (const f of fields) {
    if (rest[f.name] !== undefined) {
      f.error.textContent = rest[f.name];
      f.input.setAttribute('aria-invalid', 'true');
      delete rest[f.name];
    }
  }
  const first = fields.find((f) => f.input.getAttribute('aria-invalid') === 'true');
  if (first) {
    first.input.focus();
  }
  return rest;
}

export function clearFieldErrors(fields) {
  for (const f of fields) {
    f.error.textContent = '';
    f.input.removeAttribute('aria-invalid');
  }
}

/** An error region that exists before it is filled, so screen readers announce the change. */
export function alertRegion() {
  const el = h('div', { class: 'alert', role: 'alert' });
  el.hidden = true;
  return {
    el,
    show(message, extra = {}) {
      const lines = Object.entries(extra).map(([k, v]) => h('li', {}, h('code', { text: k }), ': ' + v));
      clear(el, h('p', { text: message }), lines.length ? h('ul', {}, lines) : null);
      el.hidden = false;
    },
    hide() {
      clear(el);
      el.hidden = true;
    },
  };
}

export function statusRegion(kind = 'status') {
  const el = h('p', { class: kind, role: 'status' });
  return { el, say(text) { el.textContent = text; } };
}

/** A read-only secret with a copy button (the clipboard needs a secure context; else it is selected). */
export function secretBox(labelText, value) {
  const id = uid('secret');
  const input = h('input', { id, type: 'text', readOnly: true, value, class: 'secret', spellcheck: false });
  const status = statusRegion();
  const copy = h('button', { type: 'button', class: 'secondary', text: 'Copy', on: { click: async () => {
    try {
      await navigator.clipboard.writeText(value);
      status.say('Copied to the clipboard.');
    } catch {
      input.focus();
      input.select();
      status.say('Selected: press Ctrl+C (or ⌘C) to copy.');
    }
  } } });
  return h('div', { class: 'secret-box' }, h('label', { htmlFor: id, text: labelText }),
    h('div', { class: 'row' }, input, copy), status.el);
}

/** A modal question (focus stays inside, Escape cancels); resolves true only for the confirm button. */
export function confirmDialog({ title, body, confirm }) {
  return new Promise((resolve) => {
    const titleId = uid('dlg');
    const cancel = h('button', { type: 'button', class: 'secondary', text: 'Cancel', autofocus: true });
    const ok = h('button', { type: 'button', class: 'danger', text: confirm });
    const dialog = h('dialog', { 'aria-labelledby': titleId },
      h('h2', { id: titleId, text: title }), [].concat(body).map((t) => h('p', { text: t })),
      h('div', { class: 'actions' }, cancel, ok));
    const opener = document.activeElement;
    cancel.addEventListener('click', () => dialog.close('no'));
    ok.addEventListener('click', () => dialog.close('yes'));
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener && opener.isConnected) {
        opener.focus();
      }
      resolve(dialog.returnValue === 'yes');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

export function when(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}
