// A small bike model shared by the engine's unit tests.
import type { ProductModel } from '../src/model/types.ts';

export const bike: ProductModel = {
  id: 'bike',
  name: 'City bike',
  currency: 'EUR',
  base: {
    price: 50000,
    cost: 20000,
    leadTimeDays: 5,
    props: { weight: 9000 },
    bom: [{ sku: 'KIT', qty: 1 }],
  },
  features: [
    {
      id: 'frame',
      type: 'enum',
      options: [
        {
          id: 'alu',
          label: 'Aluminium',
          props: { weight: 2000 },
          work: [{ center: 'frame-shop', hours: 1 }],
        },
        {
          id: 'carbon',
          label: 'Carbon',
          price: 42000,
          cost: 30000,
          leadTimeDays: 12,
          props: { weight: 1200 },
        },
        {
          id: 'steel',
          label: 'Steel',
          price: -5000,
          props: { weight: 2600 },
          bom: [{ sku: 'KIT', qty: 1 }],
        },
      ],
    },
    {
      id: 'brakes',
      type: 'enum',
      options: [
        { id: 'rim' },
        { id: 'disc', price: 8000 },
        { id: 'hydraulic', price: 15000, leadTimeDays: 8 },
      ],
    },
    { id: 'size', type: 'int', min: 44, max: 62, step: 2, linear: { price: { perUnit: 100 } } },
    {
      id: 'rack',
      type: 'bool',
      whenTrue: {
        label: 'Rear rack',
        price: 3000,
        props: { weight: 800 },
        work: [{ center: 'paint', hours: 0.5, final: true }],
      },
    },
  ],
  personalization: [
    {
      id: 'engraving',
      label: 'Engraving',
      kind: 'text',
      maxLength: 10,
      pattern: '[A-Z ]*',
      price: 1500,
      when: 'frame != carbon',
    },
  ],
  rules: [
    {
      id: 'carbon-disc',
      message: 'Carbon frames need disc brakes',
      expr: 'frame = carbon -> brakes in {disc, hydraulic}',
    },
    { id: 'small-no-rack', expr: 'size < 48 -> not rack' },
    { id: 'weight', message: 'Too heavy', expr: 'sum(weight) <= 12500' },
  ],
};
