// Sign in, or create an account (then sign in with it). `#/register?invitation=TOKEN` (the link a
// superuser's invitation gives) opens the same form set for creating an account, the invitation
// filled in: a server in registration-mode invite asks for one.
import {api} from '../api.js';
import {h} from '../ui.js';

export const title = 'Sign in';

export async function show(root, ctx) {
  const registering = ctx.route.parts[0] === 'register';
  document.title = (registering ? 'Create an account' : 'Sign in') + ' · MediaWhisperer';
  const email = h('input', {id: 'auth-email', type: 'email', name: 'email', autocomplete: 'username', 'data-autofocus': true});
  const password = h('input', {id: 'auth-password', type: 'password', name: 'password',
    autocomplete: registering ? 'new-password' : 'current-password', 'aria-describedby': 'auth-password-hint'});
  const name = h('input', {id: 'auth-name', type: 'text', name: 'name', autocomplete: 'name'});
  const invitation = h('input', {id: 'auth-invitation', type: 'text', name: 'invitation', autocomplete: 'off', spellcheck: 'false',
    value: ctx.route.params.invitation || '', 'aria-describedby': 'auth-invitation-hint'});
  const error = h('p', {id: 'auth-error', class: 'form-error', role: 'alert'});
  const login = h('button', {id: 'auth-login', type: registering ? 'button' : 'submit', class: registering ? 'secondary' : null, text: 'Sign in'});
  const register = h('button', {id: 'auth-register', type: registering ? 'submit' : 'button', class: registering ? null : 'secondary',
    text: 'Create account'});

  const busy = (on) => {
    login.disabled = on;
    register.disabled = on;
    form.setAttribute('aria-busy', String(on));
  };

  async function signIn() {
    const reply = await api('/auth/login', {method: 'POST', body: {email: email.value.trim(), password: password.value}});
    ctx.signedIn(reply.user);
  }

  async function createAccount() {
    const body = {email: email.value.trim(), password: password.value};
    if (name.value.trim()) body.name = name.value.trim();
    if (registering && invitation.value.trim()) body.invitation = invitation.value.trim();
    await api('/auth/register', {method: 'POST', body});
    await signIn();
  }

  async function run(action) {
    error.textContent = '';
    busy(true);
    try {
      await action();
    } catch (e) {
      error.textContent = sentence(e.message);
      busy(false);
    }
  }

  const form = h('form', {class: 'card auth-card', novalidate: true, 'aria-labelledby': 'auth-title',
    onsubmit: (event) => {
      event.preventDefault();
      run(registering ? createAccount : signIn);
    }},
  h('h1', {id: 'auth-title', class: 'page-title', tabindex: '-1', text: registering ? 'Create your MediaWhisperer account' : 'Sign in to MediaWhisperer'}),
  h('p', {class: 'muted', text: 'Your PDFs, transcripts and chat logs, searchable and ready to talk to.'}),
  h('div', {class: 'field'}, h('label', {for: 'auth-email', text: 'Email'}), email),
  h('div', {class: 'field'}, h('label', {for: 'auth-password', text: 'Password'}), password,
    h('small', {class: 'hint', id: 'auth-password-hint', text: 'At least 8 characters.'})),
  h('div', {class: 'field'}, h('label', {for: 'auth-name', text: registering ? 'Name (optional)' : 'Name (optional, for a new account)'}), name),
  registering ? h('div', {class: 'field'}, h('label', {for: 'auth-invitation', text: 'Invitation'}), invitation,
    h('small', {class: 'hint', id: 'auth-invitation-hint',
      text: 'Filled in from the invitation link an administrator sent you. Leave it empty if this server lets anyone register.'})) : null,
  error,
  h('div', {class: 'actions'}, registering ? [register, login] : [login, register]),
  registering
    ? h('p', {class: 'muted small-text'}, 'Already have an account? Enter its email and password and choose Sign in.')
    : h('p', {class: 'muted small-text'}, 'Invited? Open the link you were sent, or ', h('a', {href: '#/register', id: 'auth-to-register', text: 'enter the invitation'}), '.'));

  register.addEventListener('click', (event) => {
    if (registering) return; // the form's submit
    event.preventDefault();
    run(createAccount);
  });
  login.addEventListener('click', (event) => {
    if (!registering) return;
    event.preventDefault();
    run(signIn);
  });

  root.append(h('div', {class: 'auth-page'}, form));
  // what this server's registration-mode allows: no "Create account" where nobody may register
  api('/auth/registration').then((registration) => {
    form.dataset.registration = registration.mode;
    if (registration.mode === 'closed') {
      register.hidden = true;
      form.querySelectorAll('#auth-to-register').forEach((link) => link.closest('p').hidden = true);
    }
  }).catch(() => { /* the buttons stay: the server's own answer says what is refused */ });
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

/** The server's messages are lower-case clauses ("this account is deactivated; ask an administrator"). */
function sentence(message) {
  const text = String(message || '');
  return text ? text[0].toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.') : text;
}
