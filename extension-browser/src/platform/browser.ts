/**
 * The only module that imports webextension-polyfill (style guide §5): swapping it for the
 * native `chrome`/`browser` globals later touches this file alone.
 */
import browser from 'webextension-polyfill';

export type { Runtime, Tabs, Storage } from 'webextension-polyfill';
export { browser };
