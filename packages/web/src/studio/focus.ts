// Where keyboard focus goes when the control the customer used disappears: after starting a
// design ("Choose option by option", a preset, the needs wizard) to the first choice still open,
// and after "Fill in the rest for me" to the summary of the now complete design. Without this
// focus falls back to the page and keyboard and screen-reader users lose their place.

/** Focuses the first option of the first feature still to choose; the summary when none is. */
export function focusFirstOpenChoice(): void {
  const open = [...document.querySelectorAll<HTMLFieldSetElement>('fieldset.feature')].find(
    (f) => f.querySelector('.feature__todo') !== null,
  );
  const control = open?.querySelector<HTMLElement>('input:not([disabled]), select');
  if (control) control.focus();
  else focusSummary();
}

/** Focuses the heading of the design summary ("Your design"). */
export function focusSummary(): void {
  document.getElementById('summary-title')?.focus();
}
