// Sign in, or create an account (then sign in with it).
import {api} from '../api.js';
import {h} from '../ui.js';

export const title = 'Sign in';

export async function show(root, ctx) {
  const email = h('input', {id: 'auth-email', type: 'email', name: 'email', autocomplete: 'username', 'data-autofocus': true});
  const password = h('input', {id: 'auth-password', type: 'password', name: 'password', autocomplete: 'current-password',
    'aria-describedby': 'auth-password-hint'});
  const name = h('input', {id: 'auth-name', type: 'text', name: 'name', autocomplete: 'name'});
  const error = h('p', {id: 'auth-error', class: 'form-error', role: 'alert'});
  const login = h('button', {id: 'auth-login', type: 'submit', text: 'Sign in'});
  const register = h('button', {id: 'auth-register', type: 'button', class: 'secondary', text: 'Create account'});

  const busy = (on) => {
    login.disabled = on;
    register.disabled = on;
    form.setAttribute('aria-busy', String(on));
  };

  async function signIn() {
    const reply = await api('/auth/login', {method: 'POST', body: {email: email.value.trim(), password: password.value}});
    ctx.signedIn(reply.user);
  }

  async function run(action) {
    error.textContent = '';
    busy(true);
    try {
      await action();
    } catch (e) {
      error.textContent = e.message;
      busy(false);
    }
  }

  const form = h('form', {class: 'card auth-card', novalidate: true, 'aria-labelledby': 'auth-title',
    onsubmit: (event) => {
      event.preventDefault();
      run(signIn);
    }},
  h('h1', {id: 'auth-title', class: 'page-title', tabindex: '-1', text: 'Sign in to MediaWhisperer'}),
  h('p', {class: 'muted', text: 'Your PDFs, transcripts and chat logs, searchable and ready to talk to.'}),
  h('div', {class: 'field'}, h('label', {for: 'auth-email', text: 'Email'}), email),
  h('div', {class: 'field'}, h('label', {for: 'auth-password', text: 'Password'}), password,
    h('small', {class: 'hint', id: 'auth-password-hint', text: 'At least 8 characters.'})),
  h('div', {class: 'field'}, h('label', {for: 'auth-name', text: 'Name (optional, for a new account)'}), name),
  error,
  h('div', {class: 'actions'}, login, register));

  register.addEventListener('click', () => run(async () => {
    const body = {email: email.value.trim(), password: password.value};
    if (name.value.trim()) body.name = name.value.trim();
    await api('/auth/register', {method: 'POST', body});
    await signIn();
  }));

  root.append(h('div', {class: 'auth-page'}, form));
  try {
    const notice = sessionStorage.getItem('mw.notice');
    if (notice) {
      sessionStorage.removeItem('mw.notice');
      error.textContent = notice;
    }
  } catch {
    // storage off: nothing to show
  }
}
