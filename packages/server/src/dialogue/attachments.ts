// What a message may carry: a few common document and image types, checked by their first bytes
// (not just the declared type), each at most MAX_ATTACHMENT_BYTES.
import { ValidationFailed } from '../http/errors.ts';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_MESSAGE = 5;

const SIGNATURES: Record<string, ((b: Buffer) => boolean) | null> = {
  'image/png': (b) =>
    b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/webp': (b) =>
    b.subarray(0, 4).toString('latin1') === 'RIFF' &&
    b.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'text/plain': (b) => !b.includes(0),
};

export const ALLOWED_ATTACHMENT_TYPES = Object.keys(SIGNATURES);

export type AttachmentInput = { filename: string; contentType: string; dataBase64: string };
export type CheckedAttachment = { filename: string; contentType: string; bytes: Buffer };

export function checkAttachments(inputs: AttachmentInput[]): CheckedAttachment[] {
  if (inputs.length > MAX_ATTACHMENTS_PER_MESSAGE) {
    throw new ValidationFailed([
      { field: 'attachments', message: `at most ${MAX_ATTACHMENTS_PER_MESSAGE} per message` },
    ]);
  }
  return inputs.map((a, i) => {
    const field = `attachments[${i}]`;
    const check = SIGNATURES[a.contentType];
    if (!check) {
      throw new ValidationFailed([
        {
          field: `${field}.contentType`,
          message: `must be one of ${ALLOWED_ATTACHMENT_TYPES.join(', ')}`,
        },
      ]);
    }
    const bytes = Buffer.from(a.dataBase64, 'base64');
    if (
      bytes.length === 0 ||
      bytes.toString('base64').replace(/=+$/, '') !== a.dataBase64.replace(/=+$/, '')
    ) {
      throw new ValidationFailed([
        { field: `${field}.dataBase64`, message: 'must be non-empty base64' },
      ]);
    }
    if (bytes.length > MAX_ATTACHMENT_BYTES) {
      throw new ValidationFailed([
        {
          field: `${field}.dataBase64`,
          message: `is ${bytes.length} bytes; at most ${MAX_ATTACHMENT_BYTES}`,
        },
      ]);
    }
    if (!check(bytes)) {
      throw new ValidationFailed([
        { field: `${field}.dataBase64`, message: `the content is not ${a.contentType}` },
      ]);
    }
    const filename = a.filename.replace(/[\\/\0\r\n"]/g, '_').slice(0, 200) || 'attachment';
    return { filename, contentType: a.contentType, bytes };
  });
}
