// The window's colour theme: the system's choice (the default), or always light or dark.
// Kept in the webview's local storage: it belongs to this machine's window, not to a workspace.

export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'annexa.theme';

/** A stored value read back; anything unknown (or nothing) means the system's choice. */
export function parseTheme(value: string | null | undefined): ThemeChoice {
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function loadTheme(): ThemeChoice {
  try {
    return parseTheme(globalThis.localStorage?.getItem(KEY));
  } catch {
    return 'system';
  }
}

export function saveTheme(choice: ThemeChoice): void {
  try {
    globalThis.localStorage?.setItem(KEY, choice);
  } catch {
    // Without storage the choice lasts until the window closes.
  }
}

/**
 * Sets `data-theme` (`light` or `dark`) on the document, the system's choice resolved, and
 * keeps following the system while the choice is "System"; returns what stops following it.
 */
export function followTheme(choice: ThemeChoice): () => void {
  const root = globalThis.document?.documentElement;
  const query = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
  if (!root) return () => {};
  const apply = () => {
    const dark = choice === 'dark' || (choice === 'system' && query?.matches === true);
    root.dataset.theme = dark ? 'dark' : 'light';
  };
  apply();
  if (choice !== 'system' || !query) return () => {};
  query.addEventListener('change', apply);
  return () => query.removeEventListener('change', apply);
}
