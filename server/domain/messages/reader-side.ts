// Which messages are news to a reader: the other side's. A vendor user reads
// the organization's staff; staff read vendors and outside emails (a reply by
// mail from someone with no account has no author role). One rule for the
// SQL that counts unread messages and the code that marks each one read.

/** The roles of the organization's own staff. */
export const STAFF_ROLES = ['admin', 'buyer'] as const;
const staff: ReadonlySet<string> = new Set(STAFF_ROLES);

/** Whether a message by `authorRole` is the other side's for a reader of `readerRole`. */
export function isOtherSide(readerRole: string, authorRole: string | null): boolean {
  const byStaff = authorRole !== null && staff.has(authorRole);
  return readerRole === 'vendor' ? byStaff : !byStaff;
}
