import type { Detector, FindingWithSecret } from '@rt-guard/core';
import { redactText } from '@rt-guard/core';

/** What a source map's JSON may hold; everything is checked, nothing trusted. */
interface SourceMapShape {
  sources?: unknown;
  sourcesContent?: unknown;
  sourceRoot?: unknown;
}

const MAX_SOURCE_NAME = 300;

/**
 * Scans a source map (`…js.map`): each `sourcesContent` entry is scanned as the original file, so
 * a finding names `dist/app.js.map!src/config.ts` and the line in `src/config.ts`, not line 1 of
 * the map. Keys elsewhere in the map (names, a non-standard field) are still found, in the map
 * itself. Text that is not a source map is scanned as it is.
 */
export function scanSourceMap(text: string, file: string, detector: Detector): FindingWithSecret[] {
  let map: SourceMapShape | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) map = parsed as SourceMapShape;
  } catch {
    map = undefined;
  }
  const contents = map && Array.isArray(map.sourcesContent) ? map.sourcesContent : [];
  const sources = map && Array.isArray(map.sources) ? map.sources : [];
  const findings: FindingWithSecret[] = [];
  const seen = new Set<string>();
  contents.forEach((content, index) => {
    if (typeof content !== 'string' || !detector.hasCandidate(content)) return;
    const source = sources[index];
    const name = typeof source === 'string' ? sourceName(source) : `source-${index}`;
    for (const finding of detector.scan(content, { file: `${file}!${name}` })) {
      seen.add(finding.fingerprint);
      findings.push(finding);
    }
  });
  if (!detector.hasCandidate(text)) return findings;
  for (const finding of detector.scan(text, { file })) if (!seen.has(finding.fingerprint)) findings.push(finding);
  return findings;
}

/**
 * A source's name as a relative path: `webpack://app/./src/config.ts` → `app/src/config.ts`.
 * Bundlers write anything here, so scheme, `.`/`..` segments and control characters go.
 */
export function sourceName(source: string): string {
  const withoutScheme = source.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '');
  const segments = withoutScheme.split(/[\\/]+/).filter((s) => s !== '' && s !== '.' && s !== '..');
  // eslint-disable-next-line no-control-regex
  const name = segments.join('/').replace(/[\u0000-\u001f\u007f!]/g, '_');
  return redactText(name === '' ? 'source' : name.slice(0, MAX_SOURCE_NAME));
}
