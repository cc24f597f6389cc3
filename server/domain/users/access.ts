// An admin's change to a colleague's access (role, deactivation). Pure.
export interface AccessChange {
  role?: 'admin' | 'buyer';
  deactivated?: boolean;
}

type Role = 'admin' | 'buyer' | 'vendor';

interface UserAccess {
  sid: string;
  role: Role;
  deactivated: Date | null;
}

/**
 * Why the admin may not make this change, naming the field; null when they may. No one changes their own
 * access (another admin can), so an organization always keeps an admin; a vendor user's access is its vendor's.
 */
export function accessChangeRefusal(
  adminSid: string,
  user: UserAccess,
  change: AccessChange,
): { message: string; field: 'role' | 'deactivated' } | null {
  const field = change.role === undefined ? 'deactivated' : 'role';
  if (user.sid === adminSid) {
    return {
      message: 'You cannot change your own access: another admin can. So the organization always keeps an admin.',
      field,
    };
  }
  if (user.role === 'vendor') return { message: 'A vendor user is managed from its vendor.', field };
  return null;
}

/** The access after the change: a user deactivated again keeps the time they were first deactivated. */
export function accessAfter(
  user: UserAccess,
  change: AccessChange,
  now: Date,
): { role: Role; deactivated: Date | null } {
  return {
    role: change.role ?? user.role,
    deactivated:
      change.deactivated === undefined ? user.deactivated : change.deactivated ? (user.deactivated ?? now) : null,
  };
}
