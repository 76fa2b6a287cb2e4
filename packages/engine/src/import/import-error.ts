// The one error every importer throws: what is wrong, in which format, at which line.

export class ImportError extends Error {
  constructor(
    readonly format: string,
    readonly line: number,
    readonly detail: string,
    readonly column?: number,
  ) {
    super(`${format}: line ${line}${column === undefined ? '' : `, column ${column}`}: ${detail}`);
    this.name = 'ImportError';
  }
}
