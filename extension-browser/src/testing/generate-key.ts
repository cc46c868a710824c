// Test-only: real-looking keys generated at test time (never committed), accepted by the detector.
import { scanText } from '@rt-guard/core';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function generateKey(prefix = 'rt_live_', length = 32): string {
  for (;;) {
    let body = '';
    for (let i = 0; i < length; i++) body += BASE62[Math.floor(Math.random() * 62)];
    const key = prefix + body;
    if (scanText(`RUNTYPE_API_KEY=${key}`).some((f) => f.secret === key)) return key;
  }
}
