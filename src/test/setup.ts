// Component tests: the API is answered by MSW handlers generated from the
// contract; any request without a handler fails the test it was made in
// (MSW's own "error" strategy only answers it with a 500 and logs, which a
// page may survive unnoticed).
import { cleanup } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const mswServer = setupServer();

const unhandled: string[] = [];

beforeAll(() => {
  // Requests stay same-origin (happy-dom's page is http://localhost:3000/), as in the app.
  mswServer.listen({
    onUnhandledFrame: async ({ frame, defaults }) => {
      unhandled.push(await frame.getUnhandledMessage());
      defaults.error();
    },
  });
});
function failOnUnhandled(): void {
  const messages = unhandled.splice(0);
  if (messages.length > 0) throw new Error(`requests without an MSW handler:\n${messages.join('\n')}`);
}
afterEach(() => {
  cleanup();
  mswServer.resetHandlers();
  failOnUnhandled();
});
afterAll(() => {
  mswServer.close();
  // One made after its test ended (a late refetch) still fails the file.
  failOnUnhandled();
});
