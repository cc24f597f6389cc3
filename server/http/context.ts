// What every request handler can reach: the database and who is calling.
import type { EmbedScope } from '../domain/embed/scope.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { LiveHub } from './live.ts';

export type Role = 'admin' | 'buyer' | 'vendor';

export interface Principal {
  userSid: string;
  organizationSid: string;
  role: Role;
  /** For vendor users: the vendors whose lines they may see. */
  vendorSids: string[];
  /** How the credentials came: the browser cookie needs an Origin check on writes. */
  via: 'cookie' | 'bearer';
  kind: 'login' | 'vendor_link' | 'embed' | 'api_key';
  sessionSid: string | null;
  /** The API key the call came with, if any: idempotency keys belong to it, not to its creator. */
  apiKeySid: string | null;
  /** A read key (scope read) makes GET requests only. */
  readOnly?: boolean;
  /** For an embed token: the view (record, vendor) it was made for, which limits what it may read. */
  embed: EmbedScope | null;
  /** A display name for events: "Ada Lovelace" or the email. */
  name: string;
}

export interface AppEnv {
  Variables: {
    db: Kysely<Database>;
    principal: Principal;
    /** The origin users reach the app at (PUBLIC_URL): links and cookies are made for it, not for a Host header. */
    publicOrigin: string;
    /** The client's IP address: the socket's, or behind a trusted proxy (TRUST_PROXY) its X-Forwarded-For; null in-process. */
    clientAddress: string | null;
    /** Whether the Mailbox may show emails' portal links unmasked (AppOptions.portalLinksLive). */
    portalLinksLive: boolean;
    /** This process's live-update hub; null where none runs (GET /v1/live answers 503). */
    live: LiveHub | null;
    /** An embed page's organization's allowed origins, read once by the framing policy for the document too. */
    embedAllowlist: readonly string[] | undefined;
    /** Set by a write that found nothing to change (routes/support.ts unchanged): no change is announced. */
    unchanged: boolean | undefined;
  };
}
