// Key rotation. The old key stops working at once, so a project admin is signed out and handed
// the new key (shown once); an operator stays signed in and sees the new key here.

import { call, KEY_ROTATED, projectPath } from './api.js';
import { alertRegion, clear, confirmDialog, h, secretBox } from './dom.js';

export function renderAdminKey(panel, { project, projectId, operator }) {
  const alert = alertRegion();
  const result = h('div', { class: 'rotated' });
  const rotate = h('button', { type: 'button', class: 'danger', text: 'Rotate the admin key…' });
  panel.append(h('section', { class: 'card', 'aria-labelledby': 'key-title' },
    h('h2', { id: 'key-title', text: 'Rotate the admin key' }),
    h('p', { text: 'Rotate when the key may have leaked or someone who knew it left. The server keeps only a hash, so '
      + 'a lost key cannot be shown again: rotating is also how you replace it.' }),
    h('p', { text: operator
      ? 'The current key stops working at once; scripts that use it fail until they get the new one.'
      : 'The current key stops working at once, including in this console: you are signed out and shown the new key '
        + 'once, to copy before signing in again.' }),
    alert.el, h('div', { class: 'actions' }, rotate), result));

  rotate.addEventListener('click', async () => {
    alert.hide();
    const sure = await confirmDialog({
      title: 'Rotate the admin key of “' + project.name + '”?',
      body: ['The current key stops working immediately. Anything that uses it must be given the new key.'],
      confirm: 'Rotate key',
    });
    if (!sure) {
      return;
    }
    rotate.disabled = true;
    try {
      const { adminKey } = await call('POST', projectPath(projectId, '/admin-key'));
      if (!operator) {
        window.dispatchEvent(new CustomEvent(KEY_ROTATED, { detail: { adminKey, projectId } }));
        return;
      }
      clear(result, h('div', { class: 'notice', role: 'status' },
        h('p', { text: 'The key was rotated. Copy the new key now: it is shown only this once.' }),
        secretBox('New admin key', adminKey)));
      result.querySelector('input').focus();
    } catch (err) {
      alert.show('The key was not rotated: ' + err.message);
    } finally {
      rotate.disabled = false;
    }
  });
}
