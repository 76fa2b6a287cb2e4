// The dialogue's pure logic: which features a proposal changes (the compare marks exactly
// those), and the attachment checks that give a clear message before uploading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProductModel } from '@customerize/engine';
import { changedFeatures } from '../src/dialogue/DesignCompare.tsx';
import { AttachmentRejected, checkFiles } from '../src/dialogue/Compose.tsx';
import { toAttachment } from '../src/dialogue/api.ts';

const model = {
  id: 'bike',
  currency: 'EUR',
  features: [
    { id: 'frame', type: 'enum', options: [{ id: 'alu' }, { id: 'steel' }] },
    { id: 'rack', type: 'bool' },
    { id: 'size', type: 'int', min: 40, max: 60 },
  ],
} as unknown as ProductModel;

test('a proposal that moves one option changes exactly that feature', () => {
  assert.deepEqual(
    changedFeatures(
      model,
      { frame: 'alu', rack: true, size: 50 },
      { frame: 'steel', rack: true, size: 50 },
    ),
    ['frame'],
  );
});

test('a feature chosen on one side only counts as changed, identical designs change nothing', () => {
  assert.deepEqual(changedFeatures(model, { frame: 'alu' }, { frame: 'alu', size: 44 }), ['size']);
  assert.deepEqual(changedFeatures(model, { rack: false }, { rack: false }), []);
});

test('attachments of an unsupported type are refused by name before upload', () => {
  const svg = new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' });
  assert.throws(
    () => checkFiles([svg]),
    (e: unknown) => e instanceof AttachmentRejected && e.filename === 'logo.svg',
  );
});

test('more than five files, or a file over 5 MB, are refused', () => {
  const note = () => new File(['hi'], 'note.txt', { type: 'text/plain' });
  assert.doesNotThrow(() => checkFiles([note(), note(), note(), note(), note()]));
  assert.throws(
    () => checkFiles([note(), note(), note(), note(), note(), note()]),
    /At most 5 files/,
  );
  const big = new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'scan.pdf', {
    type: 'application/pdf',
  });
  assert.throws(() => checkFiles([big]), /larger than 5 MB/);
});

test('a file becomes the JSON attachment the API takes, its bytes in base64', async () => {
  const bytes = new Uint8Array(70_000).map((_, i) => i % 251);
  const a = await toAttachment(new File([bytes], 'photo.png', { type: 'image/png' }));
  assert.equal(a.filename, 'photo.png');
  assert.equal(a.contentType, 'image/png');
  assert.deepEqual(new Uint8Array(Buffer.from(a.dataBase64, 'base64')), bytes);
});
