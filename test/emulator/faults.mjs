// Fault injection for the emulator. Rates apply to every /v1 request; `queue` entries are one-shot
// (or `times`-shot) faults for the next matching request, so a test can break exactly one step.
//
// faults = {
//   latencyMs?: number,                 // added before every /v1 answer
//   errorRate?: number, errorStatus?: number,       // 5xx with this probability (default 503)
//   rateLimitRate?: number, retryAfterSeconds?: number, // 429 + Retry-After with this probability
//   dropRate?: number,                  // connection destroyed without an answer
//   malformedRate?: number,             // 200 with a body that is not JSON
//   proxy401?: boolean,                 // every /v1 request: 401 without WWW-Authenticate (a proxy, not Runtype)
//   queue?: [{ kind: 'error'|'rate-limit'|'drop'|'drop-after'|'delay-after'|'malformed'|'wrong-shape'|'proxy401',
//              method?, path? (prefix), status?, retryAfterSeconds?, times? }]
// }
// `drop-after` runs the request (state changes happen) and then drops the connection: the
// client never learns the result, as if it had crashed right after sending. `delay-after` runs the
// request and holds the answer for `ms` (default 30000): time for a test to kill the client mid-step.
// `only-plain-key` runs a create/regenerate and answers `{ plainKey }` alone (an answer our schemas
// do not expect: the key must still be stored). `wrong-environment` mints the other environment than asked.

export const FAULT_KINDS = [
  'error',
  'rate-limit',
  'drop',
  'drop-after',
  'delay-after',
  'malformed',
  'wrong-shape',
  'proxy401',
  'only-plain-key',
  'wrong-environment',
];

export function normalizeFaults(input = {}) {
  if (typeof input !== 'object' || input === null) throw new Error('faults must be an object');
  const rate = (name) => {
    const value = input[name] ?? 0;
    if (typeof value !== 'number' || value < 0 || value > 1) throw new Error(`faults.${name} must be a number in [0, 1]`);
    return value;
  };
  const queue = (input.queue ?? []).map((entry) => {
    if (!FAULT_KINDS.includes(entry.kind)) throw new Error(`faults.queue kind must be one of ${FAULT_KINDS.join(', ')}`);
    return { ...entry, times: entry.times ?? 1 };
  });
  return {
    latencyMs: Number(input.latencyMs ?? 0),
    errorRate: rate('errorRate'),
    errorStatus: Number(input.errorStatus ?? 503),
    rateLimitRate: rate('rateLimitRate'),
    retryAfterSeconds: Number(input.retryAfterSeconds ?? 1),
    dropRate: rate('dropRate'),
    malformedRate: rate('malformedRate'),
    proxy401: input.proxy401 === true,
    queue,
  };
}

/** Picks the fault for this request (consuming a queued one), or undefined. */
export function pickFault(faults, method, path, random = Math.random) {
  const index = faults.queue.findIndex((entry) => (!entry.method || entry.method === method) && (!entry.path || path.startsWith(entry.path)));
  if (index >= 0) {
    const entry = faults.queue[index];
    entry.times -= 1;
    if (entry.times <= 0) faults.queue.splice(index, 1);
    return entry;
  }
  if (faults.proxy401) return { kind: 'proxy401' };
  if (faults.dropRate && random() < faults.dropRate) return { kind: 'drop' };
  if (faults.errorRate && random() < faults.errorRate) return { kind: 'error', status: faults.errorStatus };
  if (faults.rateLimitRate && random() < faults.rateLimitRate) return { kind: 'rate-limit', retryAfterSeconds: faults.retryAfterSeconds };
  if (faults.malformedRate && random() < faults.malformedRate) return { kind: 'malformed' };
  return undefined;
}
