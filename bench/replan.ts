// Re-planning 10,000 open orders across 10 work centers after a two-day outage (issue 15's
// target: ≤ 5 s, never a day over capacity). The orders are first planned as the shop would
// have placed them (one after another, earliest free minutes); then one center is closed for
// two days and every order with work left is placed again (capacity/replan.ts). Measures the
// planning itself (the pure function over plain data; reading and writing bookings is not in
// it), checks that no day is over capacity, and writes the "replan" section of
// docs/benchmarks.md only with the full size and when the load average is below 2.
//
//   node --import tsx bench/replan.ts [--orders 10000] [--centers 10] [--runs 3] [--no-write]
import { cpus, loadavg } from 'node:os';
import {
  addDays,
  placeWork,
  type BookedMinutes,
  type CenterCapacity,
  type WorkToPlace,
} from '../packages/server/src/capacity/capacity.ts';
import { replan, type OrderToReplan } from '../packages/server/src/capacity/replan.ts';
import { writeBenchSection } from './doc-section.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const ordersN = Number(arg('--orders') ?? 10_000);
const centersN = Number(arg('--centers') ?? 10);
const runs = Number(arg('--runs') ?? 3);
const write = !process.argv.includes('--no-write') && ordersN === 10_000 && centersN === 10;

// A seeded generator, so every run plans the same firm.
let seed = 20261207;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

const START = '2027-03-01'; // a Monday
const centers: CenterCapacity[] = Array.from({ length: centersN }, (_, i) => ({
  id: `center-${i}`,
  code: `c${i}`,
  name: `Center ${i}`,
  // Ten people on one shift: 4,800 minutes, so the open orders are about seven weeks of work.
  minutesPerDay: 4_800,
  reservedMinutesPerDay: 480,
  workingDays: [1, 2, 3, 4, 5],
}));

// The orders as placed: 2–4 operations of 20–90 minutes, the last one final, over the last
// weeks (so some of their work is already planned before the outage).
const orders: OrderToReplan[] = [];
const booked: BookedMinutes = new Map();
const taken = new Map<string, number>();
const byCode = new Map(centers.map((c) => [c.code, c]));
for (let n = 1; n <= ordersN; n++) {
  const ops = 2 + Math.floor(rand() * 3);
  const work: WorkToPlace[] = Array.from({ length: ops }, (_, k) => ({
    center: `c${Math.floor(rand() * centersN)}`,
    minutes: 20 + Math.floor(rand() * 71),
    final: k === ops - 1,
  }));
  const orderDay = START;
  const leadTimeDays = 2 + Math.floor(rand() * 5);
  const priority = rand() < 0.1 ? 1 : 0;
  const placed = placeWork({
    firstDay: addDays(orderDay, 1),
    partsIn: addDays(orderDay, leadTimeDays - 1),
    work,
    centers: byCode,
    booked,
    taken,
    mayUseReserve: priority > 0,
  });
  const last = placed.lastDay!;
  orders.push({
    orderId: `order-${n}`,
    number: n,
    orderDay,
    leadTimeDays,
    promisedDate: addDays(last, 1),
    priority,
    mayUseReserve: priority > 0,
    work,
  });
}

// Outage: center c0 is down on the first two working days of the plan.
const outage = [addDays(START, 1), addDays(START, 2)];
const changed = centers.map((c) =>
  c.code === 'c0' ? { ...c, calendar: new Map(outage.map((d) => [d, 0])) } : c,
);

let plan = replan({ start: addDays(START, 1), centers: changed, fixed: new Map(), orders });
const times: number[] = [];
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  plan = replan({ start: addDays(START, 1), centers: changed, fixed: new Map(), orders });
  times.push(performance.now() - t0);
}

// Independent check: no center's day over its capacity.
const load = new Map<string, number>();
for (const o of plan.orders)
  for (const a of o.allocations)
    load.set(`${a.centerId}|${a.day}`, (load.get(`${a.centerId}|${a.day}`) ?? 0) + a.minutes);
let over = 0;
for (const [key, minutes] of load) {
  const [id, day] = key.split('|') as [string, string];
  const c = changed.find((x) => x.id === id)!;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const cap = c.calendar?.get(day) ?? (weekday >= 1 && weekday <= 5 ? c.minutesPerDay : 0);
  if (minutes > cap) over++;
}
if (over > 0) throw new Error(`${over} center-days over capacity`);

times.sort((a, b) => a - b);
const lastDay = plan.orders.reduce((m, o) => (o.promisedDate > m ? o.promisedDate : m), START);
console.log(
  `re-planned ${ordersN} orders on ${centersN} centers: ${times.map((t) => t.toFixed(0)).join(' / ')} ms; ${plan.late} later (mean ${plan.averageDelayDays.toFixed(2)} days), last promise ${lastDay}, no day over capacity`,
);
const load1 = loadavg()[0]!;
const text = [
  '## Re-planning after a capacity change',
  '',
  `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${load1.toFixed(2)} at the end of the run. ${ordersN.toLocaleString('en')} open orders (2–4 operations of 20–90 minutes, the last one final) on ${centersN} work centers of 4,800 minutes a day (about seven weeks of work), first planned one after another as the shop placed them; then one center is closed for two days and every order is placed again in priority order (\`capacity/replan.ts\`, target ≤ 5 s). The time is the planning over plain data (reading bookings and writing the plan are not in it); the run checks that no center's day is over capacity.`,
  '',
  '| orders | centers | re-plan (runs) | orders later | mean delay | over capacity |',
  '| --- | --- | --- | --- | --- | --- |',
  `| ${ordersN.toLocaleString('en')} | ${centersN} | ${times.map((t) => `${t.toFixed(0)} ms`).join(' / ')} | ${plan.late} | ${plan.averageDelayDays.toFixed(2)} days | none |`,
].join('\n');
if (!write) console.log('(not written: --no-write, or not the full size)');
else if (load1 >= 2) console.log(`(not written: load average ${load1.toFixed(2)} ≥ 2)`);
else writeBenchSection('replan', text);
