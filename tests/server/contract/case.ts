// One contract case per operation of the spec: how to make what the call
// needs in a fresh organization, and the request that exercises it. The
// contract, tenancy and bad-input suites all run from these.
import type { Tenant } from '../support/harness.ts';

export interface PreparedCall {
  /** The path with its parameters filled in, and any query string. */
  path: string;
  /** JSON body (or a FormData for multipart operations). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Who makes the call; the buyer by default. An admin's call is refused to a buyer unless `anyStaff`. */
  as?: 'admin' | 'buyer' | 'vendor';
  /** Made as the admin for another reason (a sign-out that must not end the buyer's session): a buyer may too. */
  anyStaff?: boolean;
  /** The success status expected; by default the 2xx status the spec declares. */
  status?: number;
  /** Why sending this change again writes again (each call is an event of its own); else a repeat writes nothing. */
  repeatWrites?: string;
  /** Why the same change answers differently when sent again, with nothing written (it names the time now). */
  answerChanges?: string;
  /** A read a vendor may make too (it is within the vendor's own scope); others must refuse vendors. */
  vendorMay?: boolean;
}

export interface ContractCase {
  operationId: string;
  prepare(t: Tenant): Promise<PreparedCall>;
}
