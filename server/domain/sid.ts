// Record ids: a two-letter type prefix and 28 random characters (30 in all),
// as the Factor API's sids look (e.g. UP8ghcjdwj7f4wf7w37crmbphrpyxp).
import { randomBytes } from 'node:crypto';

const ALPHABET = Buffer.from('0123456789abcdefghjkmnpqrstvwxyz', 'latin1');
const RANDOM_CHARS = 28;

export function newSid(prefix: string): string {
  const bytes = randomBytes(RANDOM_CHARS);
  let out = prefix;
  for (const b of bytes) out += String.fromCharCode(ALPHABET[b & 31]);
  return out;
}

/**
 * `count` new sids, as newSid makes them, from one draw of random bytes, for
 * bulk writes. Written as bytes and read back as one flat string each: sids
 * built a character at a time are rope strings, which the sort below and the
 * driver flatten again (a third of a second for an import's 300,000 sids).
 */
export function newSids(prefix: string, count: number): string[] {
  const width = prefix.length + RANDOM_CHARS;
  const random = randomBytes(RANDOM_CHARS * count);
  const text = Buffer.allocUnsafe(width * count);
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const start = i * width;
    text.write(prefix, start, 'latin1');
    for (let j = 0; j < RANDOM_CHARS; j++) {
      text[start + prefix.length + j] = ALPHABET[random[i * RANDOM_CHARS + j] & 31];
    }
    out[i] = text.toString('latin1', start, start + width);
  }
  // Ascending, so that rows written in this order land together in their indexes (cheaper inserts).
  return out.sort();
}
