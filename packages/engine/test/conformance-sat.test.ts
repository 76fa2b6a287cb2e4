// The conformance suite against the SAT backend (the same suite as the decision-diagram backend).
import { SatBackend } from '../src/sat/backend.ts';
import { runConformance } from './conformance/suite.ts';

runConformance('sat', (_model, ir) => new SatBackend(ir), { models: 80 });
