// The one HTTP mutator every generated hook and SDK function goes through.
// It knows the base URL, the credentials and the error shape; it has no UI
// side effects (no toasts, no redirects): callers decide what to show.

export interface ApiErrorBody {
  code: string;
  message: string;
  field?: string;
  current?: unknown;
}

/** A non-2xx answer, or a network failure (status 0). */
export class ApiError<Body extends ApiErrorBody = ApiErrorBody> extends Error {
  readonly status: number;
  /** The error body as the server sent it. */
  readonly body: Body;
  readonly code: string;
  readonly field: string | undefined;
  /** The server's current record, on a 409 version_conflict. */
  readonly current: unknown;

  constructor(status: number, body: Body) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
    this.code = body.code;
    this.field = body.field;
    this.current = body.current;
  }
}

/** What generated hooks reject with; orval passes the operation's declared error bodies. */
export type ErrorType<Body> = ApiError<Body extends ApiErrorBody ? Body : ApiErrorBody>;

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** A failed request in words: the server's message, or that it could not be reached. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.status === 0 ? 'The server could not be reached.' : error.message;
  return error instanceof Error ? error.message : 'Unknown error';
}

export interface HttpConfig {
  /** Prefix for every request path, e.g. "https://factor.example.com". Empty means same origin. */
  baseUrl: string;
  /** Bearer token (API key, session or embed token). Without one, the browser's session cookie is used. */
  token: string | undefined;
  /** The fetch to use; Node 18+ and browsers have one built in. */
  fetch: typeof fetch;
}

function buildTimeBaseUrl(): string {
  // Vite replaces import.meta.env at build time; under plain Node it is undefined.
  const env = (import.meta as { env?: Record<string, unknown> }).env;
  const value = env?.VITE_API_BASE_URL;
  return typeof value === 'string' ? value : '';
}

function runtimeBaseUrl(): string | undefined {
  // A page may set window.__FACTOR_API_BASE_URL__ before the bundle loads (e.g. an intranet host).
  const g = globalThis as typeof globalThis & { __FACTOR_API_BASE_URL__?: unknown };
  return typeof g.__FACTOR_API_BASE_URL__ === 'string' ? g.__FACTOR_API_BASE_URL__ : undefined;
}

const config: HttpConfig = {
  baseUrl: runtimeBaseUrl() ?? buildTimeBaseUrl(),
  token: undefined,
  fetch: (...args) => globalThis.fetch(...args),
};

/** Changes the base URL, token or fetch for every later request. */
export function configureHttp(changes: Partial<HttpConfig>): void {
  Object.assign(config, changes);
}

export function httpConfig(): Readonly<HttpConfig> {
  return config;
}

function joinUrl(base: string, path: string): string {
  if (!base) return path;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

async function errorBody(response: Response): Promise<ApiErrorBody> {
  const text = await response.text().catch(() => '');
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && 'code' in parsed && 'message' in parsed) {
      const p = parsed as Record<string, unknown>;
      return {
        code: String(p.code),
        message: String(p.message),
        field: typeof p.field === 'string' ? p.field : undefined,
        current: p.current,
      };
    }
  } catch {
    // Not JSON: fall through to a generic body built from the status.
  }
  return { code: `http_${response.status}`, message: text.trim() || response.statusText || `HTTP ${response.status}` };
}

/**
 * Sends one request. Resolves with the parsed JSON body (undefined for 204),
 * rejects with ApiError for any non-2xx answer or network failure, and with
 * the AbortSignal's reason when the caller aborts.
 */
export async function httpRequest<T>(url: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  if (config.token) headers.set('Authorization', `Bearer ${config.token}`);
  let response: Response;
  try {
    response = await config.fetch(joinUrl(config.baseUrl, url), {
      ...init,
      headers,
      credentials: config.token ? 'omit' : 'include',
    });
  } catch (error) {
    if (init.signal?.aborted) throw init.signal.reason ?? error;
    throw new ApiError(0, { code: 'network_error', message: 'The server could not be reached.' });
  }
  if (!response.ok) throw new ApiError(response.status, await errorBody(response));
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export default httpRequest;
