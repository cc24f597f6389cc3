// The new words of an email reply: what comes before the quoted history
// (Gmail's "On … wrote:", Outlook's "-----Original Message-----" or its
// "From: … Sent: …" block, a run of "> " lines) and before a signature
// ("-- "). The whole original is kept elsewhere; this is what the
// conversation shows.

/** Lines that start the quoted history, as mail clients write them. */
const HISTORY_STARTS: readonly RegExp[] = [
  // Gmail, Apple Mail, Thunderbird: "On Mon, 7 Dec 2026 at 09:00, Ada <ada@x> wrote:" (sometimes over two lines).
  /^On\b.{0,300}\bwrote:\s*$/i,
  /^Am\b.{0,300}\bschrieb\b.*:\s*$/i,
  /^Le\b.{0,300}\ba écrit\s*:\s*$/i,
  // Outlook.
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
  /^-{2,}\s*Ursprüngliche Nachricht\s*-{2,}\s*$/i,
];

/** Outlook's header block of the quoted email: "From:" followed within a few lines by "Sent:" or "Date:". */
function startsOutlookHeader(lines: readonly string[], index: number): boolean {
  if (!/^\*?(From|Von|De):\*?\s/i.test(lines[index] ?? '')) return false;
  return lines.slice(index + 1, index + 4).some((line) => /^\*?(Sent|Date|Gesendet|Envoyé):\*?\s/i.test(line));
}

/** The reply's own words, trimmed; empty when the email is all quote. */
export function trimQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const twoLines = `${line} ${lines[i + 1]?.trim() ?? ''}`;
    if (
      HISTORY_STARTS.some((start) => start.test(line)) ||
      (/^On\b/i.test(line) && /\bwrote:\s*$/i.test(twoLines) && !/\bwrote:/i.test(line)) ||
      startsOutlookHeader(lines, i) ||
      // A signature: "-- " on its own line (RFC 3676), with or without its trailing space.
      /^--\s?$/.test(lines[i])
    ) {
      end = i;
      break;
    }
  }
  // A quote at the end without an attribution line ("> …" lines) goes too.
  const kept = lines.slice(0, end);
  while (kept.length && (kept.at(-1)!.trim() === '' || kept.at(-1)!.trimStart().startsWith('>'))) kept.pop();
  return kept.join('\n').trim();
}
