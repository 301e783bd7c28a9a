// The admin API as the console calls it. The key or token lives in sessionStorage only (gone
// when the tab closes, never a cookie, so no other site can make the browser send it), travels
// as a header, and is dropped on sign-out and on any 401.

const STORE = 'keyward.console.session';
export const OPERATOR = 'operator';
export const TENANT = 'tenant';
export const SIGNED_OUT = 'keyward:signed-out';
export const KEY_ROTATED = 'keyward:key-rotated';

/** Project admin keys start with kwk_; anything else is taken as the operator token. */
export function kindOf(secret) {
  return secret.trim().startsWith('kwk_') ? TENANT : OPERATOR;
}

export const session = {
  load() {
    try {
      const s = JSON.parse(sessionStorage.getItem(STORE) || 'null');
      return s && (s.kind === OPERATOR || s.kind === TENANT) && typeof s.secret === 'string' ? s : null;
    } catch {
      return null;
    }
  },
  save(s) {
    sessionStorage.setItem(STORE, JSON.stringify({ kind: s.kind, secret: s.secret, projectId: s.projectId || null }));
  },
  clear() {
    sessionStorage.removeItem(STORE);
  },
};

/** An answer other than 2xx: the server's error body, with its per-field details. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `The server answered ${status}`);
    this.status = status;
    this.code = body && body.code;
    this.details = (body && body.details) || {};
    this.requestId = body && body.requestId;
  }
}

function headersFor(credentials, hasBody) {
  const h = { Accept: 'application/json' };
  if (credentials.kind === OPERATOR) {
    h.Authorization = 'Bearer ' + credentials.secret;
  } else {
    h['X-API-Key'] = credentials.secret;
  }
  if (hasBody) {
    h['Content-Type'] = 'application/json';
  }
  return h;
}

async function send(credentials, method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: headersFor(credentials, body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiError(0, { error: 'The server could not be reached; check your connection and try again.' });
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, json);
  }
  return json;
}

/** Tries credentials without keeping them: sign-in stores nothing until the server said yes. */
export function probe(credentials, path) {
  return send(credentials, 'GET', path);
}

/** A call with the signed-in credentials; a 401 ends the session everywhere in the page. */
export async function call(method, path, body) {
  const credentials = session.load();
  if (!credentials) {
    window.dispatchEvent(new CustomEvent(SIGNED_OUT, { detail: { reason: 'Signed out.' } }));
    throw new ApiError(401, { error: 'Signed out' });
  }
  try {
    return await send(credentials, method, path, body);
  } catch (e) {
    // Parallel calls may all be refused: the first one that finds the session ends it, once.
    if (e.status === 401 && session.load()) {
      session.clear();
      window.dispatchEvent(new CustomEvent(SIGNED_OUT, {
        detail: { reason: 'The server no longer accepts this key or token (' + e.message + '). Sign in again.' },
      }));
    }
    throw e;
  }
}

export const projectPath = (id, rest = '') => '/api/admin/projects/' + encodeURIComponent(id) + rest;
