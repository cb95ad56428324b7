// Calls to the service's /v1 API. Never throws: every call resolves to
// {ok, status, data, error}, and a network failure is {ok:false, status:0, error}.

import {session, storeSession, clearSession} from './session.js';

const kUnreachable = {code: 'UNAVAILABLE', message: 'The service cannot be reached. Check your connection and try again.'};

async function raw(method, path, body, token) {
  const headers = {Accept: 'application/json'};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  } catch {
    return {ok: false, status: 0, error: kUnreachable};
  }
  let json = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  if (response.ok && json && json.success) return {ok: true, status: response.status, data: json.data};
  const error = (json && json.error) || {code: 'ERROR', message: `The service answered ${response.status}.`};
  return {ok: false, status: response.status, error};
}

// An endpoint this build of the service does not have yet (the server's "no route" 404), as
// opposed to a 404 for a thing that does not exist.
export function isMissingEndpoint(result) {
  return !result.ok && result.status === 404 && /^no route/.test(result.error?.message || '');
}

export function get(path) {
  return raw('GET', path);
}

// With the signed-in user's token; one refresh and retry when the access token has expired.
export async function authed(method, path, body) {
  const current = session();
  if (!current) return {ok: false, status: 401, error: {code: 'UNAUTHENTICATED', message: 'Please sign in first.'}};
  let result = await raw(method, path, body, current.token);
  if (result.status === 401 && current.refreshToken) {
    const refreshed = await raw('POST', '/v1/auth/refresh', {refreshToken: current.refreshToken});
    if (refreshed.ok && refreshed.data?.token) {
      storeSession({...current, ...refreshed.data});
      result = await raw(method, path, body, refreshed.data.token);
    } else {
      clearSession();
    }
  }
  return result;
}

export function post(path, body) {
  return raw('POST', path, body);
}

// A query string from [name, value] pairs, repeated names kept (category=a&category=b).
export function queryString(pairs) {
  const params = new URLSearchParams();
  for (const [name, value] of pairs) {
    if (value !== undefined && value !== null && value !== '') params.append(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
