// Registers the SAT backend with `compile` (backends.ts): import this module once for its effect.
import { registerBackend } from '../backends.ts';
import { SatBackend } from './backend.ts';

registerBackend('sat', (ir) => new SatBackend(ir));
