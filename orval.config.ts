import { defineConfig } from 'orval';

// One contract, three outputs: React Query hooks (with MSW mocks) for the app,
// zod schemas shared with the reference server, and a plain fetch SDK for
// Node scripts. All three go through the one mutator in src/api/http.ts.
const input = { target: './openapi/factor.yaml' };
const mutator = { path: './src/api/http.ts', name: 'httpRequest' };

export default defineConfig({
  factor: {
    input,
    output: {
      mode: 'tags-split',
      target: './src/api/generated/hooks',
      schemas: './src/api/generated/model',
      client: 'react-query',
      httpClient: 'fetch',
      clean: true,
      formatter: 'prettier',
      mock: { indexMockFiles: true, generators: [{ type: 'msw', delay: false }] },
      override: {
        mutator,
        fetch: { includeHttpResponseReturnType: false },
        query: {
          version: 5,
          useInfinite: true,
          useInfiniteQueryParam: 'pageToken',
          signal: true,
          shouldExportKeys: true,
        },
      },
    },
  },
  factorZod: {
    input,
    output: {
      mode: 'tags-split',
      target: './src/api/generated/zod',
      client: 'zod',
      fileExtension: '.zod.ts',
      clean: true,
      formatter: 'prettier',
      override: {
        zod: {
          // zod/mini tree-shakes: a page pays only for the validators it uses.
          variant: 'mini',
          strict: { body: true, query: false, param: false, header: false, response: false },
          generate: { param: true, query: true, header: false, body: true, response: true },
          coerce: { query: ['number', 'boolean'] },
        },
      },
    },
  },
  factorSdk: {
    input,
    output: {
      mode: 'single',
      target: './src/api/generated/sdk/factor-sdk.ts',
      schemas: './src/api/generated/model',
      client: 'fetch',
      clean: true,
      formatter: 'prettier',
      override: { mutator, fetch: { includeHttpResponseReturnType: false } },
    },
  },
});
