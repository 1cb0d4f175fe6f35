// The HTTP API as the pages use it: JSON in and out with the session cookie, errors as ApiError
// carrying the server's {"error": {"code", "message"}}, uploads with progress, and answers
// streamed as server-sent events.

const BASE = '/api/v1';

/** A failed request: the HTTP status and the server's error code and message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

const unauthorizedListeners = new Set();

/** Called with the error whenever a request answers 401 (the session ended or expired). */
export function onUnauthorized(listener) {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const passwordChangeListeners = new Set();

/** Called with the error whenever a request answers 403 password_change_required (a superuser reset the password). */
export function onPasswordChangeRequired(listener) {
  passwordChangeListeners.add(listener);
  return () => passwordChangeListeners.delete(listener);
}

// a wrong password is a 401 too, but it is the sign-in form's business, not a lost session
const NOT_A_SESSION = ['/auth/login', '/auth/register', '/auth/me', '/auth/setup', '/auth/password'];

function failed(status, body, path) {
  const error = body && body.error && typeof body.error.message === 'string'
    ? new ApiError(status, body.error.code || 'error', body.error.message)
    : new ApiError(status, 'http_' + status, `The server answered ${status}.`);
  if (status === 401 && !NOT_A_SESSION.includes(path)) {
    unauthorizedListeners.forEach((listener) => listener(error));
  }
  if (status === 403 && error.code === 'password_change_required') {
    passwordChangeListeners.forEach((listener) => listener(error));
  }
  return error;
}

function networkError() {
  return new ApiError(0, 'network_error', 'The server cannot be reached. Check that it is running and try again.');
}

/** '/sources' + {kind: 'pdf', tag: ''} -> '/api/v1/sources?kind=pdf' (empty values left out). */
export function url(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') params.append(key, String(value));
  }
  const text = params.toString();
  return BASE + path + (text ? '?' + text : '');
}

async function readJson(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function send(path, {method = 'GET', body, query, signal, accept = 'application/json'} = {}) {
  const headers = {Accept: accept};
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  try {
    return await fetch(url(path, query), {method, headers, body: payload, credentials: 'same-origin', signal});
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw networkError();
  }
}

/** A JSON request; resolves to the parsed body (null for 204), rejects with ApiError. */
export async function api(path, options = {}) {
  const response = await send(path, options);
  const data = await readJson(response);
  if (!response.ok) throw failed(response.status, data, path);
  return data;
}

/** Every item of a paged list ({items, nextCursor}), following cursors up to `max` items. */
export async function all(path, {query = {}, signal, max = 1000} = {}) {
  const items = [];
  let cursor = null;
  do {
    const page = await api(path, {query: {...query, limit: 200, cursor}, signal});
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

/** The bytes of a file the API serves (e.g. a PDF), as a Uint8Array. */
export async function bytes(path, {signal} = {}) {
  const response = await send(path, {signal, accept: '*/*'});
  if (!response.ok) throw failed(response.status, await readJson(response), path);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Uploads one file to POST /api/v1/sources (or `path`) as multipart `file` (+ fields), reporting
 * progress (0..1) as it is sent. Resolves to {status, data}; rejects with ApiError. `signal` aborts it.
 */
export function upload(file, {fields = {}, onProgress, signal, path = '/sources'} = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) {
      if (value) form.append(key, value);
    }
    form.append('file', file, file.name);
    xhr.open('POST', BASE + path);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.withCredentials = true;
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      let data = null;
      try { data = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { data = null; }
      if (xhr.status >= 200 && xhr.status < 300) resolve({status: xhr.status, data});
      else reject(failed(xhr.status, data, path));
    });
    xhr.addEventListener('error', () => reject(networkError()));
    xhr.addEventListener('abort', () => reject(new DOMException('The upload was cancelled.', 'AbortError')));
    if (signal) signal.addEventListener('abort', () => xhr.abort(), {once: true});
    xhr.send(form);
  });
}

/**
 * Asks a question in a conversation with `Accept: text/event-stream`: each `delta` event's text
 * goes to onDelta as it arrives; resolves to the `done` event's {userMessage, message}; an `error`
 * event (or an error status before the stream began) rejects with ApiError.
 */
export async function askStreaming(conversationId, content, {onDelta, signal} = {}) {
  const path = `/conversations/${encodeURIComponent(conversationId)}/messages`;
  const response = await send(path, {method: 'POST', body: {content}, signal, accept: 'text/event-stream'});
  const type = response.headers.get('content-type') || '';
  if (!response.ok || !type.startsWith('text/event-stream')) {
    const data = await readJson(response);
    if (!response.ok) throw failed(response.status, data, path);
    if (data && data.message) onDelta?.(data.message.content || '');
    return data;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let done = null;
  for (;;) {
    const {value, done: ended} = await reader.read();
    if (value) buffer += value.replace(/\r\n?/g, '\n');
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const event = parseEvent(buffer.slice(0, cut));
      buffer = buffer.slice(cut + 2);
      if (!event) continue;
      if (event.name === 'delta') onDelta?.(event.data.text || '');
      else if (event.name === 'done') done = event.data;
      else if (event.name === 'error') throw failed(500, event.data, path);
    }
    if (ended) break;
  }
  if (!done) throw new ApiError(0, 'stream_cut', 'The answer stopped before it was finished; reload the conversation to see what was stored.');
  return done;
}

function parseEvent(block) {
  let name = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (!data.length) return null;
  try {
    return {name, data: JSON.parse(data.join('\n'))};
  } catch {
    return null;
  }
}
