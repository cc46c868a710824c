import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** One zip member, as much as rt-guard needs of it. */
export interface ZipMember {
  /** Raw name bytes decoded as UTF-8 (not validated by yauzl: a `../` name must not stop the scan). */
  name: string;
  isDirectory: boolean;
  isEncrypted: boolean;
  compressedSize: number;
  uncompressedSize: number;
  open(): Promise<Readable>;
}

// decodeStrings false: yauzl would reject `../x` or `C:\x` names by failing the whole archive,
// which would let one crafted name hide every other member. Names are cleaned by the caller.
const OPTIONS: yauzl.Options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: false };

/** Opens a zip on disk (random access, nothing buffered) or in memory. */
export function openZip(source: string | Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, zip?: yauzl.ZipFile): void => (error || !zip ? reject(error ?? new Error('no zip')) : resolve(zip));
    if (typeof source === 'string') yauzl.open(source, OPTIONS, done);
    else yauzl.fromBuffer(source, OPTIONS, done);
  });
}

/** The members of an open zip, one at a time; closes it when done or abandoned. */
export async function* zipMembers(zip: yauzl.ZipFile): AsyncGenerator<ZipMember> {
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        const cleanup = (): void => {
          zip.off('entry', onEntry);
          zip.off('end', onEnd);
          zip.off('error', onError);
        };
        const onEntry = (value: yauzl.Entry): void => (cleanup(), resolve(value));
        const onEnd = (): void => (cleanup(), resolve(undefined));
        const onError = (error: Error): void => (cleanup(), reject(error));
        zip.on('entry', onEntry);
        zip.on('end', onEnd);
        zip.on('error', onError);
        zip.readEntry();
      });
      if (!entry) return;
      const name = (entry.fileName as unknown as Buffer).toString('utf8');
      yield {
        name,
        isDirectory: name.endsWith('/'),
        isEncrypted: (entry.generalPurposeBitFlag & 0x1) !== 0,
        compressedSize: entry.compressedSize,
        uncompressedSize: entry.uncompressedSize,
        open: () =>
          new Promise<Readable>((resolve, reject) =>
            zip.openReadStream(entry, (error, stream) => (error || !stream ? reject(error ?? new Error('no stream')) : resolve(stream))),
          ),
      };
    }
  } finally {
    zip.close();
  }
}
