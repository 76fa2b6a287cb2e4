// What the signed-in staff member may change, to show only the controls that will work.
// The server enforces these rules (it answers 403 otherwise); keep them in step with its guards:
// owners manage the firm's settings, staff and API keys; everyone on the staff may look.
import type { Session } from '../api/types.ts';

export function canManageFirm(session: Session): boolean {
  return session.user.kind === 'staff' && session.user.role === 'owner';
}

export const OWNERS_ONLY = 'Only owners can change this. Ask an owner of your firm.';
