// Public surface of @customerize/engine.
// Registers the SAT backend so `compile` with backend `auto` can fall back to it.
import './sat/register.ts';
export type * from './model/types.ts';
export type * from './api.ts';
export {
  checkModel,
  parseModel,
  parseModelJson,
  productIssues,
  type ModelIssue,
} from './model/check.ts';
export { productModelSchema } from './model/schema.ts';
export { designAssets } from './model/assets.ts';
export {
  formatScaled,
  formatIntValue,
  parseScaled,
  displayDecimals,
  type ParsedScaled,
  type IntDomain,
  type ScaledFormat,
} from './model/display.ts';
export {
  buildIR,
  evalExpr,
  resolveExpr,
  featureValues,
  valueIndex,
  literalIndex,
  collectFeatures,
  ModelError,
  type IR,
  type IRExpr,
  type IRFeature,
  type IRRule,
  type IRTerm,
  type IRCmp,
  type IRProperty,
} from './compile/ir.ts';
export {
  choiceIndices,
  toConfiguration,
  validateConfiguration,
  customerInputFeatures,
  missingCustomerInput,
} from './compile/evaluate.ts';
export { normalizeChoices, type ChoiceError, type NormalizedChoices } from './compile/choices.ts';
export { UnsupportedBoundError } from './compile/linear.ts';
export { parseExpr, ExprSyntaxError, type Syn } from './expr/parse.ts';
export {
  compile,
  deserialize,
  validate,
  DEFAULT_NODE_BUDGET,
  DEFAULT_TIME_BUDGET_MS,
} from './compile/compile.ts';
export { withoutModel, modelFingerprint } from './compile/serialize.ts';
export { createSession, type SessionOptions } from './session.ts';
export {
  priceOf,
  validatePersonalization,
  fieldOffered,
  type Quote,
  type PriceLine,
  type PersonalizationIssue,
} from './pricing.ts';
export { registerBackend, backendFactory, type BackendFactory } from './backends.ts';
export {
  UnknownChoiceError,
  FormatError,
  BackendUnavailableError,
  SamplingUnavailableError,
  DeadlineExceededError,
} from './errors.ts';
export { parseXml, XmlError, type XmlElement } from './import/xml.ts';
export { importXcsp, parseDomainNames, type XcspImport } from './import/xcsp.ts';
export { MddBackend } from './dd/backend.ts';
export { ImportError } from './import/import-error.ts';
export { importDimacs } from './import/dimacs.ts';
export { importFeatureIde } from './import/featureide.ts';
export { importSxfm } from './import/sxfm.ts';
export { importUvl } from './import/uvl.ts';
export { exportDimacs, ExportError } from './export/dimacs.ts';
export { exportUvl } from './export/uvl.ts';
export { SatBackend, type SatBackendOptions } from './sat/backend.ts';
