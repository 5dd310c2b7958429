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
  const started = performance.now();
  try {
    const result = await work((p) => {
      task.progress = p;
    });
    const text = done(result, doneText(label, performance.now() - started));
    if (text) {
      const id = nextToast++;
      toasts.push({ id, text });
      setTimeout(() => dismissToast(id), 8000);
    }
    return result;
  } finally {
    task.active = false;
  }
}
