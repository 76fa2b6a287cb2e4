// The conformance suite against the SAT backend (the same suite as the decision-diagram backend).
// The random models have at most 12,000 configurations, so an enumeration limit above that lets
// the SAT backend count every one exactly; the paths beyond the limit are forced below.
import { SatBackend } from '../src/sat/backend.ts';
import { runConformance, runCustomerInput, runUniformity } from './conformance/suite.ts';
import { runRestrictions } from './conformance/restrictions.ts';

runConformance('sat', (_model, ir) => new SatBackend(ir, { enumerationLimit: 20_000 }), {
  models: 80,
});

// Beyond the enumeration limit: sampling through the exact counter (pure clause encodings) or a
// clear refusal (SamplingUnavailableError), never a biased sample.
runUniformity(
  'sat beyond its enumeration limit',
  (_model, ir) => new SatBackend(ir, { enumerationLimit: 1 }),
  { models: 80, mayRefuse: true },
);

runCustomerInput('sat', (_model, ir) => new SatBackend(ir, { enumerationLimit: 20_000 }), {
  models: 80,
});

runRestrictions('sat', (_model, ir) => new SatBackend(ir, { enumerationLimit: 20_000 }), 60);
