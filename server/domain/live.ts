// Live updates: what changed, and who may hear of it. A change names a
// resource (the API's collection, e.g. "itemGroups") and, when one record
// changed, its sid; it reaches the organization's staff, and a vendor's users
// only when it names one of their vendors. The stream carries no data: a page
// that hears of a change reads it again through the API, under the API's own
// checks.

export interface LiveChange {
  organizationSid: string;
  /** The API collection that changed: "orders", "itemGroups", "flags"… */
  resource: string;
  /** The records that changed; empty when many did (an import, a bulk edit) or none is named. */
  sids: string[];
  /** The vendors whose lines this change touches: only their users hear of it, besides staff. */
  vendorSids: string[];
}

/** Who listens on a stream: the session's organization, role and, for a vendor user, its vendors. */
export interface LiveSubscriber {
  organizationSid: string;
  role: 'admin' | 'buyer' | 'vendor';
  vendorSids: readonly string[];
}

/** What a stream tells its page: which collection, and which records of it, to read again. */
export interface LiveMessage {
  resource: string;
  sids: string[];
}

/** The internal resource by which a session's end is announced to the processes holding its streams; never sent. */
export const SESSIONS_RESOURCE = 'sessions';

/** A notification's payload is at most 8,000 bytes; a change naming more records than this names none. */
export const MAX_CHANGE_SIDS = 100;

const RESOURCE = /^[a-z][A-Za-z]{1,40}$/;
const SID = /^[\w.:%-]{1,200}$/;

/** Whether a subscriber may hear of a change: its own organization, and for a vendor user one of its vendors. */
export function hears(subscriber: LiveSubscriber, change: LiveChange): boolean {
  if (subscriber.organizationSid !== change.organizationSid) return false;
  if (subscriber.role !== 'vendor') return true;
  return change.vendorSids.some((vendorSid) => subscriber.vendorSids.includes(vendorSid));
}

/** The message a subscriber gets: the resource and sids only, never whose vendors they are. */
export function messageOf(change: LiveChange): LiveMessage {
  return { resource: change.resource, sids: change.sids };
}

/** Paths under /v1 whose writes change nothing another page shows (or must not be announced). */
const UNANNOUNCED = new Set(['session', 'live', 'emailOptOuts', 'savedViews', 'devClock', 'embedSessions']);

/** Writes that change only the caller's own view: which messages it has read. */
const UNANNOUNCED_ACTIONS = new Set(['messages/reads']);

/** Second path segments that are actions on the collection, not a record's sid. */
const COLLECTION_ACTIONS = new Set(['bulk', 'bulkUpdate', 'check', 'decisions', 'now', 'counts', 'raw']);

/**
 * The change a successful write announces, from its method and path: `/v1/<resource>/<sid>/…` names the record;
 * `/v1/<resource>` (a create) names none until the answer gives its sid. Reads and sign-in announce nothing.
 */
export function changeOfWrite(method: string, path: string): { resource: string; sid: string | null } | null {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return null;
  const [version, resource, sid] = path.split('/').filter(Boolean);
  if (version !== 'v1' || !resource || !RESOURCE.test(resource) || UNANNOUNCED.has(resource)) return null;
  if (sid !== undefined && UNANNOUNCED_ACTIONS.has(`${resource}/${sid}`)) return null;
  if (sid === undefined || COLLECTION_ACTIONS.has(sid) || !SID.test(sid)) return { resource, sid: null };
  try {
    return { resource, sid: decodeURIComponent(sid) };
  } catch {
    return { resource, sid: null };
  }
}

/** The sids a write's JSON answer names: a record's own, or each of an array of records (a bulk edit). */
export function sidsOfAnswer(body: unknown): string[] {
  const sidOf = (value: unknown): string | null =>
    typeof value === 'object' && value !== null && 'sid' in value && typeof value.sid === 'string' ? value.sid : null;
  if (Array.isArray(body)) return body.map(sidOf).filter((sid): sid is string => sid !== null);
  const own = sidOf(body);
  return own === null ? [] : [own];
}

/** A notification's payload must stay under 8,000 bytes; this leaves room. */
export const MAX_PAYLOAD_BYTES = 7600;

/**
 * The notification payload of a change, in short keys. One too long for the channel names no records, and if
 * still too long no vendors: staff still hear it, and a page without the names reads its whole list again.
 */
export function encodeChange(change: LiveChange): string {
  const encode = (sids: readonly string[], vendorSids: readonly string[]) =>
    JSON.stringify({ o: change.organizationSid, r: change.resource, s: sids, v: vendorSids });
  const fits = (payload: string) => Buffer.byteLength(payload) <= MAX_PAYLOAD_BYTES;
  const full = encode(change.sids.length > MAX_CHANGE_SIDS ? [] : change.sids, change.vendorSids);
  if (fits(full)) return full;
  const unnamed = encode([], change.vendorSids);
  return fits(unnamed) ? unnamed : encode([], []);
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** A payload back into a change; anything malformed is null (the channel is ours, but a listener never throws). */
export function decodeChange(payload: string): LiveChange | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { o, r, s, v } = parsed as Record<string, unknown>;
  if (typeof o !== 'string' || typeof r !== 'string' || !RESOURCE.test(r) || !isStringArray(s) || !isStringArray(v))
    return null;
  return { organizationSid: o, resource: r, sids: s, vendorSids: v };
}
