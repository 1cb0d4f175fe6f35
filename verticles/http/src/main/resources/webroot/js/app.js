// The shell: who is signed in, the navigation, and which page module shows the current route.
// Pages are loaded on demand (dynamic import), so the first paint needs only this, ui, api,
// router, ws and the page itself.
import {api, onUnauthorized, onPasswordChangeRequired} from './api.js';
import * as live from './ws.js';
import * as router from './router.js';
import {h, clear, showError} from './ui.js';

const PAGES = {
  signin: () => import('./pages/signin.js'),
  register: () => import('./pages/signin.js'),
  setup: () => import('./pages/setup.js'),
  password: () => import('./pages/password.js'),
  library: () => import('./pages/library.js'),
  sources: () => import('./pages/source.js'),
  chat: () => import('./pages/chat.js'),
  search: () => import('./pages/search.js'),
  generate: () => import('./pages/generate.js'),
  audiobooks: () => import('./pages/audiobooks.js'),
  admin: () => import('./pages/admin.js'),
  account: () => import('./pages/account.js'),
};

// Remembered (not secret) so a visitor who never signed in gets the sign-in page without a 401
// from /auth/me in the console; the session itself is the HttpOnly cookie.
const HINT = 'mw.signedIn';
/** Why the last session ended, shown once on the sign-in page after the reload. */
const NOTICE = 'mw.notice';

/** Pages for visitors who are not signed in; a signed-in user is sent to the library instead. */
const PUBLIC = new Set(['signin', 'register', 'setup']);

const state = {user: null, showing: 0, leave: [], controller: null, returnTo: null};
const app = document.getElementById('app');

function hint(value) {
  try {
    if (value) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch {
    // storage may be off; then every visit asks /auth/me
  }
}

function hinted() {
  try {
    return localStorage.getItem(HINT) === '1';
  } catch {
    return true;
  }
}

function shell(user) {
  const header = document.getElementById('shell');
  header.hidden = !user;
  document.getElementById('whoami').textContent = user ? user.email : '';
  // a reset password is changed before anything else: no way round the form
  document.getElementById('nav-list').closest('nav').hidden = Boolean(user?.mustChangePassword);
  document.getElementById('nav-admin')?.closest('li')?.remove();
  if (user && user.isSuperuser) {
    document.getElementById('nav-list').append(h('li', null, h('a', {id: 'nav-admin', href: '#/admin', text: 'Admin'})));
  }
}

function markNav(page) {
  const target = page === 'sources' ? 'library' : page;
  for (const link of document.querySelectorAll('#nav-list a')) {
    if (link.id === 'nav-' + target) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function leavePage() {
  state.controller?.abort();
  for (const fn of state.leave.splice(0)) {
    try {
      fn();
    } catch (error) {
      showError(error);
    }
  }
}

async function show(route) {
  const token = ++state.showing;
  let name = route.parts[0] || (state.user ? 'library' : 'signin');
  if (!state.user && !PUBLIC.has(name)) {
    state.returnTo = location.hash ? location.hash : null;
    name = 'signin';
  } else if (state.user && PUBLIC.has(name)) {
    router.replace('/library');
    name = 'library';
  }
  if (state.user?.mustChangePassword) {
    // the address stays: once the password is changed, the page asked for is shown
    name = 'password';
  }
  leavePage();
  markNav(name);
  const load = PAGES[name];
  const controller = new AbortController();
  state.controller = controller;
  const ctx = {
    route,
    user: state.user,
    signal: controller.signal,
    onLeave: (fn) => state.leave.push(fn),
    signedIn,
    signedOut,
    passwordChanged,
  };
  if (!load) {
    clear(app).append(h('h1', {tabindex: '-1', class: 'page-title', text: 'Page not found'}),
      h('p', null, 'There is no page at this address. ', h('a', {href: '#/library', text: 'Go to your library'}), '.'));
    focusPage();
    return;
  }
  let module;
  try {
    module = await load();
  } catch (error) {
    showError(new Error('This page could not be loaded: ' + error.message));
    return;
  }
  if (token !== state.showing) return;
  clear(app);
  document.title = (module.title || 'MediaWhisperer') + ' · MediaWhisperer';
  const rendering = module.show(app, ctx);
  focusPage();
  try {
    await rendering;
  } catch (error) {
    if (token === state.showing) showError(error);
  }
}

function focusPage() {
  const target = app.querySelector('[data-autofocus]') || app.querySelector('h1');
  target?.focus({preventScroll: false});
}

function signedIn(user, {goTo} = {}) {
  state.user = user;
  hint(true);
  shell(user);
  live.start();
  const next = goTo || state.returnTo || '#/library';
  state.returnTo = null;
  if (location.hash === next) show(router.current());
  else location.hash = next;
}

/** The reset password was replaced: the app opens up again, at the page that was asked for. */
function passwordChanged() {
  if (!state.user) return;
  state.user = {...state.user, mustChangePassword: false};
  shell(state.user);
  show(router.current());
}

/** A request was refused until the password is changed: show only the form that changes it. */
function passwordChangeRequired() {
  if (!state.user || state.user.mustChangePassword) return;
  state.user = {...state.user, mustChangePassword: true};
  shell(state.user);
  show(router.current());
}

/**
 * Back to the sign-in page with nothing of the last user left in memory: the page is loaded
 * again (module state such as an open PDF goes with it). `message` says why, on that page.
 */
function signedOut(message) {
  state.user = null;
  hint(false);
  live.stop();
  shell(null);
  try {
    if (message) sessionStorage.setItem(NOTICE, message);
  } catch {
    // without storage the reason is not shown; the sign-in page still is
  }
  // replaceState fires no hashchange: a sign-in page rendered before the reload would take the notice with it
  history.replaceState(null, '', location.pathname + '#/signin');
  location.reload();
}

async function signOut() {
  const button = document.getElementById('sign-out');
  button.disabled = true;
  live.stop();
  try {
    await api('/auth/logout', {method: 'POST'});
  } catch (error) {
    if (error.status !== 401) showError(error);
  } finally {
    button.disabled = false;
    signedOut();
  }
}

function liveStatus(connected) {
  const dot = document.getElementById('live-status');
  const text = connected ? 'Live updates: connected' : 'Live updates: reconnecting';
  dot.classList.toggle('on', connected);
  dot.title = text;
  document.getElementById('live-status-text').textContent = text;
}

async function boot() {
  document.getElementById('sign-out').addEventListener('click', signOut);
  document.getElementById('skip-link').addEventListener('click', () => app.focus());
  live.on('status', liveStatus);
  const ended = () => { if (state.user) signedOut('Your session has ended. Please sign in again.'); };
  live.on('unauthorized', ended);
  onUnauthorized(ended);
  onPasswordChangeRequired(passwordChangeRequired);
  if (hinted()) {
    try {
      const me = await api('/auth/me');
      state.user = me.user;
      shell(me.user);
      live.start();
    } catch (error) {
      hint(false);
      if (error.status !== 401) showError(error);
    }
  }
  router.listen(show);
}

boot();
