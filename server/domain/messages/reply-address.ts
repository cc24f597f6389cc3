// The Reply-To address of a message notice: the organization's reply address
// with the token after a plus ("replies+MS1abc.3f9a…@factor.example"), so a
// plain email reply finds its conversation. The token names the message and
// carries a signature (made and checked by the caller, who holds the key):
// an address with a forged or altered token is not matched.

/**
 * The token's shape: the message sid, a dot, a hex signature. Sids and signatures are lower case after their
 * prefix, so an address a mail system lowercased still matches.
 */
const TOKEN = /^ms([a-z0-9]{4,60})\.([a-f0-9]{16,64})$/;

/** The reply address for a token, on the organization's reply address (or `replies@<host>` without one). */
export function replyAddress(base: string, token: string): string {
  const at = base.lastIndexOf('@');
  const [local, domain] = at > 0 ? [base.slice(0, at), base.slice(at + 1)] : ['replies', base];
  // An existing plus part of the base is the organization's own: the token replaces it.
  return `${local.split('+')[0]}+${token}@${domain}`;
}

/** The message sid and signature of a reply address's token, or null when it carries none. */
export function tokenOfAddress(address: string): { messageSid: string; signature: string } | null {
  const match = /^[^@+\s]+\+([^@\s]+)@[^@\s]+$/.exec(address.trim());
  const token = match ? TOKEN.exec(match[1].toLowerCase()) : null;
  return token ? { messageSid: `MS${token[1]}`, signature: token[2] } : null;
}
