#!/usr/bin/env node
// `npm run emulator -- --port <p> --state <file> [--latency <ms>] [--shapes full|documented] [--fault proxy401]`:
// prints one JSON line when ready.
import { parseArgs } from 'node:util';
import { startEmulator } from './server.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    state: { type: 'string' },
    latency: { type: 'string' },
    faults: { type: 'string' },
    shapes: { type: 'string' },
    fault: { type: 'string', multiple: true },
    'auth-me-sessions-only': { type: 'boolean' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`emulator: --port must be 0-65535, got "${values.port}"\n`);
  process.exit(2);
}
let faults = {};
try {
  faults = values.faults ? JSON.parse(values.faults) : {};
} catch {
  process.stderr.write('emulator: --faults must be JSON, e.g. {"latencyMs":20}\n');
  process.exit(2);
}
if (values.latency) faults.latencyMs = Number(values.latency);
for (const name of values.fault ?? []) {
  if (name !== 'proxy401') {
    process.stderr.write(`emulator: --fault must be proxy401 (other faults: --faults JSON), got "${name}"\n`);
    process.exit(2);
  }
  faults.proxy401 = true;
}
if (values.shapes !== undefined && !['full', 'documented'].includes(values.shapes)) {
  process.stderr.write(`emulator: --shapes must be full or documented, got "${values.shapes}"\n`);
  process.exit(2);
}
const emulator = await startEmulator({
  port,
  host: values.host,
  statePath: values.state,
  faults,
  ...(values.shapes ? { shapes: values.shapes } : {}),
  ...(values['auth-me-sessions-only'] ? { authMeAcceptsKeys: false } : {}),
});
process.stdout.write(`${JSON.stringify({ url: emulator.url, sessionToken: emulator.sessionToken })}\n`);
const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
