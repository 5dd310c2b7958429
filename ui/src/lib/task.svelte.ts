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

/** "Importing a folder" that took 3.2 s → "Importing a folder: done in 3 s". */
export function doneText(label: string, ms: number): string {
  const s = ms / 1000;
  return `${label}: done in ${s < 10 ? s.toFixed(1).replace(/\.0$/, '') : Math.round(s)} s`;
}

export function dismissToast(id: number) {
  const at = toasts.findIndex((t) => t.id === id);
  if (at >= 0) toasts.splice(at, 1);
}

/**
 * Runs `work` with the progress bar showing `label` and following its reports; when it
 * succeeds, a toast says so (errors are shown where the work was asked for).
 */
export async function withProgress<T>(
  label: string,
  work: (onProgress: (p: ProgressView) => void) => Promise<T>,
): Promise<T> {
  task.label = label;
  task.progress = null;
  task.active = true;
  const started = performance.now();
  try {
    const result = await work((p) => {
      task.progress = p;
    });
    const id = nextToast++;
    toasts.push({ id, text: doneText(label, performance.now() - started) });
    setTimeout(() => dismissToast(id), 8000);
    return result;
  } finally {
    task.active = false;
  }
}
