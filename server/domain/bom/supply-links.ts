// Order lines linked to BOM lines by hand, applied to the open order lines
// read by part number, before the forecast pools them by part:
// - A linked order line counts as the BOM line's own part (its first part
//   number), whatever its MPN says. Linked to lines of several parts, the
//   earliest link stands.
// - An unlinked order line whose part is one of the BOM line's part numbers
//   counts for nothing for that part (and so for no line of that part: parts
//   are pooled), unless it is linked to some line.
import { normalizePartNumber } from './forecast.ts';

export interface SupplyLink {
  bomLineSid: string;
  itemGroupSid: string;
  linked: boolean;
  /** When it was set (an ISO string or a Date): the earliest link of an order line stands. */
  created: string | Date;
}

export interface LinkedBomLine {
  sid: string;
  /** Its part number first, then its alternatives. */
  partNumbers: readonly string[];
}

export interface PartSupply {
  itemGroupSid: string;
  partNumber: string;
  /** Absent as read: rows that stay as they are are passed on as they are, not copied (tens of thousands). */
  linked?: boolean;
}

export interface LinkedSupply<S extends PartSupply> {
  /** The supply to pool by part: matched by part number and not unlinked, or linked (marked so). */
  supply: S[];
  /** Per BOM line sid, the order lines of its part that it was unlinked from. */
  excluded: Map<string, S[]>;
}

/**
 * `matched`: the open order lines of the BOMs' parts, read by part number; `linkedRows`: the open order lines the
 * links name (some may be in `matched` too). Links of lines not given are ignored.
 */
export function applySupplyLinks<S extends PartSupply>(
  matched: readonly S[],
  linkedRows: readonly S[],
  links: readonly SupplyLink[],
  lines: readonly LinkedBomLine[],
): LinkedSupply<S> {
  if (links.length === 0) return { supply: [...matched], excluded: new Map() };
  const lineBySid = new Map(lines.map((l) => [l.sid, l]));
  const time = (t: string | Date) => new Date(t).getTime();
  const ordered = [...links].sort(
    (a, b) => time(a.created) - time(b.created) || a.bomLineSid.localeCompare(b.bomLineSid),
  );
  const linkedAs = new Map<string, string>();
  const unlinked: { line: LinkedBomLine; itemGroupSid: string }[] = [];
  for (const link of ordered) {
    const line = lineBySid.get(link.bomLineSid);
    if (!line?.partNumbers.length) continue;
    if (link.linked) {
      if (!linkedAs.has(link.itemGroupSid)) linkedAs.set(link.itemGroupSid, line.partNumbers[0]);
    } else unlinked.push({ line, itemGroupSid: link.itemGroupSid });
  }
  const rows = new Map<string, S>(linkedRows.map((r) => [r.itemGroupSid, r]));
  const matchedSids = new Set<string>();
  for (const r of matched) {
    rows.set(r.itemGroupSid, r);
    matchedSids.add(r.itemGroupSid);
  }
  // Each unlinked order line, left out of the parts of the lines it was unlinked from.
  const excluded = new Map<string, S[]>();
  const leftOut = new Set<string>();
  for (const { line, itemGroupSid } of unlinked) {
    const row = rows.get(itemGroupSid);
    if (!row || linkedAs.has(itemGroupSid) || !matchedSids.has(itemGroupSid)) continue;
    const keys = new Set(line.partNumbers.map(normalizePartNumber));
    if (!keys.has(normalizePartNumber(row.partNumber))) continue;
    leftOut.add(itemGroupSid);
    const list = excluded.get(line.sid);
    if (list) list.push(row);
    else excluded.set(line.sid, [row]);
  }
  const supply: S[] = [];
  for (const row of rows.values()) {
    const part = linkedAs.get(row.itemGroupSid);
    if (part !== undefined) supply.push({ ...row, partNumber: part, linked: true });
    else if (matchedSids.has(row.itemGroupSid) && !leftOut.has(row.itemGroupSid)) supply.push(row);
  }
  return { supply, excluded };
}
