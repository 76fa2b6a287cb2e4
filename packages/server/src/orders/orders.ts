// The order lifecycle as a state machine, and order views.
import { Conflict } from '../http/errors.ts';
import type { OrderStatus } from './orders.schema.ts';

export const TRANSITIONS: Record<OrderStatus, OrderStatus[]> = {
  pending_confirmation: ['placed', 'cancelled'],
  // Only an approval places it (approvals/: re-checked and booked then); staff may cancel it.
  awaiting_approval: ['cancelled'],
  placed: ['confirmed', 'cancelled'],
  confirmed: ['in_production', 'cancelled'],
  in_production: ['shipped'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export class InvalidTransition extends Conflict {
  constructor(
    readonly from: OrderStatus,
    readonly to: OrderStatus,
  ) {
    const allowed = TRANSITIONS[from];
    super(
      `An order that is ${from.replace('_', ' ')} cannot become ${to.replace('_', ' ')}. ${
        allowed.length ? `Allowed next: ${allowed.join(', ')}.` : 'It is final.'
      }${to === 'cancelled' ? ' Orders can be cancelled only before production starts.' : ''}`,
      [
        {
          field: 'to',
          message: allowed.length
            ? `must be one of ${allowed.join(', ')}`
            : 'no transition is allowed',
        },
      ],
    );
    this.extensions = { code: 'invalid-transition', from, to, allowed };
  }
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!TRANSITIONS[from].includes(to)) throw new InvalidTransition(from, to);
}

/**
 * What a transition to `to` does with the order's reserved stock (stock/): production starting is
 * the postponement step, which uses the modules; a cancellation gives them back.
 */
export function stockSettlement(to: OrderStatus): 'consume' | 'return' | null {
  return to === 'in_production' ? 'consume' : to === 'cancelled' ? 'return' : null;
}

/** Whether the order still holds capacity that a transition to `to` gives back. */
export function freesCapacity(to: OrderStatus): boolean {
  return to === 'cancelled';
}
