// Mail: the project's own SMTP server (with a test send), its templates per kind and locale with
// a rendered preview, and the mails that could not be delivered (dead letters), with a retry.

import { h } from './dom.js';
import { smtpSection } from './mail-smtp.js';
import { templateSection } from './mail-templates.js';
import { deadLetterSection } from './mail-dead-letters.js';

export function renderMail(panel, { projectId }) {
  panel.append(
    h('p', { class: 'lead', text: 'Without an SMTP server of its own the project\'s mail goes through the server '
      + 'default. Templates replace Keyward\'s built-in wording for one kind of mail in one locale.' }),
    h('section', { 'aria-labelledby': 'mail-smtp' }, h('h2', { id: 'mail-smtp', text: 'SMTP server' }),
      smtpSection(projectId)),
    h('section', { 'aria-labelledby': 'mail-templates' }, h('h2', { id: 'mail-templates', text: 'Templates' }),
      templateSection(projectId)),
    h('section', { 'aria-labelledby': 'mail-dead' }, h('h2', { id: 'mail-dead', text: 'Dead letters' }),
      deadLetterSection(projectId)));
}
