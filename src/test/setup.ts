// Component tests: the API is answered by MSW handlers generated from the
// contract; any request without a handler fails the test.
import { cleanup } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const mswServer = setupServer();

beforeAll(() => {
  // Requests stay same-origin (happy-dom's page is http://localhost:3000/), as in the app.
  mswServer.listen({ onUnhandledFrame: 'error' });
});
afterEach(() => {
  cleanup();
  mswServer.resetHandlers();
});
afterAll(() => {
  mswServer.close();
});
