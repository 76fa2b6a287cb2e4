// The conformance suite against the decision-diagram backend.
import { compile } from '../src/compile/compile.ts';
import { runConformance, runCustomerInput } from './conformance/suite.ts';
import { runRestrictions } from './conformance/restrictions.ts';

runConformance('bdd', (model) => compile(model, { backend: 'bdd' }).backend, { models: 80 });
runCustomerInput('bdd', (model) => compile(model, { backend: 'bdd' }).backend, { models: 80 });
runRestrictions('bdd', (model) => compile(model, { backend: 'bdd' }).backend, 60);
