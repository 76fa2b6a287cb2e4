// The customer's own measurements (customer-input features: a rider's height, a prescription),
// entered as a customer would — never filled in by the engine's defaults, presets or completion.
import type { Configuration, Session } from '@customerize/engine';

/**
 * Enters every customer-input feature still missing in `session`: the middle value of what the
 * model allows for it there. Returns the values entered (to start other sessions from).
 */
export function enterMeasurements(session: Session): Configuration {
  const entered: Configuration = {};
  for (const feature of session.missingInput()) {
    const values = session.domains()[feature] ?? [];
    const value = values[Math.floor(values.length / 2)];
    if (value !== undefined && session.select(feature, value).ok) entered[feature] = value;
  }
  return entered;
}
