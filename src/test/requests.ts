// Every request a component test's page makes, as "METHOD /path", for tests
// that assert what is asked (and that nothing else is).
import { afterEach, beforeEach } from 'vitest';
import { mswServer } from './setup';

/** Records the requests of each test of the file from its start; read `list()` in the test. */
export function recordRequests(): { list: () => string[] } {
  let requests: string[] = [];
  const record = ({ request }: { request: Request }) => {
    requests.push(`${request.method} ${new URL(request.url).pathname}`);
  };
  beforeEach(() => {
    requests = [];
    mswServer.events.on('request:start', record);
  });
  afterEach(() => {
    mswServer.events.removeListener('request:start', record);
  });
  return { list: () => requests };
}
