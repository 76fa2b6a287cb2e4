// The compiled model a test runs the engine on, downloaded like the studio does: the compact
// bytes at the product's immutable `compiledUrl`, restored with the product's model.
import assert from 'node:assert/strict';
import { deserialize, type CompiledModel, type ProductModel } from '@customerize/engine';

export async function compiledOf(
  baseUrl: string,
  detail: { compiledUrl: string; model?: unknown },
): Promise<CompiledModel> {
  const res = await fetch(baseUrl + detail.compiledUrl);
  assert.equal(res.status, 200, `GET ${detail.compiledUrl}`);
  return deserialize(new Uint8Array(await res.arrayBuffer()), detail.model as ProductModel);
}
