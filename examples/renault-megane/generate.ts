// Writes examples/renault-megane/model.json from the CLib Renault Megane benchmark
// (../shared/benchmarks/configuration/clib: megane.xml + renault_domains.txt): the 99 variables
// become features whose option ids are Renault's own value codes, the 113 tables become rules,
// and the annotations below add labels, sections, invented prices, a routing and presets.
//
//   node --import tsx examples/renault-megane/generate.ts [BENCHMARKS_DIR]
//
// The tables are written compactly without changing what they allow: each one takes whichever
// of its allowed or forbidden rows is shorter, and rows that differ in one column only, covering
// that column's whole domain, merge into one row with `*` there (194,478 rows → about 29,000).
// The test (examples/renault-megane.test.ts) checks the count stays 2,835,456,006,272.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compile,
  createSession,
  importXcsp,
  parseDomainNames,
  type EnumFeature,
  type OptionDef,
  type ProductModel,
  type RuleDef,
  type Value,
} from '@customerize/engine';

const here = dirname(fileURLToPath(import.meta.url));
const benchmarks = resolve(process.argv[2] ?? join(here, '../../../shared/benchmarks'));
const clib = join(benchmarks, 'configuration/clib');

type Section =
  'vehicle' | 'engine' | 'comfort' | 'safety' | 'interior' | 'exterior' | 'audio' | 'factory';

/** [variable, feature id, label, section, option labels, option prices in euros]. */
type Note = [string, string, string, Section, Record<string, string>?, Record<string, number>?];

// Labels are our reading of Renault's French abbreviations (DIESEL/ESS = diesel/essence, DD/DG =
// right/left-hand drive, CA = climatisation, TO = toit ouvrant, ...); where a code could not be
// read the feature is named by its variable and shows the codes. Every price is invented.
const notes: Note[] = [
  ['1', 'body', 'Body and version', 'vehicle'],
  ['2', 'equipment_series', 'Equipment series', 'vehicle'],
  ['3', 'model_code', 'Model code', 'vehicle'],
  ['4', 'fuel', 'Fuel', 'engine', { DIESEL: 'Diesel', ESS: 'Petrol' }, { DIESEL: 1300 }],
  ['5', 'market', 'Country of sale', 'vehicle'],
  [
    '6',
    'steering_side',
    'Driving side',
    'vehicle',
    { DD: 'Right-hand drive', DG: 'Left-hand drive' },
  ],
  [
    '7',
    'climate',
    'Climate version',
    'comfort',
    { GDFROI: 'Extreme cold', TEMP: 'Temperate' },
    { GDFROI: 250 },
  ],
  ['8', 'var8', 'Factory code 8', 'factory'],
  [
    '9',
    'power_steering',
    'Steering',
    'comfort',
    { DA: 'Power steering', DM: 'Manual steering' },
    { DA: 450 },
  ],
  ['10', 'var10', 'Factory code 10', 'factory'],
  ['11', 'abs', 'Anti-lock brakes', 'safety', { ABS: 'ABS', SSABS: 'Without ABS' }, { ABS: 600 }],
  [
    '12',
    'roof_rails',
    'Roof rails',
    'exterior',
    { GALERI: 'Roof rails', SGALER: 'Without roof rails' },
    { GALERI: 250 },
  ],
  [
    '13',
    'air_conditioning',
    'Climate control',
    'comfort',
    { CA: 'Air conditioning', CHAUFO: 'Heating only' },
    { CA: 1100 },
  ],
  [
    '14',
    'roof',
    'Roof',
    'exterior',
    {
      TN: 'Fixed roof',
      TO: 'Sunroof',
      TODEGO: 'Sunroof, removable',
      CATOEL: 'Convertible, electric hood',
      CATOMA: 'Convertible, manual hood',
      CAPVMA: 'Convertible, manual hood with wind deflector',
    },
    { TO: 650, TODEGO: 750, CATOEL: 900 },
  ],
  [
    '15',
    'heated_windscreen',
    'Heated windscreen',
    'comfort',
    { PBCH: 'Heated windscreen', PBNCH: 'Standard windscreen' },
    { PBCH: 300 },
  ],
  ['16', 'glass', 'Glass', 'exterior', { VC: 'Clear glass', VT: 'Tinted glass' }, { VT: 180 }],
  ['17', 'var17', 'Factory code 17', 'factory'],
  ['18', 'var18', 'Factory code 18', 'factory'],
  [
    '19',
    'central_locking',
    'Central locking',
    'safety',
    { CPE: 'Central locking', SSCPE: 'Without central locking' },
    { CPE: 350 },
  ],
  ['20', 'var20', 'Factory code 20', 'factory'],
  [
    '21',
    'mirrors',
    'Door mirrors',
    'exterior',
    { RETROE: 'Electric mirrors', RETROR: 'Manually adjusted mirrors' },
    { RETROE: 220 },
  ],
  [
    '22',
    'seat_height',
    'Driver seat height',
    'interior',
    { REGSIT: 'Height adjustable', SSRSIT: 'Fixed height' },
    { REGSIT: 120 },
  ],
  [
    '23',
    'fog_lamps',
    'Fog lamps',
    'exterior',
    { PROJAB: 'Front fog lamps', SPROJA: 'Without fog lamps' },
    { PROJAB: 200 },
  ],
  ['24', 'var24', 'Factory code 24', 'factory'],
  ['25', 'var25', 'Factory code 25', 'factory'],
  ['26', 'var26', 'Factory code 26', 'factory'],
  ['27', 'var27', 'Factory code 27', 'factory'],
  ['28', 'var28', 'Factory code 28', 'factory'],
  ['29', 'upholstery', 'Upholstery', 'interior', { CUI: 'Leather', DRA: 'Cloth' }, { CUI: 1500 }],
  ['30', 'rear_headrests', 'Rear headrests', 'interior'],
  ['31', 'rear_bench', 'Rear bench', 'interior'],
  [
    '32',
    'seat_memory',
    'Seat adjustment',
    'interior',
    { SGMANU: 'Manual', SGMEMO: 'Electric with memory' },
    { SGMEMO: 700 },
  ],
  ['33', 'speedometer', 'Speedometer', 'vehicle', { KM: 'Kilometres', MILES: 'Miles' }],
  ['34', 'var34', 'Factory code 34', 'factory'],
  ['35', 'var35', 'Factory code 35', 'factory'],
  ['36', 'var36', 'Factory code 36', 'factory'],
  [
    '39',
    'diesel_catalyst',
    'Diesel catalytic converter',
    'engine',
    { CATADI: 'Diesel catalytic converter', SCATAD: 'Without' },
    { CATADI: 150 },
  ],
  [
    '40',
    'clutch',
    'Clutch',
    'engine',
    { EMBNOR: 'Standard clutch', EMBPIL: 'Automated clutch', SEMBRY: 'No clutch pedal' },
    { EMBPIL: 500 },
  ],
  [
    '41',
    'tyres',
    'Tyres',
    'exterior',
    { PNERFL: 'Run-flat tyres', PNESTD: 'Standard tyres' },
    { PNERFL: 400 },
  ],
  ['42', 'var42', 'Factory code 42', 'factory'],
  ['43', 'var43', 'Factory code 43', 'factory'],
  [
    '44',
    'lpg',
    'LPG equipment',
    'engine',
    { EQGPL: 'LPG conversion', PREGPL: 'Prepared for LPG' },
    { EQGPL: 1800, PREGPL: 300 },
  ],
  [
    '45',
    'suspension',
    'Suspension',
    'engine',
    { SUSNOR: 'Standard suspension', SUSREN: 'Reinforced suspension' },
    { SUSREN: 200 },
  ],
  ['46', 'var46', 'Factory code 46', 'factory'],
  [
    '47',
    'front_windows',
    'Front windows',
    'comfort',
    { LVAVEL: 'Electric front windows', LVAVMA: 'Manual front windows' },
    { LVAVEL: 300 },
  ],
  [
    '48',
    'rear_windows',
    'Rear windows',
    'comfort',
    {
      LVAREL: 'Electric rear windows',
      LVARMA: 'Manual rear windows',
      SSLVAR: 'Fixed rear windows',
    },
    { LVAREL: 300 },
  ],
  ['49', 'var49', 'Factory code 49', 'factory'],
  ['50', 'var50', 'Factory code 50', 'factory'],
  [
    '51',
    'heated_seats',
    'Heated seats',
    'interior',
    { SGACHA: 'Heated front seats', SGSCHA: 'Unheated seats' },
    { SGACHA: 350 },
  ],
  ['52', 'var52', 'Factory code 52', 'factory'],
  ['53', 'var53', 'Factory code 53', 'factory'],
  [
    '54',
    'navigation',
    'Navigation',
    'audio',
    { NAVIG: 'Navigation system', SNAVIG: 'Without navigation' },
    { NAVIG: 1800 },
  ],
  ['55', 'child_headrests', 'Child headrests', 'interior'],
  ['56', 'var56', 'Factory code 56', 'factory'],
  [
    '57',
    'spoiler',
    'Rear spoiler',
    'exterior',
    { AILAR: 'Rear spoiler', SAILAR: 'Without spoiler' },
    { AILAR: 280 },
  ],
  [
    '58',
    'trim',
    'Trim level',
    'vehicle',
    { RN: 'RN', RT: 'RT', RXE: 'RXE', RL: 'RL', SMONEQ: 'Base' },
    { RT: 900, RXE: 1900, MGMRTA: 1100, MGMRTE: 1200, MGMRXT: 2100, MGMRNA: 300, MGMRNE: 400 },
  ],
  ['59', 'var59', 'Factory code 59', 'factory'],
  [
    '60',
    'headlamp_washers',
    'Headlamp washers',
    'exterior',
    { LAVPH: 'Headlamp washers', SLAVPH: 'Without' },
    { LAVPH: 230 },
  ],
  ['61', 'var61', 'Factory code 61', 'factory'],
  ['62', 'var62', 'Factory code 62', 'factory'],
  [
    '63',
    'steering_wheel',
    'Steering wheel',
    'interior',
    { VOLRH: 'Height adjustable', VOLNRH: 'Fixed' },
    { VOLRH: 120 },
  ],
  ['64', 'var64', 'Factory code 64', 'factory'],
  ['65', 'var65', 'Factory code 65', 'factory'],
  [
    '66',
    'wheels',
    'Wheels',
    'exterior',
    { JANALU: 'Alloy wheels', JANTOL: 'Steel wheels' },
    { JANALU: 550 },
  ],
  ['67', 'var67', 'Factory code 67', 'factory'],
  ['68', 'var68', 'Factory code 68', 'factory'],
  ['69', 'var69', 'Factory code 69', 'factory'],
  ['70', 'var70', 'Factory code 70', 'factory'],
  ['71', 'var71', 'Factory code 71', 'factory'],
  ['72', 'fabric', 'Seat fabric', 'interior'],
  ['73', 'dashboard_trim', 'Dashboard trim', 'interior'],
  ['74', 'door_trim', 'Door panel trim', 'interior'],
  ['75', 'var75', 'Factory code 75', 'factory'],
  ['76', 'var76', 'Factory code 76', 'factory'],
  [
    '77',
    'passenger_airbag',
    'Passenger airbag',
    'safety',
    { ABPA01: 'Passenger airbag', SSABPA: 'Without' },
    { ABPA01: 400 },
  ],
  ['78', 'var78', 'Factory code 78', 'factory'],
  [
    '79',
    'side_airbags',
    'Side airbags',
    'safety',
    { ABCO01: 'Side airbags', SSABCO: 'Without' },
    { ABCO01: 450 },
  ],
  [
    '80',
    'radio',
    'Radio',
    'audio',
    { SRADIO: 'Without radio', ANSRAD: 'Aerial only' },
    { CRIT2X5KS: 250, CRIT2X8KI: 320, CRIT4X15CI: 450, CRIT4X15KI: 480, CRIT4X25KI: 620 },
  ],
  [
    '81',
    'gearbox',
    'Gearbox',
    'engine',
    { BVA4: '4-speed automatic', BVM5: '5-speed manual' },
    { BVA4: 1200 },
  ],
  ['82', 'var82', 'Factory code 82', 'factory'],
  ['83', 'var83', 'Factory code 83', 'factory'],
  ['84', 'var84', 'Factory code 84', 'factory'],
  [
    '85',
    'cd_changer',
    'CD changer',
    'audio',
    { CDCOF: 'CD changer in the boot', SCDCOF: 'Without' },
    { CDCOF: 420 },
  ],
  ['86', 'var86', 'Factory code 86', 'factory'],
  ['87', 'var87', 'Factory code 87', 'factory'],
  ['88', 'var88', 'Factory code 88', 'factory'],
  ['89', 'var89', 'Factory code 89', 'factory'],
  [
    '90',
    'immobiliser',
    'Immobiliser',
    'safety',
    { ANTID: 'Immobiliser', ANTIDI: 'Immobiliser with key code', SDPCLV: 'Without' },
    { ANTID: 150, ANTIDI: 190 },
  ],
  ['91', 'var91', 'Factory code 91', 'factory'],
  ['92', 'var92', 'Factory code 92', 'factory'],
  ['93', 'var93', 'Factory code 93', 'factory'],
  [
    '94',
    'emissions',
    'Emission standard',
    'engine',
    { EU93: 'Euro 1', EU96: 'Euro 2', EU00: 'Euro 3' },
  ],
  [
    '95',
    'displacement',
    'Engine size',
    'engine',
    {
      CRIT1149CC: '1149 cc',
      CRIT1390CC: '1390 cc',
      CRIT1598CC: '1598 cc',
      CRIT1870CC: '1870 cc',
      CRIT1998CC: '1998 cc',
    },
    { CRIT1390CC: 400, CRIT1598CC: 1000, CRIT1870CC: 1500, CRIT1998CC: 2400 },
  ],
  [
    '96',
    'power',
    'Power',
    'engine',
    {
      CRIT060CV: '60 hp',
      CRIT065CV: '65 hp',
      CRIT070CV: '70 hp',
      CRIT075CV: '75 hp',
      CRIT090CV: '90 hp',
      CRIT095CV: '95 hp',
      CRIT100CV: '100 hp',
      CRIT105CV: '105 hp',
      CRIT115CV: '115 hp',
      CRIT150CV: '150 hp',
    },
    {
      CRIT065CV: 100,
      CRIT070CV: 200,
      CRIT075CV: 300,
      CRIT090CV: 500,
      CRIT095CV: 600,
      CRIT100CV: 700,
      CRIT105CV: 800,
      CRIT115CV: 1100,
      CRIT150CV: 2000,
    },
  ],
  ['97', 'var97', 'Factory code 97', 'factory'],
  ['98', 'var98', 'Factory code 98', 'factory'],
  ['99', 'gearbox_type', 'Gearbox type', 'engine'],
  ['100', 'var100', 'Factory code 100', 'factory'],
  ['101', 'engine_type', 'Engine type', 'engine'],
];

const sections: Array<{ id: Section; label: string; help?: string }> = [
  {
    id: 'vehicle',
    label: 'Vehicle',
    help: 'Body, trim level and the country the car is built for.',
  },
  { id: 'engine', label: 'Engine and gearbox' },
  { id: 'exterior', label: 'Exterior' },
  { id: 'interior', label: 'Interior' },
  { id: 'comfort', label: 'Comfort' },
  { id: 'safety', label: 'Safety' },
  { id: 'audio', label: 'Audio and navigation' },
  {
    id: 'factory',
    label: 'Factory codes',
    help: "Renault's own equipment codes whose meaning the published data does not give; the car still has to agree with them.",
  },
];

const xml = readFileSync(join(clib, 'megane.xml'), 'utf8');
const names = parseDomainNames(readFileSync(join(clib, 'renault_domains.txt'), 'utf8'));
const imported = importXcsp(xml, names, 'renault-megane').model;

const byVar = new Map(notes.map((n) => [n[0], n]));
const featureOf = new Map<string, string>(); // variable → feature id
const domains = new Map<string, string[]>(); // feature id → option ids
const labelOf = new Map<string, string>();
const features: EnumFeature[] = imported.features.map((f) => {
  const note = byVar.get(f.id);
  if (!note) throw new Error(`no note for variable ${f.id}`);
  if (f.type !== 'enum') throw new Error(`variable ${f.id} has no value names`);
  const [, id, label, group, optionLabels = {}, prices = {}] = note;
  featureOf.set(f.id, id);
  domains.set(
    id,
    f.options.map((o) => o.id),
  );
  labelOf.set(id, label);
  const options: OptionDef[] = f.options.map((o) => {
    const euros = prices[o.id] ?? 0;
    return {
      id: o.id,
      label: optionLabels[o.id] ? `${optionLabels[o.id]} (${o.id})` : o.id,
      ...(euros ? { price: euros * 100, cost: Math.round(euros * 100 * 0.7) } : {}),
    };
  });
  return {
    id,
    type: 'enum',
    label,
    ...(group === 'factory'
      ? { help: `Renault variable ${f.id}: ${options.map((o) => o.id).join(', ')}.` }
      : {}),
    group,
    options,
  };
});
for (const n of notes)
  if (!featureOf.has(n[0])) throw new Error(`note for unknown variable ${n[0]}`);

/** Rows that differ only in column j and cover its whole domain become one row with `*`. */
function mergeRows(rows: Value[][], sizes: number[]): Value[][] {
  let current = rows;
  let changed = true;
  while (changed) {
    changed = false;
    for (let j = 0; j < sizes.length; j++) {
      const keyOf = (r: Value[]) => r.map((x, i) => (i === j ? '' : String(x))).join('\u0001');
      const values = new Map<string, Set<string>>();
      for (const r of current) {
        const k = keyOf(r);
        const set = values.get(k) ?? new Set<string>();
        set.add(String(r[j]));
        values.set(k, set);
      }
      const next: Value[][] = [];
      const merged = new Set<string>();
      for (const r of current) {
        const k = keyOf(r);
        const set = values.get(k)!;
        if (!set.has('*') && set.size < sizes[j]!) {
          next.push(r);
          continue;
        }
        if (merged.has(k)) continue;
        merged.add(k);
        if (!set.has('*')) changed = true;
        next.push(r.map((x, i) => (i === j ? '*' : x)));
      }
      current = next;
    }
  }
  return current;
}

/** Every row over the given domains that is not in `rows` (rows hold no `*`). */
function complement(rows: Value[][], doms: string[][]): Value[][] {
  const present = new Set(rows.map((r) => r.join('\u0001')));
  const out: Value[][] = [];
  const idx = doms.map(() => 0);
  for (;;) {
    const row = idx.map((v, i) => doms[i]![v]!);
    if (!present.has(row.join('\u0001'))) out.push(row);
    let i = idx.length - 1;
    for (; i >= 0; i--) {
      if (++idx[i]! < doms[i]!.length) break;
      idx[i] = 0;
    }
    if (i < 0) return out;
  }
}

const rules: RuleDef[] = (imported.rules ?? []).map((r) => {
  const t = r.table!;
  const scope = t.features.map((v) => featureOf.get(v)!);
  const doms = scope.map((f) => domains.get(f)!);
  const sizes = doms.map((d) => d.length);
  const product = sizes.reduce((a, b) => a * b, 1);
  let mode = t.mode ?? 'allow';
  let rows = mergeRows(t.rows as Value[][], sizes);
  if (product <= 4_000_000) {
    const other = mergeRows(complement(t.rows as Value[][], doms), sizes);
    if (other.length < rows.length) {
      rows = other;
      mode = mode === 'allow' ? 'forbid' : 'allow';
    }
  }
  const labels = scope.map((f) => labelOf.get(f)!);
  const listed =
    labels.length > 4
      ? `${labels.slice(0, 3).join(', ')} and ${labels.length - 3} more`
      : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
  return {
    id: `renault-${r.id.toLowerCase()}`,
    message: `Renault builds this car only with certain combinations of ${listed} (factory rule ${r.id}).`,
    table: { features: scope, mode, rows },
  };
});

const model: ProductModel = {
  id: 'renault-megane',
  name: 'Renault Megane',
  description:
    'The Renault Megane as Renault configured it in the late 1990s: 99 choices and 113 factory ' +
    'rules from the CLib benchmark (Amilhastre, Fargier & Marquis 2002), 2,835,456,006,272 valid ' +
    'cars. The option codes are Renault’s own; the labels are our reading of them, and every ' +
    'price, cost and delivery time is invented for the demo.',
  currency: 'EUR',
  base: {
    price: 1_550_000,
    cost: 1_240_000,
    leadTimeDays: 21,
    bom: [{ sku: 'MEGANE-BODY-IN-WHITE', qty: 1 }],
    work: [
      { center: 'car-assembly', hours: 2, operation: 'Final assembly of the configured car' },
      {
        center: 'car-delivery',
        hours: 1.5,
        operation: 'Pre-delivery inspection and handover',
        final: true,
      },
    ],
  },
  groups: sections.map((s) => ({
    id: s.id,
    label: s.label,
    ...(s.help ? { help: s.help } : {}),
    features: features.filter((f) => f.group === s.id).map((f) => f.id),
  })),
  features,
  rules,
  backend: 'bdd',
};

// Presets and needs: chosen here and checked against the compiled model, so the file never
// carries a starting point that cannot be built.
const compiled = compile(model);
const session = createSession(compiled);
const wanted: Array<{
  id: string;
  label: string;
  description: string;
  choices: Record<string, Value>;
}> = [
  {
    id: 'diesel-family',
    label: 'Diesel for the family',
    description: 'Diesel with air conditioning and a passenger airbag.',
    choices: { fuel: 'DIESEL', air_conditioning: 'CA', passenger_airbag: 'ABPA01' },
  },
  {
    id: 'automatic-comfort',
    label: 'Automatic comfort',
    description: 'Petrol, automatic gearbox, air conditioning and ABS.',
    choices: { fuel: 'ESS', gearbox: 'BVA4', air_conditioning: 'CA', abs: 'ABS' },
  },
  {
    id: 'france-basic',
    label: 'French market, plain',
    description: 'Built for France with steel wheels and a manual gearbox.',
    choices: { market: 'FRAN', wheels: 'JANTOL', gearbox: 'BVM5' },
  },
];
const presets = wanted.filter((p) => {
  const s = createSession(compiled);
  return Object.entries(p.choices).every(([f, v]) => s.select(f, v).ok);
});
if (presets.length < 2) throw new Error('fewer than two presets can be built');
const domainsNow = session.domains();
for (const f of ['fuel', 'gearbox', 'air_conditioning', 'navigation', 'abs'])
  if ((domainsNow[f] ?? []).length < 2) throw new Error(`${f} has no choice`);

const out: ProductModel = {
  ...model,
  presets,
  needs: [
    {
      id: 'driving',
      question: 'How do you drive most?',
      answers: [
        {
          id: 'long-distance',
          label: 'Long distances',
          require: ['fuel = DIESEL'],
          prefer: { 'air_conditioning=CA': 150000 },
        },
        { id: 'town', label: 'Mostly in town', prefer: { 'gearbox=BVA4': 100000 } },
      ],
    },
    {
      id: 'priority',
      question: 'What matters most to you?',
      answers: [
        {
          id: 'safety',
          label: 'Safety',
          require: ['abs = ABS'],
          prefer: { 'passenger_airbag=ABPA01': 100000, 'side_airbags=ABCO01': 80000 },
        },
        { id: 'price', label: 'The lowest price', prefer: { price: -2 } },
      ],
    },
  ],
};

writeFileSync(join(here, 'model.json'), JSON.stringify(out) + '\n');
const count = createSession(compile(out)).count();
console.log(
  `wrote model.json: ${features.length} features, ${rules.length} rules, ` +
    `${rules.reduce((n, r) => n + r.table!.rows.length, 0)} rows, ${count} valid cars`,
);
