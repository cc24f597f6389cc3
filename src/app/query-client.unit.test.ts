import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http';
import { createQueryClient, shouldRetryRead } from './query-client';

const apiError = (status: number) => new ApiError(status, { code: 'x', message: 'x' });

describe('query retries', () => {
  it('retries reads on network failures, 5xx and 429, at most twice', () => {
    expect(shouldRetryRead(0, apiError(0))).toBe(true);
    expect(shouldRetryRead(0, apiError(503))).toBe(true);
    expect(shouldRetryRead(1, apiError(429))).toBe(true);
    expect(shouldRetryRead(2, apiError(503))).toBe(false);
  });

  it('never retries other 4xx answers or unknown errors', () => {
    for (const status of [400, 401, 403, 404, 409, 412, 413, 422])
      expect(shouldRetryRead(0, apiError(status))).toBe(false);
    expect(shouldRetryRead(0, new Error('bug'))).toBe(false);
  });

  it('never retries mutations and reports a 401 from any query or mutation', async () => {
    let unauthenticated = 0;
    const client = createQueryClient(() => unauthenticated++);
    expect(client.getDefaultOptions().mutations?.retry).toBe(false);
    await client
      .query({ queryKey: ['probe'], queryFn: () => Promise.reject(apiError(401)), retry: false })
      .catch(() => undefined);
    await client
      .getMutationCache()
      .build(client, { mutationFn: () => Promise.reject(apiError(401)) })
      .execute(undefined)
      .catch(() => undefined);
    expect(unauthenticated).toBe(2);
  });
});
