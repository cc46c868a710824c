import type { Detector, FindingWithSecret } from '@rt-guard/core';
import type { WalkEntry } from '../walk.ts';
import { scanArtifact } from './scan-artifact.ts';

/** Scans the diverted artifacts one after another on the main thread (each is streamed). */
export async function scanArtifacts(
  artifacts: readonly WalkEntry[],
  detector: Detector,
  onResult: (result: { findings: FindingWithSecret[]; bytes: number }) => void,
  onWarning: (warning: string) => void,
): Promise<void> {
  for (const artifact of artifacts) {
    const result = await scanArtifact(artifact.path, artifact.relative, detector);
    result.warnings.forEach(onWarning);
    onResult({ findings: result.findings, bytes: result.bytes });
  }
}
