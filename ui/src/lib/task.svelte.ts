// The one long operation that may run at a time (storing files, verifying), shown by the
// progress bar at the bottom of the window. Rust holds the workspace for the length of the
// operation, so a second one would only queue behind it; the bar says so by being there.

import type { ProgressView } from './bindings';

export const task = $state<{ label: string; progress: ProgressView | null; active: boolean }>({
  label: '',
  progress: null,
  active: false,
});

/** Runs `work` with the progress bar showing `label` and following its reports. */
export async function withProgress<T>(
  label: string,
  work: (onProgress: (p: ProgressView) => void) => Promise<T>,
): Promise<T> {
  task.label = label;
  task.progress = null;
  task.active = true;
  try {
    return await work((p) => {
      task.progress = p;
    });
  } finally {
    task.active = false;
  }
}
