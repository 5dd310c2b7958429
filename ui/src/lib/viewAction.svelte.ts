// A view's main action, drawn on the right of the one view header (ViewHeader.svelte) that
// the app puts above every view. The view owns the action (its button calls the view's own
// functions and reads its state); the header only shows it. A view hands it over while it is
// open with `useViewAction(snippet)` in its script, and takes it back when it closes.

import type { Snippet } from 'svelte';

let current = $state<Snippet | null>(null);

/** The action of the view now open, if it has one. */
export const viewAction = {
  get current(): Snippet | null {
    return current;
  },
};

/**
 * Call once from a view's script: shows `action` in the header while the view is open (and
 * `shown()` holds: a component that is also drawn inside another view, as the evidence list
 * is in a control's detail, hands over its action only where it is the view).
 */
export function useViewAction(action: Snippet, shown: () => boolean = () => true) {
  $effect(() => {
    if (!shown()) return;
    current = action;
    return () => {
      // The next view may have handed over its own already.
      if (current === action) current = null;
    };
  });
}

/** A header action that leads to a form of the view: brings its first field into sight, with the keyboard. */
export function goTo(field: HTMLElement | null) {
  field?.scrollIntoView({ block: 'nearest' });
  field?.focus();
}
