#!/usr/bin/env node
// `npm run emulator -- --port <p> --state <file> [--latency <ms>]`: prints one JSON line when ready.
import { parseArgs } from 'node:util';
import { startEmulator } from './server.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    state: { type: 'string' },
    latency: { type: 'string' },
    faults: { type: 'string' },
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
const emulator = await startEmulator({ port, host: values.host, statePath: values.state, faults });
process.stdout.write(`${JSON.stringify({ url: emulator.url, sessionToken: emulator.sessionToken })}\n`);
const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
