// Bench-only entry: the extension's host-free content logic, bundled for Node and for a page.
export { createDetector } from '@rt-guard/core';
export { decide } from '../../extension-browser/src/content/decide.ts';
export { scanPage, streamText } from '../../extension-browser/src/content/page-scan.ts';
export { DEFAULT_SETTINGS } from '../../extension-browser/src/shared/settings.ts';
