import { base64Needles, type Detector } from '@rt-guard/core';

/**
 * A cheaper first test than `detector.hasCandidate`, on raw bytes: Buffer#indexOf (native memmem)
 * for a few short needles that every candidate must contain. Plain keywords are cut to their tail
 * (`rt_live_` → `_live_`, shared by rt/tv/ct) and base64 needles to their last 4-character group,
 * so 10 needles cover all rules. A hit only means "maybe": the exact test follows. On a source
 * tree this is ~3× faster than one regex over a Latin-1 view, and most files stop here.
 */
export function createBytePrefilter(detector: Detector): (bytes: Buffer) => boolean {
  const needles = new Set<string>();
  for (const rule of detector.rules) {
    for (const keyword of rule.keywords) {
      needles.add(keyword.length > 6 ? keyword.slice(-6) : keyword);
      if (rule.scanBase64) for (const needle of base64Needles(keyword)) needles.add(needle.slice(-4));
    }
  }
  const buffers = [...needles].map((needle) => Buffer.from(needle, 'latin1'));
  return (bytes) => {
    for (const needle of buffers) if (bytes.indexOf(needle) !== -1) return true;
    return false;
  };
}
