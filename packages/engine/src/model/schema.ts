// JSON Schema (draft 2020-12) of the product model, for editors and the server. The file
// `packages/engine/schema/product-model.schema.json` holds the same object (a test keeps them
// equal). `checkModel` is the authority: it also checks names, expressions and values.

const money = { type: 'integer', description: 'Minor units of the model currency (e.g. cents).' };
const props = {
  price: { ...money, description: 'Price delta in minor units (may be negative).' },
  cost: { ...money, description: 'Cost to the firm in minor units.' },
  leadTimeDays: {
    type: 'integer',
    minimum: 0,
    description: 'Lead time in days (aggregated with max by default).',
  },
  props: {
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Other numeric properties, e.g. {"weight": 1450}.',
  },
  bom: { type: 'array', items: { $ref: '#/$defs/bomLine' } },
  work: { type: 'array', items: { $ref: '#/$defs/workLine' } },
};
const presentation = {
  label: { type: 'string' },
  description: { type: 'string' },
  assets: { type: 'array', items: { type: 'string' } },
};
const id = { type: 'string', pattern: '^[^\\s,{}()=!<>\'"*|&+]+$' };
const value = { type: ['string', 'number', 'boolean'] };
const featureBase = {
  id,
  label: { type: 'string' },
  help: { type: 'string' },
  group: { type: 'string' },
  customerInput: {
    type: 'boolean',
    description:
      "The customer's own input (a measurement, a prescription): never filled in by the engine, defaults, presets or needs; required before ordering.",
  },
};

export const productModelSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://customerize.dev/schema/product-model.schema.json',
  title: 'Customerize product model',
  type: 'object',
  required: ['id', 'name', 'currency', 'features'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    id: { ...id, description: 'Stable family id, e.g. city-bike.' },
    name: { type: 'string' },
    description: { type: 'string' },
    currency: {
      type: 'string',
      pattern: '^[A-Z]{3}$',
      description: 'ISO 4217 code of every money amount.',
    },
    base: { $ref: '#/$defs/optionProps' },
    properties: { type: 'array', items: { $ref: '#/$defs/property' } },
    features: { type: 'array', items: { $ref: '#/$defs/feature' } },
    personalization: { type: 'array', items: { $ref: '#/$defs/personalization' } },
    rules: { type: 'array', items: { $ref: '#/$defs/rule' } },
    defaults: { type: 'object', additionalProperties: value },
    presets: { type: 'array', items: { $ref: '#/$defs/preset' } },
    groups: { type: 'array', items: { $ref: '#/$defs/group' } },
    needs: { type: 'array', items: { $ref: '#/$defs/need' } },
    backend: { enum: ['auto', 'bdd', 'sat'] },
  },
  $defs: {
    bomLine: {
      type: 'object',
      required: ['sku', 'qty'],
      additionalProperties: false,
      properties: {
        sku: { type: 'string' },
        qty: { type: 'number', exclusiveMinimum: 0 },
        unit: { type: 'string' },
        description: { type: 'string' },
      },
    },
    workLine: {
      type: 'object',
      required: ['center', 'hours'],
      additionalProperties: false,
      properties: {
        center: { type: 'string' },
        hours: { type: 'number', minimum: 0 },
        operation: { type: 'string' },
        final: { type: 'boolean', description: 'The postponed final customization step.' },
      },
    },
    optionProps: { type: 'object', additionalProperties: false, properties: { ...props } },
    option: {
      type: 'object',
      required: ['id'],
      additionalProperties: false,
      properties: { id, ...presentation, ...props },
    },
    sideProps: {
      type: 'object',
      additionalProperties: false,
      properties: { ...presentation, ...props },
    },
    feature: {
      oneOf: [
        {
          type: 'object',
          required: ['id', 'type', 'options'],
          additionalProperties: false,
          properties: {
            ...featureBase,
            type: { const: 'enum' },
            options: { type: 'array', minItems: 1, items: { $ref: '#/$defs/option' } },
          },
        },
        {
          type: 'object',
          required: ['id', 'type'],
          additionalProperties: false,
          properties: {
            ...featureBase,
            type: { const: 'bool' },
            whenTrue: { $ref: '#/$defs/sideProps' },
            whenFalse: { $ref: '#/$defs/sideProps' },
          },
        },
        {
          type: 'object',
          required: ['id', 'type', 'min', 'max'],
          additionalProperties: false,
          properties: {
            ...featureBase,
            type: { const: 'int' },
            min: { type: 'integer' },
            max: { type: 'integer' },
            step: { type: 'integer', minimum: 1 },
            unit: { type: 'string' },
            display: {
              type: 'object',
              description:
                'How people read and type the value: value × step, e.g. {step: 0.25, unit: D, decimals: 2, signed: true} shows -10 as −2.50 D.',
              required: ['step'],
              additionalProperties: false,
              properties: {
                step: { type: 'number', exclusiveMinimum: 0 },
                unit: { type: 'string' },
                decimals: { type: 'integer', minimum: 0, maximum: 6 },
                signed: { type: 'boolean', description: 'Show + before positive values.' },
              },
            },
            linear: {
              type: 'object',
              description: 'property = offset + perUnit * (value - min)',
              additionalProperties: {
                type: 'object',
                required: ['perUnit'],
                additionalProperties: false,
                properties: { perUnit: { type: 'number' }, offset: { type: 'number' } },
              },
            },
          },
        },
      ],
    },
    property: {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: { type: 'string' },
        label: { type: 'string' },
        unit: { type: 'string' },
        aggregate: { enum: ['sum', 'max'] },
      },
    },
    personalization: {
      type: 'object',
      required: ['id', 'kind', 'maxLength'],
      additionalProperties: false,
      properties: {
        id,
        label: { type: 'string' },
        help: { type: 'string' },
        kind: { const: 'text' },
        minLength: { type: 'integer', minimum: 0 },
        maxLength: { type: 'integer', minimum: 1 },
        pattern: {
          type: 'string',
          description: 'ECMAScript regular expression the whole text must match.',
        },
        required: { type: 'boolean' },
        price: money,
        when: {
          type: 'string',
          description: 'Rule expression: the field is offered only when it holds.',
        },
      },
    },
    rule: {
      type: 'object',
      required: ['id'],
      additionalProperties: false,
      properties: {
        id,
        message: { type: 'string' },
        expr: {
          type: 'string',
          description: 'Rule expression, e.g. "frame = carbon -> brakes in {disc}".',
        },
        table: {
          type: 'object',
          required: ['features', 'rows'],
          additionalProperties: false,
          properties: {
            features: { type: 'array', items: { type: 'string' }, minItems: 1 },
            mode: { enum: ['allow', 'forbid'] },
            rows: { type: 'array', items: { type: 'array', items: value } },
          },
        },
        clause: {
          type: 'array',
          items: { type: 'string' },
          description: 'At least one literal holds: "f", "!f", "f=v".',
        },
      },
      oneOf: [{ required: ['expr'] }, { required: ['table'] }, { required: ['clause'] }],
    },
    preset: {
      type: 'object',
      required: ['id', 'label', 'choices'],
      additionalProperties: false,
      properties: {
        id,
        label: { type: 'string' },
        description: { type: 'string' },
        choices: { type: 'object', additionalProperties: value },
      },
    },
    group: {
      type: 'object',
      required: ['id', 'label'],
      additionalProperties: false,
      properties: {
        id,
        label: { type: 'string' },
        help: { type: 'string' },
        features: { type: 'array', items: { type: 'string' } },
      },
    },
    need: {
      type: 'object',
      required: ['id', 'question', 'answers'],
      additionalProperties: false,
      properties: {
        id,
        question: { type: 'string' },
        help: { type: 'string' },
        answers: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'label'],
            additionalProperties: false,
            properties: {
              id,
              label: { type: 'string' },
              require: { type: 'array', items: { type: 'string' } },
              prefer: { type: 'object', additionalProperties: { type: 'number' } },
            },
          },
        },
      },
    },
  },
} as const;
