// The conformance suite against the decision-diagram backend.
import { compile } from '../src/compile/compile.ts';
import { runConformance, runCustomerInput } from './conformance/suite.ts';

runConformance('bdd', (model) => compile(model, { backend: 'bdd' }).backend, { models: 80 });
runCustomerInput('bdd', (model) => compile(model, { backend: 'bdd' }).backend, { models: 80 });
