// "Changed by the vendor since you last looked": the time the buyer last
// marked the vendor's changes as seen, kept in this browser per user. A first
// visit counts the last week's changes as new, so a buyer starting out sees
// what vendors did lately.
import { useCallback, useMemo, useState } from 'react';

const WEEK_MS = 7 * 86_400_000;
const keyOf = (userSid: string) => `factor:vendor-changes-seen:${userSid}`;

/** Reads (and on a first visit sets) when the user last looked; storage that is refused counts as a first visit. */
function readSeen(userSid: string, now: number): string {
  try {
    const stored = localStorage.getItem(keyOf(userSid));
    if (stored && !Number.isNaN(Date.parse(stored))) return stored;
    const first = new Date(now - WEEK_MS).toISOString();
    localStorage.setItem(keyOf(userSid), first);
    return first;
  } catch {
    return new Date(now - WEEK_MS).toISOString();
  }
}

export function useVendorChangesSeen(userSid: string | undefined) {
  // Set when the user marks the changes seen; until then, what this browser kept (read once per user).
  const [marked, setMarked] = useState<{ userSid: string; at: string } | null>(null);
  const [firstVisit] = useState(() => Date.now());
  const stored = useMemo(() => (userSid ? readSeen(userSid, firstVisit) : null), [userSid, firstVisit]);
  const seenAt = marked && marked.userSid === userSid ? marked.at : stored;
  const markSeen = useCallback(() => {
    if (!userSid) return;
    const at = new Date().toISOString();
    try {
      localStorage.setItem(keyOf(userSid), at);
    } catch {
      // Storage refused (a private window): the markers clear for this visit only.
    }
    setMarked({ userSid, at });
  }, [userSid]);
  return { seenAt, markSeen };
}

/** Whether the vendor changed the row after `seenAt` (never while that is unknown). */
export function changedByVendorSince(row: { vendorChangedAt: string | null }, seenAt: string | null): boolean {
  if (seenAt === null || row.vendorChangedAt === null) return false;
  return Date.parse(row.vendorChangedAt) > Date.parse(seenAt);
}
