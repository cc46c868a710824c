/** A response body: a WHATWG ReadableStream (browsers, Node's fetch) or an async iterable of bytes (undici's `request`). */
export type BodyStream = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

interface ResponseBody {
  headers: { get(name: string): string | null };
  body?: BodyStream | null;
  text(): Promise<string>;
}

/**
 * Reads a response body as UTF-8 text, counting bytes as they arrive: past `maxBytes` it calls
 * `abort` (the request's AbortController), stops reading and returns undefined, so a hostile or
 * broken server cannot make us buffer more than the limit. A declared `content-length` over the
 * limit is refused before reading a byte.
 */
export async function readBodyLimited(response: ResponseBody, maxBytes: number, abort: () => void): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    abort();
    return undefined;
  }
  const body = response.body;
  if (!body) {
    // A transport without a stream: only the declared length could be checked.
    const text = await response.text();
    return new TextEncoder().encode(text).length > maxBytes ? undefined : text;
  }
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  const take = (chunk: Uint8Array | string): boolean => {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    size += bytes.byteLength;
    if (size > maxBytes) return false;
    text += decoder.decode(bytes, { stream: true });
    return true;
  };
  if (isReadableStream(body)) {
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (!take(value)) {
          abort();
          await reader.cancel().catch(() => undefined);
          return undefined;
        }
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    for await (const chunk of body) {
      if (!take(chunk)) {
        abort();
        const destroy = (body as { destroy?: () => void }).destroy;
        if (typeof destroy === 'function') destroy.call(body);
        return undefined;
      }
    }
  }
  return text + decoder.decode();
}

function isReadableStream(body: BodyStream): body is ReadableStream<Uint8Array> {
  return typeof (body as { getReader?: unknown }).getReader === 'function';
}
