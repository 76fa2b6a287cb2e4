// What the dialogue needs from the designs and orders module, which owns those tables. That
// module registers its implementation at startup (registerDesignPort / registerOrderPort);
// until it does, conversations about designs or orders, revisions and feedback answer 503.
import type { AppDeps } from '../deps.ts';
import type { Db } from '../db/types.ts';
import { HttpProblem } from '../http/errors.ts';
import type { DesignProposal } from './dialogue.schema.ts';

export type DesignPort = {
  /** The design if it belongs to the tenant; customerId null for a guest's design. */
  find(
    db: Db,
    tenantId: string,
    designId: string,
  ): Promise<{ id: string; customerId: string | null; currentVersion: number } | null>;
  /** Checks the proposal under the engine for the design's product version. */
  check(
    deps: AppDeps,
    tenantId: string,
    designId: string,
    proposal: DesignProposal,
  ): Promise<{ valid: boolean; violations: { rule: string; message: string }[] }>;
  /** Saves the proposal as the design's new version, which becomes current; returns its number. */
  addVersion(
    deps: AppDeps,
    tenantId: string,
    designId: string,
    proposal: DesignProposal,
  ): Promise<number>;
};

export type OrderPort = {
  find(
    db: Db,
    tenantId: string,
    orderId: string,
  ): Promise<{ id: string; customerId: string | null; status: string; product: string } | null>;
  /**
   * The customer accepted version `version` of the design: its open orders are changed (or the
   * change is left for the firm, or refused once production started), in `deps.db`'s
   * transaction. Returns one sentence per order for the conversation.
   */
  reviseForDesign(
    deps: AppDeps,
    tenantId: string,
    designId: string,
    version: number,
  ): Promise<{ orderId: string; orderNumber: number; status: string; message: string }[]>;
};

let designPort: DesignPort | null = null;
let orderPort: OrderPort | null = null;

export function registerDesignPort(port: DesignPort): void {
  designPort = port;
}
export function registerOrderPort(port: OrderPort): void {
  orderPort = port;
}

export class ModuleMissing extends HttpProblem {
  constructor(what: string) {
    super(
      503,
      'module-missing',
      'Not available',
      `The ${what} module is not installed on this server.`,
    );
  }
}

export function designs(): DesignPort {
  if (!designPort) throw new ModuleMissing('designs');
  return designPort;
}
export function orders(): OrderPort {
  if (!orderPort) throw new ModuleMissing('orders');
  return orderPort;
}
