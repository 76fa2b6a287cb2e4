// Background work of a server process: draining the webhook and mail queues, releasing expired
// guest-order holds, moving orders on from providers that let their accept deadline pass, the
// retention job, (given a compute pool) the daily customer-value recompute, and campaigns:
// queueing due ones and sending one small batch per turn of the loop (campaigns/send.ts).
// `startWorkers(deps)` returns `stop()`: in-flight webhook requests are abandoned (their leases
// run out and another worker sends them again), the rest of the batch is recorded first.
import type { AppDeps } from '../deps.ts';
import { queueDueCampaigns, runCampaignBatch } from '../campaigns/send.ts';
import { recomputeDueCustomerValues } from '../insights/schedule.ts';
import { releaseExpiredHolds } from '../orders/holds.ts';
import { runRetention } from '../privacy/retention.ts';
import { expireRoutings } from '../providers/routing.ts';
import { runMailBatch } from './mail.ts';
import { defaultDeliveryPolicy, runDeliveryBatch, type DeliveryPolicy } from './webhooks.ts';

export type WorkerOptions = {
  /** Pause between polls when the queue had nothing due. */
  pollMs: number;
  /** How often the retention job runs. */
  retentionEveryMs: number;
  /** How often expired guest-order holds are released. */
  holdReleaseEveryMs: number;
  /**
   * How often orders past their provider's accept deadline move on: an order waits at most this
   * long beyond its deadline (deadlines are hours, so minutes are close enough).
   */
  routingDeadlineEveryMs: number;
  /** How often firms due for a customer-value recompute are looked for (each is done daily). */
  customerValueCheckEveryMs: number;
  /** How often scheduled campaigns whose time has come are looked for and queued. */
  campaignQueueEveryMs: number;
  policy: DeliveryPolicy;
};

export const defaultWorkerOptions: WorkerOptions = {
  pollMs: 1000,
  retentionEveryMs: 60 * 60_000,
  holdReleaseEveryMs: 60_000,
  routingDeadlineEveryMs: 5 * 60_000,
  customerValueCheckEveryMs: 60 * 60_000,
  campaignQueueEveryMs: 5_000,
  policy: defaultDeliveryPolicy,
};

export function startWorkers(
  deps: Pick<AppDeps, 'db' | 'clock' | 'ids' | 'logger' | 'config'> &
    Partial<Pick<AppDeps, 'compute'>>,
  options: Partial<WorkerOptions> = {},
): () => Promise<void> {
  const o = { ...defaultWorkerOptions, ...options };
  let stopped = false;
  const stopping = new AbortController();
  let wake: (() => void) | null = null;
  let lastRetention = 0;
  let lastHoldRelease = 0;
  let lastRoutingCheck = 0;
  let lastCustomerValueCheck = 0;
  let lastCampaignQueue = 0;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    while (!stopped) {
      let worked = 0;
      try {
        worked = await runDeliveryBatch(deps, o.policy, stopping.signal);
        worked += await runMailBatch(deps);
        if (Date.now() - lastCampaignQueue >= o.campaignQueueEveryMs) {
          lastCampaignQueue = Date.now();
          worked += await queueDueCampaigns(deps);
        }
        // One small batch per turn: a campaign of 100,000 never holds the loop (or a
        // connection) for long, and the event loop yields between batches.
        worked += await runCampaignBatch(deps);
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (Date.now() - lastHoldRelease >= o.holdReleaseEveryMs) {
          lastHoldRelease = Date.now();
          await releaseExpiredHolds(deps);
        }
        if (Date.now() - lastRoutingCheck >= o.routingDeadlineEveryMs) {
          lastRoutingCheck = Date.now();
          const moved = await expireRoutings(deps);
          if (moved > 0) deps.logger.info({ moved }, 'moved orders past their provider’s deadline');
        }
        const compute = deps.compute;
        if (compute && Date.now() - lastCustomerValueCheck >= o.customerValueCheckEveryMs) {
          lastCustomerValueCheck = Date.now();
          const scored = await recomputeDueCustomerValues({ ...deps, compute });
          if (scored > 0) deps.logger.info({ firms: scored }, 'recomputed customer value');
        }
        if (Date.now() - lastRetention >= o.retentionEveryMs) {
          lastRetention = Date.now();
          await runRetention(deps);
        }
      } catch (error) {
        if (stopped) break;
        deps.logger.error({ err: error }, 'background worker failed; retrying');
      }
      if (!stopped && worked === 0) await sleep(o.pollMs);
    }
  })();
  return async () => {
    stopped = true;
    stopping.abort();
    (wake as (() => void) | null)?.();
    await loop;
  };
}
