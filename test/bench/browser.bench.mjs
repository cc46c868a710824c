// Browser extension benchmarks (issue 6):
//   1. paste decision (detect + classify) on 10 KB of pasted text: target ≤ 1 ms (Node and Chromium);
//   2. page exposure scan of 5 MB of scripts in real Chromium: target no long task > 50 ms
//      (PerformanceObserver 'longtask' while the scan runs).
// Run: node test/bench/browser.bench.mjs   (prints a JSON summary; exit 1 when a target is missed)
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { randomBase62 } from '../helpers/random-base62.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'rt-guard-browser-bench-'));
// Generated at run time, never committed. Digits interleaved so no placeholder heuristic trips.
const liveKey = () => `rt_live_${randomBase62(30)}7Q`;

async function bundle(format) {
  const outfile = join(temp, `entry.${format === 'esm' ? 'mjs' : 'js'}`);
  await build({
    entryPoints: [join(here, 'browser-bench-entry.ts')],
    bundle: true,
    format,
    globalName: format === 'iife' ? 'rtgBench' : undefined,
    platform: format === 'esm' ? 'node' : 'browser',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/** ~10 KB of realistic pasted text (a config file) with one key in the middle. */
function pastedText(key) {
  const line = 'export const featureFlags = { search: true, beta: false, region: "eu-west-1" }; // config\n';
  const half = line.repeat(Math.ceil(5000 / line.length));
  return `${half}RUNTYPE_API_KEY=${key}\n${half}`.slice(0, 10 * 1024);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function benchDecisionNode() {
  const { createDetector, decide, DEFAULT_SETTINGS } = await import(pathToFileURL(await bundle('esm')).href);
  const detector = createDetector();
  const texts = Array.from({ length: 50 }, () => pastedText(liveKey()));
  for (let i = 0; i < 200; i++) decide(texts[i % texts.length], 'https://example.com', DEFAULT_SETTINGS, detector); // warm-up
  const times = [];
  for (let i = 0; i < 2000; i++) {
    const text = texts[i % texts.length];
    const start = performance.now();
    const decision = decide(text, 'https://example.com', DEFAULT_SETTINGS, detector);
    times.push(performance.now() - start);
    if (decision.action !== 'block') throw new Error('bench text lost its key');
  }
  return { medianMs: +median(times).toFixed(4), p99Ms: +times.sort((a, b) => a - b)[Math.floor(times.length * 0.99)].toFixed(4), bytes: texts[0].length };
}

async function benchInChromium() {
  const iife = await bundle('iife');
  const { readFileSync } = await import('node:fs');
  const script = readFileSync(iife, 'utf8');
  // 5 MB of scripts: 2 inline (1 MB each) + 3 same-origin files (1 MB each), a few keys inside.
  const mb = (seed) => {
    const line = `function f${seed}_$(a, b) { return a.map((x) => x * b + ${seed}).filter(Boolean).join(","); }\n`;
    let out = '';
    let i = 0;
    while (out.length < 1024 * 1024) out += line.replace('$', String(i++));
    return out.slice(0, 1024 * 1024 - 80) + `\nvar runtypeKey${seed} = "${liveKey()}";\n`;
  };
  const files = { '/a.js': mb(1), '/b.js': mb(2), '/c.js': mb(3) };
  const page = `<!doctype html><html><head><meta charset="utf-8"><script>${mb(4)}</script><script>${mb(5)}</script>
<script src="/a.js"></script><script src="/b.js"></script><script src="/c.js"></script></head><body><p>bench</p></body></html>`;
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    if (files[req.url]) return res.writeHead(200, { 'content-type': 'text/javascript' }).end(files[req.url]);
    res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const tab = await browser.newPage();
    await tab.goto(origin);
    await tab.addScriptTag({ url: `${origin}/bench.js` });
    await tab.waitForTimeout(500); // let the page's own parse/compile tasks settle
    const decision = await tab.evaluate(
      (texts) => {
        const { createDetector, decide, DEFAULT_SETTINGS } = globalThis.rtgBench;
        const detector = createDetector();
        for (let i = 0; i < 200; i++) decide(texts[i % texts.length], location.origin, DEFAULT_SETTINGS, detector);
        // performance.now() is coarsened to 0.1 ms in pages: time batches of 50 and divide.
        const times = [];
        for (let batch = 0; batch < 40; batch++) {
          const start = performance.now();
          for (let i = 0; i < 50; i++) decide(texts[(batch * 50 + i) % texts.length], location.origin, DEFAULT_SETTINGS, detector);
          times.push((performance.now() - start) / 50);
        }
        times.sort((a, b) => a - b);
        return { medianMs: +times[20].toFixed(4), worstBatchMeanMs: +times[39].toFixed(4) };
      },
      Array.from({ length: 20 }, () => pastedText(liveKey())),
    );
    const runs = [];
    for (let run = 0; run < 3; run++) {
      await tab.reload();
      await tab.addScriptTag({ url: `${origin}/bench.js` });
      await tab.waitForTimeout(500);
      const scan = await tab.evaluate(async () => {
        const { createDetector, scanPage, streamText } = globalThis.rtgBench;
        const longTasks = [];
        const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
        observer.observe({ type: 'longtask' });
        const start = performance.now();
        const findings = await scanPage(document, {
          detector: createDetector(),
          fetchText: async (url) => streamText(await fetch(url)),
        });
        const totalMs = performance.now() - start;
        await new Promise((resolve) => setTimeout(resolve, 300));
        observer.disconnect();
        return { findings: findings.length, totalMs, longTasks };
      });
      // Baseline on the same page: only read the 5 MB (textContent + streamed fetches, yielding), no
      // scanning. Long tasks here come from the browser and the busy machine, not from rt-guard.
      const baseline = await tab.evaluate(async () => {
        const { streamText } = globalThis.rtgBench;
        const longTasks = [];
        const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
        observer.observe({ type: 'longtask' });
        let chars = 0;
        for (const script of document.querySelectorAll('script')) {
          const src = script.getAttribute('src');
          if (src === null) chars += (script.textContent ?? '').length;
          else for await (const piece of streamText(await fetch(src))) chars += piece.length;
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
        observer.disconnect();
        return { chars, longTasks };
      });
      scan.baselineLongTasks = baseline.longTasks;
      runs.push(scan);
    }
    return { decision, runs, scriptBytes: 5 * 1024 * 1024 };
  } finally {
    await browser.close();
    server.close();
  }
}

try {
  const node = await benchDecisionNode();
  const chromiumResult = await benchInChromium();
  // Three scans of a freshly loaded page; the machine is shared, so the median run is the number.
  const perRun = chromiumResult.runs.map((r) => ({
    totalMs: Math.round(r.totalMs),
    findings: r.findings,
    maxLongTaskMs: Math.round(Math.max(0, ...r.longTasks)),
    longTasksOver50ms: r.longTasks.filter((d) => d > 50).length,
    baselineMaxLongTaskMs: Math.round(Math.max(0, ...r.baselineLongTasks)),
  }));
  const maxLongTask = median(perRun.map((r) => r.maxLongTaskMs));
  const summary = {
    bench: 'browser',
    pasteDecision10KB: { node, chromium: chromiumResult.decision, targetMs: 1 },
    pageScan5MB: {
      runs: perRun,
      medianMaxLongTaskMs: maxLongTask,
      targetMaxTaskMs: 50,
      loadAverage: (await import('node:os')).loadavg().map((l) => +l.toFixed(2)),
    },
  };
  console.log(JSON.stringify(summary, null, 2));
  const ok = node.medianMs <= 1 && chromiumResult.decision.medianMs <= 1 && maxLongTask <= 50 && perRun.every((r) => r.findings === 5);
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(temp, { recursive: true, force: true });
}
