// The one long operation that may run at a time (storing files, verifying), shown by the
// progress bar at the bottom of the window. Rust holds the workspace for the length of the
// operation, so a second one would only queue behind it; the bar says so by being there.

import type { ProgressView } from './bindings';

export const task = $state<{ label: string; progress: ProgressView | null; active: boolean }>({
  label: '',
  progress: null,
  active: false,
});

/** Finished long work, said in a toast at the corner until dismissed or a few seconds pass. */
export const toasts = $state<{ id: number; text: string }[]>([]);
let nextToast = 1;

/** Which bottom corner the toasts take: the one away from the control just used. */
export const toastCorner = $state<{ side: 'left' | 'right' }>({ side: 'right' });

/** How wide and tall the toasts' corner is, in CSS pixels (a toast is at most 26rem wide). */
const CORNER = { width: 440, height: 220 };

/**
 * The corner for toasts when `used` (the control that started the work) is where it is in a
 * window of `width` × `height`: the bottom right, unless the control is there, then the
 * bottom left.
 */
export function cornerAwayFrom(
  used: { left: number; right: number; top: number; bottom: number } | null,
  width: number,
  height: number,
): 'left' | 'right' {
  if (!used) return 'right';
  const inRight = used.right > width - CORNER.width && used.bottom > height - CORNER.height;
  return inRight ? 'left' : 'right';
}

/**
 * "Importing a folder" that took 3.2 s → "Importing a folder: done in 3.2 s"; work shorter
 * than a second says so instead of "0 s".
 */
export function doneText(label: string, ms: number): string {
  if (ms < 950) return `${label}: done in under a second`;
  const s = ms / 1000;
  return `${label}: done in ${s < 10 ? s.toFixed(1).replace(/\.0$/, '') : Math.round(s)} s`;
}

export function dismissToast(id: number) {
  const at = toasts.findIndex((t) => t.id === id);
  if (at >= 0) toasts.splice(at, 1);
}

/**
 * Runs `work` with the progress bar showing `label` and following its reports; when it
 * succeeds, a toast says so (errors are shown where the work was asked for). `done` may say
 * it in other words, or not at all (null) where the result is shown as a failure in place.
 */
export async function withProgress<T>(
  label: string,
  work: (onProgress: (p: ProgressView) => void) => Promise<T>,
  done: (result: T, text: string) => string | null = (_, text) => text,
): Promise<T> {
  task.label = label;
  task.progress = null;
  task.active = true;
  // The control that started the work has the keyboard (a click gives it too).
  const used = typeof document === 'undefined' ? null : document.activeElement;
  const usedRect = used && used !== document.body ? used.getBoundingClientRect() : null;
  const started = performance.now();
  try {
    const result = await work((p) => {
      task.progress = p;
    });
    const text = done(result, doneText(label, performance.now() - started));
    if (text) {
      toastCorner.side = cornerAwayFrom(usedRect, window.innerWidth, window.innerHeight);
      const id = nextToast++;
      toasts.push({ id, text });
      setTimeout(() => dismissToast(id), 8000);
    }
    return result;
  } finally {
    task.active = false;
  }
}
