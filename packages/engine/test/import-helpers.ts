// Picks the importer for a benchmark file by its name, as the CLI does by extension/prefix.
import type { ProductModel } from '../src/model/types.ts';
import { importUvl } from '../src/import/uvl.ts';
import { importSxfm } from '../src/import/sxfm.ts';
import { importFeatureIde } from '../src/import/featureide.ts';
import { importDimacs } from '../src/import/dimacs.ts';

export function importFeatureModel(file: string, text: string): ProductModel {
  if (file.endsWith('.uvl')) return importUvl(text);
  if (file.endsWith('.dimacs') || file.endsWith('.cnf')) return importDimacs(text);
  if (file.startsWith('sxfm_') || file.endsWith('.sxfm') || file.endsWith('.splx'))
    return importSxfm(text);
  return importFeatureIde(text);
}
