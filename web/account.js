// Signing in and registering (POST /v1/auth/login, /v1/auth/register), and the header's
// account status. A service without the accounts endpoints gets a friendly message.

import {post, isMissingEndpoint} from './api.js';
import {session, storeSession, clearSession} from './session.js';
import {h, clear, announce} from './dom.js';

export function renderAccountStatus(container, navigate) {
  const draw = () => {
    clear(container);
    const current = session();
    if (current) {
      const name = current.user?.firstName || current.user?.email || 'you';
      container.append(`Signed in as ${name} `, h('button', {type: 'button', class: 'link', onclick: () => {
        post('/v1/auth/logout', {refreshToken: current.refreshToken});
        clearSession();
        announce('Signed out');
      }}, 'Sign out'));
    } else {
      container.append(h('a', {href: '/bookings', 'data-link': true, onclick: (e) => {
        e.preventDefault();
        navigate('/bookings');
      }}, 'Sign in'));
    }
  };
  window.addEventListener('session', draw);
  draw();
}

function field(id, label, attrs) {
  return h('div', {class: 'form-row'}, h('label', {for: id}, label), h('input', {id, name: id, required: true, ...attrs}));
}

// The sign-in / register form; onSignedIn() runs once a session is stored.
export function authForm({onSignedIn, idPrefix = 'auth'}) {
  let mode = 'login';
  const box = h('section', {class: 'panel', 'aria-labelledby': `${idPrefix}-title`});
  const draw = () => {
    clear(box);
    const message = h('p', {class: 'error-text', role: 'alert', id: `${idPrefix}-error`});
    const registering = mode === 'register';
    const form = h('form', {novalidate: false, onsubmit: async (e) => {
      e.preventDefault();
      const values = Object.fromEntries(new FormData(form).entries());
      const body = {email: values[`${idPrefix}-email`], password: values[`${idPrefix}-password`]};
      if (registering) {
        body.firstName = values[`${idPrefix}-first`];
        body.lastName = values[`${idPrefix}-last`];
      }
      submit.disabled = true;
      const r = await post(registering ? '/v1/auth/register' : '/v1/auth/login', body);
      submit.disabled = false;
      if (r.ok && r.data?.token) {
        storeSession(r.data);
        announce('Signed in');
        onSignedIn?.();
        return;
      }
      message.textContent = isMissingEndpoint(r) ? 'Accounts are not available on this server yet.'
          : r.status === 409 ? 'An account with this email already exists: sign in instead.'
          : r.error?.message || 'That did not work; please try again.';
    }},
    registering ? field(`${idPrefix}-first`, 'First name', {autocomplete: 'given-name'}) : null,
    registering ? field(`${idPrefix}-last`, 'Last name', {autocomplete: 'family-name'}) : null,
    field(`${idPrefix}-email`, 'Email', {type: 'email', autocomplete: 'email'}),
    field(`${idPrefix}-password`, 'Password', {type: 'password', minlength: registering ? 8 : 1,
      autocomplete: registering ? 'new-password' : 'current-password',
      'aria-describedby': registering ? `${idPrefix}-password-hint` : null}),
    registering ? h('p', {class: 'muted', id: `${idPrefix}-password-hint`}, 'At least 8 characters, mixing letters with digits or symbols.') : null,
    message);
    const submit = h('button', {type: 'submit'}, registering ? 'Create account' : 'Sign in');
    form.append(submit);
    box.append(h('h2', {id: `${idPrefix}-title`}, registering ? 'Create an account' : 'Sign in to book'), form,
        h('p', {}, registering ? 'Already have an account? ' : 'New to StarryMeet? ',
            h('button', {type: 'button', class: 'link', onclick: () => {
              mode = registering ? 'login' : 'register';
              draw();
              box.querySelector('input')?.focus();
            }}, registering ? 'Sign in' : 'Create an account')));
  };
  draw();
  return box;
}
