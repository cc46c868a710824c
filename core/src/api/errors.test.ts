import { describe, expect, it } from 'vitest';
import { generateKeyBody } from '../detect/fill-slots.ts';
import { ApiHttpError, ApiResponseShapeError, isApiError, isApiHttpError, scrubSecrets } from './errors.ts';

const token = () => `eyJ${'a'.repeat(10)}.${Math.random().toString(36).slice(2)}x.sig${Date.now()}`;

describe('ApiHttpError advice', () => {
  it.each<[number, string, string, string | undefined, RegExp]>([
    [401, 'GET', '/v1/auth/me', undefined, /invalid, revoked or expired/],
    [403, 'POST', '/v1/api-keys', undefined, /needs a dashboard session token, not an API key/],
    [403, 'PUT', '/v1/api-keys/abc', undefined, /needs a dashboard session token/],
    [403, 'POST', '/v1/api-keys/abc/regenerate', 'TEST_KEY_PERMISSION_DENIED', /Test keys \(rt_test_\) may not call this endpoint/],
    [403, 'DELETE', '/v1/api-keys/abc', undefined, /may not manage keys/],
    [404, 'GET', '/v1/api-keys/abc', undefined, /endpoint has moved.*docs\/api\.md/],
    [404, 'GET', '/v1/other', undefined, /check the API URL/],
    [429, 'GET', '/v1/auth/me', undefined, /Rate limited/],
    [503, 'GET', '/v1/auth/me', undefined, /server error/],
  ])('%i %s %s', (status, method, path, apiCode, advice) => {
    const error = new ApiHttpError({ method, path }, status, {
      apiCode,
      wwwAuthenticate: 'Bearer resource_metadata="https://api.runtype.com/.well-known/oauth-protected-resource"',
    });
    expect(error.message).toMatch(new RegExp(`^API request failed with status ${status}: ${method} ${path.replace(/\//g, '\\/')}`));
    expect(error.message).toMatch(advice);
    expect(error.code).toBe('E_API_HTTP');
    expect(isApiHttpError(error)).toBe(true);
  });

  it('a server message is shown scrubbed of keys, JWTs and bearer values', () => {
    const key = `rt_live_${generateKeyBody()}`;
    const jwt = token();
    const error = new ApiHttpError({ method: 'GET', path: '/v1/auth/me' }, 401, { serverMessage: `bad ${key} Bearer ${jwt} or ${jwt}` });
    expect(error.message).not.toContain(key);
    expect(error.message).not.toContain(jwt);
    expect(scrubSecrets(`Authorization: Bearer ${jwt}`)).toBe('Authorization: Bearer …');
  });

  it("a 401 without Runtype's WWW-Authenticate challenge is not called an invalid token", () => {
    for (const header of [undefined, 'Basic realm="proxy"', 'Bearer realm="corp"']) {
      const error = new ApiHttpError({ method: 'GET', path: '/v1/auth/me' }, 401, { wwwAuthenticate: header });
      expect(error.isRuntypeChallenge).toBe(false);
      expect(error.message).toMatch(/did not come from Runtype/);
    }
  });

  it('guards work on plain objects (errors serialized across realms)', () => {
    const copy = JSON.parse(JSON.stringify({ ...new ApiHttpError({ method: 'GET', path: '/x' }, 500), code: 'E_API_HTTP' }));
    expect(isApiHttpError(copy)).toBe(true);
    expect(isApiError({ code: 'E_API_RESPONSE_SHAPE' })).toBe(true);
    expect(isApiHttpError(new ApiResponseShapeError({ method: 'GET', path: '/x' }, ['a']))).toBe(false);
  });
});
