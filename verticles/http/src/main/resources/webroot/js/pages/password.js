// Shown instead of every page while the signed-in user's password is one a superuser reset: the
// server refuses everything else (403 password_change_required) until it is changed.
import {h, heading} from '../ui.js';
import {passwordForm} from './account.js';

export const title = 'Choose a new password';

export async function show(root, ctx) {
  root.append(
    h('div', {class: 'auth-page'},
      h('section', {id: 'password-required', class: 'card auth-card', 'aria-labelledby': 'password-required-title'},
        Object.assign(heading('Choose a new password'), {id: 'password-required-title'}),
        h('p', {class: 'notice', text: 'An administrator reset your password. Choose a new one to continue: '
          + 'until then nothing else of your account can be opened.'}),
        passwordForm({signal: ctx.signal, forced: true, onChanged: () => ctx.passwordChanged()}))));
}
