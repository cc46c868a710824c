// A local stand-in for the Runtype API (shared/runtype-api.md), for tests and for trying rt-guard
// offline. It never claims to be Runtype: every answer carries `server: rt-guard-emulator`.
import { createServer } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { createStore, toApiKey, toDocumentedKey } from './store.mjs';
import { normalizeFaults, pickFault } from './faults.mjs';

const WWW_AUTHENTICATE = 'Bearer resource_metadata="http://localhost/.well-known/oauth-protected-resource", error="invalid_token"';
// Exactly Runtype's documented challenge (shared/runtype-api.md) for `shapes: 'documented'`.
const RUNTYPE_WWW_AUTHENTICATE = 'Bearer resource_metadata="https://api.runtype.com/.well-known/oauth-protected-resource"';
export const SHAPES = ['full', 'documented'];
const PERMISSION = /^(\*|[A-Z_]+(:[A-Z_*]+)*(:\*)?)$/;
const PERMISSION_GROUPS = [
  { key: 'flows', label: 'Flows', description: 'Read, write and run flows', permissions: ['FLOWS:*', 'FLOWS:READ', 'FLOWS:WRITE', 'FLOWS:EXECUTE'] },
  { key: 'records', label: 'Records', description: 'Read and write records', permissions: ['RECORDS:*', 'RECORDS:READ', 'RECORDS:WRITE'] },
  { key: 'api-keys', label: 'API keys', description: 'Manage API keys (emulator inference)', permissions: ['API_KEYS:READ', 'API_KEYS:DELETE'] },
  { key: 'admin', label: 'Everything', description: 'All permissions', permissions: ['*'] },
];

/** A session token shaped like a dashboard JWT (`eyJ…`); opaque to clients. */
function newSessionToken() {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'emulator', sid: randomUUID() })}.${randomBytes(16).toString('base64url')}`;
}

/**
 * Starts the emulator on 127.0.0.1. Returns `{ url, sessionToken, close(), setFaults(), mintKey(),
 * requestCount, ... }`. `statePath` persists keys (hashes only) across restarts.
 * `shapes`: 'full' (every field on every record, hard delete) or 'documented' (exactly the field
 * sets of Runtype's reference examples per endpoint, soft delete with isActive:false, searchHint a
 * human hint, keyPrefix only `rt_live_`, Runtype's own 401 challenge). Default: the
 * RT_GUARD_EMULATOR_SHAPES environment variable, else 'full'.
 * `authMeAcceptsKeys: false` makes `/v1/auth/me` answer 401 to API keys (sessions only), as
 * Runtype's docs leave open; `/v1/flows` then still tells live keys from dead ones.
 */
export async function startEmulator({
  port = 0,
  host = '127.0.0.1',
  statePath,
  faults,
  now = () => new Date(),
  sessionToken,
  shapes = process.env.RT_GUARD_EMULATOR_SHAPES || 'full',
  authMeAcceptsKeys = true,
} = {}) {
  if (!SHAPES.includes(shapes)) throw new Error(`shapes must be one of ${SHAPES.join(', ')}`);
  const documented = shapes === 'documented';
  const store = createStore({ statePath, now, documented });
  const view = (record, endpoint) => (documented ? toDocumentedKey(record, endpoint) : toApiKey(record));
  const unauthorized = () => ({
    status: 401,
    body: { error: 'Unauthorized' },
    headers: { 'www-authenticate': documented ? RUNTYPE_WWW_AUTHENTICATE : WWW_AUTHENTICATE },
  });
  const session = { token: sessionToken ?? newSessionToken(), id: `sess_${randomUUID()}` };
  let activeFaults = normalizeFaults(faults);
  // inFlight/maxInFlight: /v1 requests being answered at once (client concurrency limits are tested with it).
  const counters = { requests: 0, byRoute: {}, inFlight: 0, maxInFlight: 0 };
  const sockets = new Set();

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) send(res, 500, { error: `emulator bug: ${error.message}` });
    });
  });
  server.keepAliveTimeout = 10_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req, res) {
    const url = new URL(req.url, 'http://emulator');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const body = await readBody(req);

    if (path.startsWith('/__emulator/')) return control(req, res, method, path, body);
    if (path === '/' || path === '/health') {
      return send(res, 200, { name: 'rt-guard-emulator', note: 'A local test double of the Runtype API. Not Runtype.' });
    }
    counters.requests++;
    counters.inFlight++;
    counters.maxInFlight = Math.max(counters.maxInFlight, counters.inFlight);
    res.once('close', () => counters.inFlight--);
    const route = `${method} ${path.replace(/[0-9a-f-]{36}/, ':id')}`;
    counters.byRoute[route] = (counters.byRoute[route] ?? 0) + 1;

    if (activeFaults.latencyMs > 0) await new Promise((r) => setTimeout(r, activeFaults.latencyMs));
    const fault = pickFault(activeFaults, method, path);
    if (fault && !['drop-after', 'delay-after', 'only-plain-key', 'wrong-environment'].includes(fault.kind)) {
      switch (fault.kind) {
        case 'drop':
          return req.socket.destroy();
        case 'error':
          return send(res, fault.status ?? 503, { error: 'Injected server error' });
        case 'rate-limit':
          return send(res, 429, { error: 'Rate limit exceeded' }, { 'retry-after': String(fault.retryAfterSeconds ?? 1) });
        case 'malformed':
          res.writeHead(200, { 'content-type': 'application/json', server: 'rt-guard-emulator' });
          return res.end('{"this is": not json');
        case 'wrong-shape':
          return send(res, 200, { unexpected: true });
        case 'proxy401':
          // A corporate proxy or captive portal: 401, HTML, no WWW-Authenticate challenge.
          res.writeHead(401, { 'content-type': 'text/html', server: 'corporate-proxy' });
          return res.end('<html><body>Proxy authentication required</body></html>');
      }
    }
    // wrong-environment: the server mints the replacement in the other environment than asked.
    const asked =
      fault?.kind === 'wrong-environment' && body && typeof body === 'object' ? { ...body, environment: body.environment === 'test' ? 'live' : 'test' } : body;
    const answer = api(req, method, path, asked);
    if (fault?.kind === 'drop-after') return req.socket.destroy();
    // only-plain-key: the action happens, the answer carries the plain key and nothing else.
    if (fault?.kind === 'only-plain-key' && answer.body?.plainKey) return send(res, answer.status, { plainKey: answer.body.plainKey });
    if (fault?.kind === 'delay-after') await new Promise((r) => setTimeout(r, fault.ms ?? 30_000));
    return send(res, answer.status, answer.body, answer.headers);
  }

  function authenticate(req) {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer (\S+)$/.exec(header)?.[1];
    if (!token) return undefined;
    if (token === session.token) return { kind: 'session' };
    if (/^rt_(live|test)_/.test(token)) {
      const record = store.findByPlain(token);
      if (!record || !record.isActive) return undefined;
      if (record.expiresAt && Date.parse(record.expiresAt) <= now().getTime()) return undefined;
      store.touch(record);
      return { kind: 'key', record };
    }
    return undefined;
  }

  function api(req, method, path, body) {
    const who = authenticate(req);
    if (!who) return unauthorized();
    const state = store.state;
    const stamp = () => now().toISOString();

    if (path === '/v1/flows' && method === 'GET') {
      // Any valid key may ask; listing flows needs FLOWS:READ (403 otherwise), as a real API would.
      if (who.kind === 'key' && !who.record.permissions.some((p) => p === '*' || p.startsWith('FLOWS:'))) {
        return { status: 403, body: { error: 'Missing permission FLOWS:READ', code: 'INSUFFICIENT_PERMISSIONS' } };
      }
      return ok({ data: [], pagination: { limit: 1, hasMore: false } });
    }
    if (path === '/v1/auth/me' && method === 'GET') {
      if (who.kind === 'key' && !authMeAcceptsKeys) return unauthorized();
      return ok({
        userId: state.userId,
        hasOrganization: true,
        orgId: state.orgId,
        orgRole: 'owner',
        orgSlug: state.orgSlug,
        sessionId: who.kind === 'session' ? session.id : null,
      });
    }
    const keyRoute = /^\/v1\/api-keys(?:\/([^/]+))?(?:\/(regenerate|analytics))?$/.exec(path);
    if (!keyRoute) return { status: 404, body: { error: `No route ${method} ${path}` } };
    let [, id, action] = keyRoute;
    if (id === 'options' || id === 'analytics') {
      if (method !== 'GET' || action) return notFound(method, path);
      const denied = mayRead(who);
      if (denied) return denied;
      if (id === 'options') {
        return ok({
          permissionGroups: PERMISSION_GROUPS,
          permissionScopes: ['organization'],
          rateLimits: { defaultPerHour: 1000, defaultPerDay: 10000, maxPerHour: 10000, maxPerDay: 100000 },
        });
      }
      const nowMs = now().getTime();
      return ok({
        analytics: {
          totalKeys: state.keys.length,
          activeKeys: state.keys.filter((k) => k.isActive).length,
          expiredKeys: state.keys.filter((k) => k.expiresAt && Date.parse(k.expiresAt) <= nowMs).length,
          keyBreakdown: state.keys.map(({ id: kid, name, keyPrefix, lastUsedAt, isActive }) => ({ id: kid, name, keyPrefix, lastUsedAt, isActive })),
        },
        timestamp: stamp(),
      });
    }

    if (!id) {
      if (method === 'GET') {
        const denied = mayRead(who);
        if (denied) return denied;
        return ok({ apiKeys: state.keys.map((k) => view(k, 'list')), total: state.keys.length, timestamp: stamp() });
      }
      if (method === 'POST') {
        const denied = needsSession(who);
        if (denied) return denied;
        const invalid = validateKeyInput(body, { requireName: true });
        if (invalid) return invalid;
        const { record, plainKey } = store.mint({
          name: body.name,
          permissions: body.permissions ?? ['FLOWS:READ', 'RECORDS:READ'],
          environment: body.environment === 'test' ? 'test' : 'live',
          expiresAt: body.expiresAt ?? null,
          allowedIps: body.allowedIps ?? [],
        });
        return { status: 201, body: { apiKey: view(record, 'create'), plainKey, warning: 'Store this key now: it will not be shown again.' } };
      }
      return notFound(method, path);
    }

    const record = store.get(id);
    if (action === 'regenerate') {
      if (method !== 'POST') return notFound(method, path);
      const denied = needsSession(who);
      if (denied) return denied;
      if (!record || (documented && !record.isActive)) return keyNotFound();
      const plainKey = store.regenerate(record);
      return ok({ apiKey: view(record, 'regenerate'), plainKey, warning: 'The previous key value no longer works. Store this key now.' });
    }
    if (action === 'analytics') {
      if (method !== 'GET') return notFound(method, path);
      const denied = mayRead(who);
      if (denied) return denied;
      if (!record) return keyNotFound();
      return ok({ analytics: { lastUsedAt: record.lastUsedAt }, timestamp: stamp() });
    }
    if (method === 'GET') {
      const denied = mayRead(who);
      if (denied) return denied;
      return record ? ok({ apiKey: view(record, 'get'), timestamp: stamp() }) : keyNotFound();
    }
    if (method === 'PUT') {
      const denied = needsSession(who);
      if (denied) return denied;
      if (!record) return keyNotFound();
      const invalid = validateKeyInput(body, { requireName: false });
      if (invalid) return invalid;
      for (const field of ['name', 'permissions', 'isActive', 'expiresAt', 'allowedIps']) {
        if (body[field] !== undefined) record[field] = body[field];
      }
      record.updatedAt = stamp();
      store.changed();
      return ok({ apiKey: view(record, 'update'), timestamp: stamp() });
    }
    if (method === 'DELETE') {
      const denied = mayDelete(who);
      if (denied) return denied;
      if (!record) return keyNotFound();
      if (documented) {
        // Soft delete: the record stays listed with isActive: false [doc example: keyBreakdown].
        if (!record.isActive) return keyNotFound();
        record.isActive = false;
        record.updatedAt = stamp();
        store.changed();
      } else {
        store.remove(id);
      }
      return ok({ success: true, message: 'API key revoked' });
    }
    return notFound(method, path);
  }

  async function control(req, res, method, path, body) {
    if (req.headers.authorization !== `Bearer ${session.token}`) return send(res, 401, { error: 'control endpoints need the session token' });
    if (path === '/__emulator/faults' && method === 'POST') {
      try {
        activeFaults = normalizeFaults(body ?? {});
      } catch (error) {
        return send(res, 400, { error: error.message });
      }
      return send(res, 200, { ok: true });
    }
    if (path === '/__emulator/stats' && method === 'GET') return send(res, 200, { ...counters, keys: store.state.keys.length });
    return send(res, 404, { error: 'unknown control endpoint' });
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const url = `http://${host}:${address.port}`;

  return {
    url,
    port: address.port,
    sessionToken: session.token,
    shapes,
    /** Replaces the fault settings (see faults.mjs). */
    setFaults(next) {
      activeFaults = normalizeFaults(next);
    },
    /** Mints a key without HTTP (for tests and benchmarks). Returns `{ record, plainKey }`. */
    mintKey(options) {
      return store.mint({ name: 'Emulator key', ...options });
    },
    /** Current records (hashes removed). */
    keys() {
      return store.state.keys.map(toApiKey);
    },
    /** True when `plain` authenticates (active, not expired). Does not count as a request. */
    isLive(plain) {
      const record = store.findByPlain(plain);
      return Boolean(record && record.isActive && !(record.expiresAt && Date.parse(record.expiresAt) <= now().getTime()));
    },
    get requestCount() {
      return counters.requests;
    },
    get stats() {
      return counters;
    },
    resetStats() {
      counters.requests = 0;
      counters.byRoute = {};
      counters.maxInFlight = counters.inFlight;
    },
    async close() {
      store.flush();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function ok(body) {
  return { status: 200, body };
}
function notFound(method, path) {
  return { status: 404, body: { error: `No route ${method} ${path}` } };
}
function keyNotFound() {
  return { status: 404, body: { error: 'API key not found', code: 'API_KEY_NOT_FOUND' } };
}

// Create, update and regenerate "cannot be called via another API key" [staging].
function needsSession(who) {
  if (who.kind === 'session') return undefined;
  if (who.record.isTestKey) {
    return {
      status: 403,
      body: { error: 'Test keys cannot manage API keys', code: 'TEST_KEY_PERMISSION_DENIED', upgradeUrl: 'http://localhost/emulator/upgrade' },
    };
  }
  return { status: 403, body: { error: 'This endpoint cannot be called via another API key', code: 'SESSION_REQUIRED' } };
}
// [proposal] Listing/getting/deleting keys with an API key depends on its permissions.
function hasPermission(who, wanted) {
  return who.record.permissions.some((p) => p === '*' || p === 'API_KEYS:*' || p === wanted);
}
function mayRead(who) {
  if (who.kind === 'session' || hasPermission(who, 'API_KEYS:READ')) return undefined;
  return forbidden(who, 'API_KEYS:READ');
}
function mayDelete(who) {
  if (who.kind === 'session' || hasPermission(who, 'API_KEYS:DELETE')) return undefined;
  return forbidden(who, 'API_KEYS:DELETE');
}
function forbidden(who, permission) {
  if (who.record.isTestKey)
    return {
      status: 403,
      body: { error: 'Test keys cannot manage API keys', code: 'TEST_KEY_PERMISSION_DENIED', upgradeUrl: 'http://localhost/emulator/upgrade' },
    };
  return { status: 403, body: { error: `Missing permission ${permission}`, code: 'INSUFFICIENT_PERMISSIONS' } };
}

function validateKeyInput(body, { requireName }) {
  const details = [];
  if (typeof body !== 'object' || body === null) return { status: 400, body: { error: 'Body must be a JSON object' } };
  if (requireName || body.name !== undefined) {
    if (typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 255)
      details.push({ path: 'name', message: 'name must be 1-255 characters' });
  }
  if (body.permissions !== undefined && (!Array.isArray(body.permissions) || !body.permissions.every((p) => typeof p === 'string' && PERMISSION.test(p)))) {
    details.push({ path: 'permissions', message: 'permissions must be RESOURCE:ACTION strings' });
  }
  if (body.allowedIps !== undefined && (!Array.isArray(body.allowedIps) || !body.allowedIps.every((ip) => typeof ip === 'string'))) {
    details.push({ path: 'allowedIps', message: 'allowedIps must be strings' });
  }
  if (body.expiresAt !== undefined && body.expiresAt !== null && Number.isNaN(Date.parse(body.expiresAt))) {
    details.push({ path: 'expiresAt', message: 'expiresAt must be an ISO date' });
  }
  if (body.isActive !== undefined && typeof body.isActive !== 'boolean') details.push({ path: 'isActive', message: 'isActive must be a boolean' });
  return details.length ? { status: 400, body: { error: 'Validation failed', details } } : undefined;
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}

function send(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), server: 'rt-guard-emulator', ...headers });
  res.end(text);
}
