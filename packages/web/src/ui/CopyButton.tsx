// Copies `text` to the clipboard and says so in a live region. Falls back to selecting the
// text in `fallbackTarget` (so Ctrl/Cmd+C works) where the Clipboard API is unavailable
// (e.g. plain http on a non-localhost address).
import { useState, type RefObject } from 'react';

export function CopyButton({
  text,
  label = 'Copy',
  fallbackTarget,
}: {
  text: string;
  label?: string;
  fallbackTarget?: RefObject<HTMLInputElement | null>;
}) {
  const [message, setMessage] = useState('');
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setMessage('Copied to the clipboard.');
    } catch {
      const input = fallbackTarget?.current;
      if (input) {
        input.focus();
        input.select();
        setMessage('Selected. Press Ctrl+C (or Cmd+C) to copy.');
      } else {
        setMessage('Could not copy. Please select the text and copy it.');
      }
    }
  };
  return (
    <>
      <button type="button" className="button" onClick={() => void copy()}>
        {label}
      </button>
      <span className="copy-status" role="status">
        {message}
      </span>
    </>
  );
}
