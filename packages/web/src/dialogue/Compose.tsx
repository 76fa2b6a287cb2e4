// Writing a message: a labelled text area and optional files (type and size checked here for a
// clear message; the server checks again by the files' bytes).
import { useId, useRef, useState, type FormEvent } from 'react';
import {
  ATTACHMENT_TYPES,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  toAttachment,
  type NewAttachment,
} from './api.ts';
import { FormAlert, useSubmit } from '../ui/forms.tsx';

export class AttachmentRejected extends Error {
  constructor(
    readonly filename: string,
    reason: string,
  ) {
    super(`${filename}: ${reason}`);
    this.name = 'AttachmentRejected';
  }
}

export function checkFiles(files: readonly File[]): void {
  if (files.length > MAX_ATTACHMENTS) {
    throw new Error(`At most ${MAX_ATTACHMENTS} files per message.`);
  }
  for (const f of files) {
    if (!(ATTACHMENT_TYPES as readonly string[]).includes(f.type)) {
      throw new AttachmentRejected(
        f.name,
        'only PNG, JPEG, WebP, PDF or plain text files can be attached.',
      );
    }
    if (f.size > MAX_ATTACHMENT_BYTES) throw new AttachmentRejected(f.name, 'is larger than 5 MB.');
  }
}

export function Compose({
  label = 'Your message',
  submitLabel = 'Send',
  onSend,
}: {
  label?: string;
  submitLabel?: string;
  onSend: (body: string, attachments: NewAttachment[]) => Promise<void>;
}) {
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const submit = useSubmit(form);

  const send = (event: FormEvent) => {
    event.preventDefault();
    void submit
      .run(async () => {
        checkFiles(files);
        const attachments = await Promise.all(files.map(toAttachment));
        await onSend(body.trim(), attachments);
      })
      .then((ok) => {
        if (!ok) return;
        setBody('');
        setFiles([]);
        if (fileInput.current) fileInput.current.value = '';
      });
  };

  return (
    <form ref={form} onSubmit={send} className="compose stack">
      <div className="field">
        <label htmlFor={`${id}-body`}>{label}</label>
        <textarea
          id={`${id}-body`}
          rows={3}
          required
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-files`}>
          Attach files <span className="field__optional">(optional)</span>
        </label>
        <input
          id={`${id}-files`}
          ref={fileInput}
          type="file"
          multiple
          accept={ATTACHMENT_TYPES.join(',')}
          aria-describedby={`${id}-files-hint`}
          onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
        />
        <p className="field__hint" id={`${id}-files-hint`}>
          Up to 5 files, 5 MB each: PNG, JPEG, WebP, PDF or text.
        </p>
      </div>
      <FormAlert error={submit.error} />
      <div className="button-row">
        <button type="submit" className="button" disabled={submit.busy || !body.trim()}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
