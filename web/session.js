// The signed-in fan: {user, token, refreshToken} from /v1/auth/login or /register, kept for the
// browser tab's life (sessionStorage) and announced to the page through a "session" event.

const kKey = 'starry.session';

export function session() {
  try {
    const value = JSON.parse(window.sessionStorage.getItem(kKey) || 'null');
    return value && value.token ? value : null;
  } catch {
    return null;
  }
}

export function storeSession(value) {
  window.sessionStorage.setItem(kKey, JSON.stringify(value));
  window.dispatchEvent(new Event('session'));
}

export function clearSession() {
  window.sessionStorage.removeItem(kKey);
  window.dispatchEvent(new Event('session'));
}
