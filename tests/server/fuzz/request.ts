// A request as the fuzz builds it: the parts one mutation changes (path
// segments and query pairs as sent, the body, the headers), made from a
// contract case's valid call and sent to the in-process app.
import type { PreparedCall } from '../contract/case.ts';
import { server, type Tenant } from '../support/harness.ts';

export type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; data: string | Uint8Array }
  | { kind: 'form'; entries: [string, FormDataEntryValue][] };

export interface FuzzRequest {
  method: string;
  /** Path segments as sent (percent-encoded). */
  segments: string[];
  /** Query pairs as sent (percent-encoded); a null value is a bare name without `=`. */
  query: [string, string | null][];
  body: Body;
  /** Lower-case names; null leaves the header out. A JSON or raw body is application/json unless set. */
  headers: Record<string, string | null>;
}

export interface Outcome {
  status: number;
  text: string;
  contentType: string;
}

/** The request the contract case makes, as the fuzz's starting point. */
export function fromPrepared(prepared: PreparedCall, method: string, t: Tenant): FuzzRequest {
  const q = prepared.path.indexOf('?');
  const pathname = q < 0 ? prepared.path : prepared.path.slice(0, q);
  const search = q < 0 ? '' : prepared.path.slice(q + 1);
  const query = search
    .split('&')
    .filter(Boolean)
    .map((pair): [string, string | null] => {
      const eq = pair.indexOf('=');
      return eq < 0 ? [pair, null] : [pair.slice(0, eq), pair.slice(eq + 1)];
    });
  const body: Body =
    prepared.body === undefined
      ? { kind: 'none' }
      : prepared.body instanceof FormData
        ? { kind: 'form', entries: [...prepared.body.entries()] }
        : { kind: 'json', value: structuredClone(prepared.body) };
  const headers: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(prepared.headers ?? {})) headers[name.toLowerCase()] = value;
  headers.authorization = `Bearer ${t[prepared.as ?? 'buyer'].token}`;
  return { method, segments: pathname.split('/'), query, body, headers };
}

/** Path and query as sent. */
export function target(req: FuzzRequest): string {
  const search = req.query.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join('&');
  return req.segments.join('/') + (req.query.length ? `?${search}` : '');
}

function bodyInit(body: Body): BodyInit | undefined {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'json':
      return JSON.stringify(body.value);
    case 'raw':
      return typeof body.data === 'string' ? body.data : new Blob([new Uint8Array(body.data)]);
    case 'form': {
      const form = new FormData();
      for (const [name, value] of body.entries) form.append(name, value);
      return form;
    }
  }
}

/** Sends the request to the in-process app; the answer's status, text and content type. */
export async function send(req: FuzzRequest): Promise<Outcome> {
  const { app } = await server();
  const headers = new Headers();
  if (req.body.kind === 'json' || req.body.kind === 'raw') headers.set('content-type', 'application/json');
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  const response = await app.request(`http://127.0.0.1${target(req)}`, {
    method: req.method,
    headers,
    body: bodyInit(req.body),
  });
  return {
    status: response.status,
    text: await response.text(),
    contentType: response.headers.get('content-type') ?? '',
  };
}
