// The live connection: one WebSocket to /api/v1/ws (the session cookie authenticates it), kept
// open with reconnects (1 s, 2 s, 4 s ... at most 30 s). Pages subscribe to frame types:
// 'job', 'source', 'delta', 'done', 'error', 'ready', plus 'status' (connected or not) and
// 'resync' (a reconnect: frames may have been missed, so lists should be read again).

const listeners = new Map();
let socket = null;
let wanted = false;
let attempts = 0;
let retryTimer = 0;
let everReady = false;
let connected = false;

function emit(type, payload) {
  for (const listener of listeners.get(type) || []) {
    try {
      listener(payload);
    } catch (error) {
      // a page's bug must not stop other pages' updates; show it without failing the socket
      setTimeout(() => { throw error; });
    }
  }
}

/** Subscribes to one frame type; returns the function that unsubscribes. */
export function on(type, listener) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(listener);
  return () => listeners.get(type)?.delete(listener);
}

export function isConnected() {
  return connected;
}

/** Opens the socket (once signed in) and keeps it open until stop(). */
export function start() {
  wanted = true;
  if (!socket) open();
}

/** Closes the socket for good (signing out), without reconnecting. */
export function stop() {
  wanted = false;
  everReady = false;
  clearTimeout(retryTimer);
  if (socket) {
    const closing = socket;
    socket = null;
    closing.close(1000, 'signed out');
  }
  setConnected(false);
}

/** Sends a frame; false when the socket is not open. */
export function send(frame) {
  if (!socket || socket.readyState !== WebSocket.OPEN) return false;
  socket.send(JSON.stringify(frame));
  return true;
}

function setConnected(value) {
  if (connected !== value) {
    connected = value;
    emit('status', value);
  }
}

function open() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocket(`${scheme}://${location.host}/api/v1/ws`);
  socket = ws;
  ws.addEventListener('message', (event) => {
    let frame;
    try {
      frame = JSON.parse(event.data);
    } catch {
      return;
    }
    if (!frame || typeof frame.type !== 'string') return;
    if (frame.type === 'ready') {
      attempts = 0;
      setConnected(true);
      if (everReady) emit('resync', frame);
      everReady = true;
    }
    emit(frame.type, frame);
  });
  ws.addEventListener('close', (event) => {
    if (socket !== ws) return;
    socket = null;
    setConnected(false);
    if (event.code === 4401) {
      // the session is over (signed out elsewhere, or expired): no point reconnecting
      wanted = false;
      emit('unauthorized', event);
      return;
    }
    if (wanted) {
      const delay = Math.min(30000, 1000 * 2 ** attempts);
      attempts++;
      retryTimer = setTimeout(() => { if (wanted && !socket) open(); }, delay);
    }
  });
}
