// Compiled models in memory, keyed by product version id. The serialized bytes live in the
// database (written once at publish); each process deserializes a version at most once while it
// stays among the most recently used.
import { deserialize, type CompiledModel } from '@customerize/engine';

export class CompiledModelCache {
  readonly #entries = new Map<string, CompiledModel>();

  constructor(readonly capacity = 64) {}

  async get(versionId: string, load: () => Promise<Uint8Array>): Promise<CompiledModel> {
    const hit = this.#entries.get(versionId);
    if (hit) {
      this.#entries.delete(versionId);
      this.#entries.set(versionId, hit);
      return hit;
    }
    const compiled = deserialize(await load());
    this.#entries.set(versionId, compiled);
    if (this.#entries.size > this.capacity) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    return compiled;
  }

  has(versionId: string): boolean {
    return this.#entries.has(versionId);
  }

  get size(): number {
    return this.#entries.size;
  }
}
