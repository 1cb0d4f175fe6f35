// The first superuser of a new server: `#/setup?token=...` with the one-time setup token the
// server printed in its log at first start (it works only while the server has no superuser).
import {api} from '../api.js';
import {h} from '../ui.js';

export const title = 'Set up';

export async function show(root, ctx) {
  const token = h('input', {id: 'setup-token', type: 'text', autocomplete: 'off', spellcheck: 'false',
    value: ctx.route.params.token || '', 'aria-describedby': 'setup-token-hint'});
  const email = h('input', {id: 'setup-email', type: 'email', autocomplete: 'username', 'data-autofocus': true});
  const password = h('input', {id: 'setup-password', type: 'password', autocomplete: 'new-password', 'aria-describedby': 'setup-password-hint'});
  const name = h('input', {id: 'setup-name', type: 'text', autocomplete: 'name'});
  const error = h('p', {id: 'setup-error', class: 'form-error', role: 'alert'});
  const submit = h('button', {id: 'setup-submit', type: 'submit', text: 'Create the administrator'});

  const form = h('form', {class: 'card auth-card', novalidate: true, 'aria-labelledby': 'setup-title', onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const body = {token: token.value.trim(), email: email.value.trim(), password: password.value};
      if (name.value.trim()) body.name = name.value.trim();
      await api('/auth/setup', {method: 'POST', body});
      const reply = await api('/auth/login', {method: 'POST', body: {email: body.email, password: body.password}});
      ctx.signedIn(reply.user, {goTo: '#/admin'});
    } catch (e) {
      error.textContent = e.message;
      submit.disabled = false;
      form.setAttribute('aria-busy', 'false');
    }
  }},
  h('h1', {id: 'setup-title', class: 'page-title', tabindex: '-1', text: 'Set up MediaWhisperer'}),
  h('p', {class: 'muted', text: 'Create the first administrator (a superuser) of this server. This works once, while the server has none.'}),
  h('div', {class: 'field'}, h('label', {for: 'setup-token', text: 'Setup token'}), token,
    h('small', {class: 'hint', id: 'setup-token-hint', text: 'Printed in the server’s log at its first start.'})),
  h('div', {class: 'field'}, h('label', {for: 'setup-email', text: 'Email'}), email),
  h('div', {class: 'field'}, h('label', {for: 'setup-password', text: 'Password'}), password,
    h('small', {class: 'hint', id: 'setup-password-hint', text: 'At least 8 characters.'})),
  h('div', {class: 'field'}, h('label', {for: 'setup-name', text: 'Name (optional)'}), name),
  error,
  h('div', {class: 'actions'}, submit));

  root.append(h('div', {class: 'auth-page'}, form));
}
