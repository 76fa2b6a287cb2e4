// "Name your price" in the browser without React, on the real city-bike model: the typed price in
// minor units, the bid built from the choices and their must-have / flexible marks, the server's
// answers and refusals in words, and the offer's countdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { FeatureDef, ProductModel } from '@customerize/engine';
import { ApiError } from '../src/api/client.ts';
import type { BidAnswer } from '../src/api/bids.ts';
import {
  answerWords,
  bidProblem,
  buildBid,
  canBeFlexible,
  countdown,
  flexibleAll,
  listWords,
  markedChoices,
  parsePrice,
  priceInput,
  type BidForm,
} from '../src/studio/bids.ts';
import { formatDateTime } from '../src/ui/dates.ts';

const examples = fileURLToPath(new URL('../../../examples', import.meta.url));
const bike = parse(readFileSync(`${examples}/city-bike/model.yaml`, 'utf8')) as ProductModel;
const feature = (id: string) => bike.features.find((f) => f.id === id) as FeatureDef;

test('a typed price becomes integer minor units, whichever way the thousands are grouped', () => {
  const en = (text: string, currency = 'EUR') => parsePrice(text, currency, '.');
  const de = (text: string, currency = 'EUR') => parsePrice(text, currency, ',');
  const amount = (p: ReturnType<typeof parsePrice>) => (p.ok ? p.amount : p.message);
  assert.equal(amount(en('950')), 95000);
  assert.equal(amount(en('949.50')), 94950);
  assert.equal(amount(en('899.9')), 89990);
  assert.equal(amount(en('€ 1,200')), 120000);
  assert.equal(amount(en('1,234,567.89')), 123456789);
  assert.equal(amount(en('1.234,50')), 123450, 'both separators: the last one is the point');
  assert.equal(amount(en('12,5')), 1250, 'a comma not followed by three digits is a point');
  assert.equal(amount(en('1 200,50 €')), 120050);
  assert.equal(amount(en('EUR 0')), 0);
  assert.equal(amount(de('1.200')), 120000, 'a German reader groups with the dot');
  assert.equal(amount(de('1,5')), 150);
  assert.equal(amount(de('1.234,50')), 123450);
  assert.equal(amount(en('1200', 'JPY')), 1200, 'a currency without cents');
});

test('a price that is not one is refused in words, never guessed', () => {
  const message = (text: string, currency = 'EUR', decimal = '.') => {
    const p = parsePrice(text, currency, decimal);
    return p.ok ? `accepted as ${p.amount}` : p.message;
  };
  assert.equal(message(''), 'Enter the price you will pay.');
  assert.equal(message('   '), 'Enter the price you will pay.');
  assert.equal(message('-5'), 'The price cannot be negative.');
  assert.equal(message('cheap'), 'Enter the price as a number, e.g. 950 or 949.50.');
  assert.equal(message('1.2.3'), 'Enter the price as a number, e.g. 950 or 949.50.');
  assert.equal(message('12,34,5'), 'Enter the price as a number, e.g. 950 or 949.50.');
  assert.equal(message('1.234.5,6,7'), 'Enter the price as a number, e.g. 950 or 949.50.');
  assert.equal(
    message('1.200'),
    'Use at most 2 digits after the decimal point.',
    'to an English reader “1.200” is one euro twenty and a tenth of a cent: ask, do not guess',
  );
  assert.equal(message('12.5', 'JPY'), 'Enter a whole amount: JPY has no smaller unit.');
  assert.equal(message('99999999999999999999'), 'That price is too large.');
});

test('an amount is written back the way it is typed', () => {
  assert.equal(priceInput(94950, 'EUR', '.'), '949.50');
  assert.equal(priceInput(94950, 'EUR', ','), '949,50');
  assert.equal(priceInput(95000, 'EUR', '.'), '950');
  assert.equal(priceInput(1205, 'EUR', '.'), '12.05');
  assert.equal(priceInput(1200, 'JPY', '.'), '1200');
  const typed = parsePrice(priceInput(123456, 'EUR', ','), 'EUR', ',');
  assert.deepEqual(typed, { ok: true, amount: 123456 });
});

const form = (over: Partial<BidForm> = {}): BidForm => ({
  versionId: '00000000-0000-4000-8000-000000000001',
  model: bike,
  choices: { rider_height: 175, frame_material: 'steel', colour: 'sage', mudguards: true },
  marks: {},
  priceText: '899.50',
  latestDate: '2026-12-20',
  today: '2026-12-06',
  personalization: {},
  missingInput: [],
  email: null,
  ...over,
});

test('the choices made so far are must-haves unless marked flexible, in the model’s order', () => {
  const built = buildBid(
    form({
      marks: {
        colour: { kind: 'flexible', values: ['red', 'sage', 'not-a-colour'] },
        // The customer's own height is never "any of these".
        rider_height: { kind: 'flexible', values: [170, 175] },
      },
      personalization: { engraving: 'Ada', note: '  ' },
      email: '  guest@example.com ',
    }),
  );
  assert.ok(built.ok);
  assert.deepEqual(built.body, {
    versionId: '00000000-0000-4000-8000-000000000001',
    mustHave: { rider_height: 175, frame_material: 'steel', mudguards: true },
    flexible: { colour: ['sage', 'red'] },
    price: { amount: 89950, currency: 'EUR' },
    latestDate: '2026-12-20',
    personalization: { engraving: 'Ada' },
    email: 'guest@example.com',
  });
  assert.deepEqual(
    markedChoices(bike, { colour: 'red', frame_material: 'steel' }, {}).map((c) => [
      c.feature.id,
      c.mark.kind,
    ]),
    [
      ['frame_material', 'must'],
      ['colour', 'must'],
    ],
  );
  assert.equal(canBeFlexible(feature('rider_height')), false);
  assert.equal(canBeFlexible(feature('frame_size')), true);
  assert.deepEqual(flexibleAll(feature('mudguards')), { kind: 'flexible', values: [true, false] });
});

test('a signed-in customer’s bid carries no email and no empty flexibility', () => {
  const built = buildBid(form({ marks: { colour: { kind: 'must' } } }));
  assert.ok(built.ok);
  assert.equal('email' in built.body, false);
  assert.equal('flexible' in built.body, false);
  assert.equal('personalization' in built.body, false);
});

test('what is wrong with a bid is named by the fields the server names', () => {
  const built = buildBid(
    form({
      marks: { colour: { kind: 'flexible', values: [] } },
      priceText: 'a lot',
      latestDate: '2026-12-05',
      email: '',
    }),
  );
  assert.ok(!built.ok);
  assert.deepEqual(
    built.errors.map((e) => e.field),
    ['flexible.colour', 'price.amount', 'latestDate', 'email'],
  );
  assert.match(built.errors[0]!.message, /at least one acceptable colour/);
  assert.match(built.errors[2]!.message, /cannot be in the past/);
  const noDate = buildBid(form({ latestDate: '' }));
  assert.ok(!noDate.ok);
  assert.deepEqual(noDate.errors, [
    { field: 'latestDate', message: 'Choose the latest delivery date you accept.' },
  ]);
  const noHeight = buildBid(
    form({ choices: { frame_material: 'steel' }, missingInput: ['rider_height'] }),
  );
  assert.ok(!noHeight.ok, 'the rider’s height is never left to the firm to guess');
  assert.deepEqual(noHeight.errors, [
    {
      field: 'mustHave.rider_height',
      message: 'Enter “Your height” first: only you can give it, and we build to it.',
    },
  ]);
  const badEmail = buildBid(form({ email: 'not-an-email' }));
  assert.ok(!badEmail.ok);
  assert.deepEqual(badEmail.errors, [{ field: 'email', message: 'Enter a valid email.' }]);
});

const answer = (over: Partial<BidAnswer>): BidAnswer => ({
  id: '00000000-0000-4000-8000-0000000000b1',
  status: 'refused',
  price: { amount: 60000, currency: 'EUR' },
  latestDate: '2026-12-20',
  mustHave: { frame_material: 'steel', colour: 'sage' },
  flexible: { lights: ['dynamo', 'battery'] },
  createdAt: '2026-12-06T22:00:00.000Z',
  offer: null,
  suggestions: [],
  acceptedFrom: null,
  rebidAfter: null,
  orderId: null,
  ...over,
});

test('an accepted bid reads as the exact design, the price, the date and who builds it', () => {
  const words = answerWords(
    answer({
      status: 'accepted',
      offer: {
        choices: { mudguards: true, frame_material: 'steel', colour: 'sage', lights: 'dynamo' },
        listPrice: { amount: 98800, currency: 'EUR' },
        promisedDate: '2026-12-18',
        provider: { id: null, name: 'Demo Bikes workshop' },
        expiresAt: '2026-12-06T22:30:00.000Z',
      },
    }),
    bike,
  );
  assert.equal(words.kind, 'accepted');
  if (words.kind !== 'accepted') return;
  assert.deepEqual(
    words.design.map((d) => [d.label, d.value, d.source]),
    [
      ['Frame material', 'Chromoly steel', 'must'],
      ['Colour', 'Sage green', 'must'],
      ['Mudguards', words.design[2]!.value, 'open'],
      ['Lights', words.design[3]!.value, 'flexible'],
    ],
    'in the model’s order, with the labels the studio shows',
  );
  assert.notEqual(words.design[2]!.value, 'true', 'a yes/no option reads as its label');
  assert.equal(words.provider, 'our workshop', 'a null provider id is the firm’s own workshop');
  assert.match(words.price, /600/);
  assert.match(words.listPrice, /988/);
  const partner = answerWords(
    answer({
      status: 'accepted',
      offer: {
        choices: { frame_material: 'steel' },
        listPrice: { amount: 98800, currency: 'EUR' },
        promisedDate: '2026-12-18',
        provider: { id: '00000000-0000-4000-8000-00000000000f', name: 'Velo Frames Ltd.' },
        expiresAt: '2026-12-06T22:30:00.000Z',
      },
    }),
    bike,
  );
  assert.equal(partner.kind === 'accepted' && partner.provider, 'Velo Frames Ltd.');
});

test('a refusal reads as what the customer can do, and when the same bid may come again', () => {
  const words = answerWords(
    answer({
      suggestions: [
        { kind: 'raise-price' },
        { kind: 'relax', features: ['frame_material', 'colour'] },
        { kind: 'later-date' },
      ],
      acceptedFrom: { amount: 75000, currency: 'EUR' },
      rebidAfter: '2026-12-07T22:00:00.000Z',
    }),
    bike,
  );
  assert.equal(words.kind, 'refused');
  if (words.kind !== 'refused') return;
  assert.deepEqual(
    words.suggestions.map((s) => s.text),
    [
      'Raise your price.',
      'Be flexible about frame material and colour.',
      'Accept a later delivery date.',
    ],
  );
  assert.deepEqual(words.suggestions[1]!.features, [
    { id: 'frame_material', label: 'Frame material' },
    { id: 'colour', label: 'Colour' },
  ]);
  assert.match(words.acceptedFrom ?? '', /^Bids like yours were accepted from .*750/);
  assert.equal(
    words.rebid,
    `The same bid can be made again from ${formatDateTime('2026-12-07T22:00:00.000Z')}. Change a must-have, what is flexible or the date to bid again now.`,
  );
  const bare = answerWords(answer({ suggestions: [{ kind: 'raise-price' }] }), bike);
  assert.deepEqual(bare, {
    kind: 'refused',
    suggestions: [{ kind: 'raise-price', text: 'Raise your price.', features: [] }],
    acceptedFrom: null,
    rebid: null,
  });
  assert.equal(listWords(['a', 'b', 'c']), 'a, b and c');
});

test('an offer counts down to its expiry and then is gone', () => {
  const expires = '2026-12-06T22:30:00.000Z';
  const at = (iso: string) => Date.parse(iso);
  assert.equal(countdown(expires, at('2026-12-06T22:00:00.000Z')), '30:00');
  assert.equal(countdown(expires, at('2026-12-06T22:29:01.500Z')), '0:58');
  assert.equal(countdown(expires, at('2026-12-06T21:00:00.000Z')), '1:30:00');
  assert.equal(countdown(expires, at('2026-12-06T22:30:00.000Z')), null);
  assert.equal(countdown(expires, at('2026-12-06T23:00:00.000Z')), null);
});

test('refusals before any answer are said in words, with the time to come back', () => {
  const soon = bidProblem(
    new ApiError({
      title: 'Too Many Requests',
      status: 429,
      extra: { code: 'rebid-too-soon', retryAfter: '2026-12-07T22:00:00.000Z' },
    }),
  );
  assert.deepEqual(soon, {
    title: 'You made this same bid a short while ago',
    detail: `It can be made again from ${formatDateTime('2026-12-07T22:00:00.000Z')}. Change a must-have, what is flexible or the date to bid again now.`,
  });
  const byType = bidProblem(
    new ApiError({
      title: 'x',
      status: 429,
      type: 'https://customerize.dev/problems/rebid-too-soon',
    }),
  );
  assert.equal(byType?.title, 'You made this same bid a short while ago');
  assert.equal(
    bidProblem(new ApiError({ title: 'x', status: 429, extra: { code: 'bid-rate-limit' } }))?.title,
    'Too many bids in a short time',
  );
  assert.equal(
    bidProblem(new ApiError({ title: 'Gone', status: 410, extra: { code: 'offer-expired' } }))
      ?.title,
    'This offer has expired',
  );
  assert.equal(bidProblem(new ApiError({ title: 'Bad', status: 400 })), null);
  assert.equal(bidProblem(new Error('network')), null);
});
