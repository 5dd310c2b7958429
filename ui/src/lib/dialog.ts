// A drawer that acts as a dialog (a control's, a risk's): Escape closes it and Tab stays
// inside it, going round from the last field to the first and back.

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** The dialog's keydown handler: `close` on Escape, Tab kept inside `dialog`. */
export function keepKeyboardIn(
  dialog: HTMLElement | null,
  event: KeyboardEvent,
  close: () => void,
) {
  if (event.key === 'Escape' && !event.defaultPrevented) {
    event.preventDefault();
    close();
    return;
  }
  if (event.key !== 'Tab' || !dialog) return;
  const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => el.offsetParent !== null,
  );
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) return;
  const inside = dialog.contains(document.activeElement);
  if (event.shiftKey && (document.activeElement === first || !inside)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
    event.preventDefault();
    first.focus();
  }
}
