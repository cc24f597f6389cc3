// Record ids: a two-letter type prefix and 28 random characters (30 in all),
// as the Factor API's sids look (e.g. UP8ghcjdwj7f4wf7w37crmbphrpyxp).
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export function newSid(prefix: string): string {
  const bytes = randomBytes(28);
  let out = prefix;
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}
