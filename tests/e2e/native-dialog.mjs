// Answers the app's native GTK dialogs (file choosers and message boxes, which
// src-tauri/src/dialogs.rs builds) the way a person at the keyboard does, on the Xvfb display the
// tests run in. WebDriver cannot reach these windows: they are not part of the web view.
//
// Xvfb runs with no window manager, so nothing gives a new window the keyboard: the X focus
// stays PointerRoot (keys go to whatever is under the pointer). So the dialog is given the
// focus explicitly with XSetInputFocus (`xdotool windowfocus --sync`, which returns once the
// server reports the new focus), then the key is sent with XTEST (`xdotool key`), which GTK
// takes as a real key press. When the dialog closes the X server moves the focus back to the
// root window (which again sends keys to the window under the pointer); it is then put back
// to what it was before, normally PointerRoot.
//
// Return presses a file chooser's Open or Save (its default response) and, in GTK's own
// "A file named … already exists" dialog, Replace (its default); in Annexa's message box,
// the first button (Replace), which is also its default. A folder chooser is the exception: its folder list has the
// keyboard and Return there opens the selected folder instead of choosing it, so Tab, Tab
// moves past Cancel to Open first. Escape cancels any of them.

import { execFile } from 'node:child_process';

const POLL_MS = 50;

/** Runs a command, resolving with { code, stdout } (a non-zero exit is not an error). */
function run(command, args, timeout = 5_000) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        // Not started, or killed for taking longer than `timeout`.
        reject(new Error(`${command} ${args.join(' ')} failed: ${error.message} ${stderr}`));
      } else {
        resolve({ code: error ? error.code : 0, stdout, stderr });
      }
    });
  });
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `text` as a POSIX extended regular expression matching it literally. */
function literal(text) {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** The ids of the viewable X windows whose name matches `regex` (case-insensitively). */
async function search(regex, extra = []) {
  const { code, stdout } = await run('xdotool', [
    'search',
    '--onlyvisible',
    ...extra,
    '--name',
    regex,
  ]);
  return code === 0 ? stdout.split(/\s+/).filter(Boolean) : [];
}

async function name(id) {
  const { code, stdout } = await run('xdotool', ['getwindowname', id]);
  return code === 0 ? stdout.replace(/\n$/, '') : null;
}

/**
 * The viewable dialog windows (GTK types every GtkDialog so; the app's own window is not) whose
 * name starts with `prefix` (xdotool ignores case; this does not).
 */
async function dialogsTitled(prefix) {
  const found = [];
  for (const id of await search(`^${literal(prefix)}`)) {
    const title = await name(id);
    if (title === null || !title.startsWith(prefix)) continue;
    if ((await dialogProperties(id)).dialog) found.push(id);
  }
  return found;
}

async function isViewable(id) {
  const { code, stdout } = await run('xwininfo', ['-id', id]);
  return code === 0 && /Map State:\s+IsViewable/.test(stdout);
}

/** The viewable top-level windows (the root's children: there is no window manager). */
async function topLevels() {
  return search('', ['--maxdepth', '1']);
}

/** WM_TRANSIENT_FOR (as a number, or null) and whether the window is typed a dialog. */
async function dialogProperties(id) {
  const { code, stdout } = await run('xprop', [
    '-id',
    id,
    'WM_TRANSIENT_FOR',
    '_NET_WM_WINDOW_TYPE',
  ]);
  if (code !== 0) return { transientFor: null, dialog: false };
  const transient = /WM_TRANSIENT_FOR\(WINDOW\): window id # (0x[0-9a-f]+)/i.exec(stdout);
  return {
    transientFor: transient ? Number(transient[1]) : null,
    dialog: /_NET_WM_WINDOW_TYPE_DIALOG/.test(stdout),
  };
}

/** Whether `id` is a dialog window that GTK made transient for (modal over) window `owner`. */
async function isDialogFor(id, owner) {
  const { transientFor, dialog } = await dialogProperties(id);
  return dialog && transientFor === Number(owner);
}

/** Polls until a viewable window titled `prefix…` exists; resolves with its id. */
async function waitForWindow(prefix, deadline, timeout) {
  for (;;) {
    const found = await dialogsTitled(prefix);
    if (found.length > 0) return found[found.length - 1];
    if (Date.now() > deadline) {
      throw new Error(`no native dialog titled "${prefix}…" appeared within ${timeout} ms`);
    }
    await pause(POLL_MS);
  }
}

/** The window with the keyboard focus: an id, "1" for PointerRoot, or "0" for none. */
async function focused() {
  const { code, stdout } = await run('xdotool', ['getwindowfocus', '-f']);
  return code === 0 ? stdout.trim() : null;
}

async function rootWindow() {
  const { stdout } = await run('xwininfo', ['-root']);
  const match = /Window id: (0x[0-9a-f]+)/i.exec(stdout);
  return match ? String(Number(match[1])) : null;
}

/** Gives window `id` the keyboard (XSetInputFocus) and presses `keys` in it (XTEST). */
async function press(id, keys) {
  const focus = await run('xdotool', ['windowfocus', '--sync', id]);
  if (focus.code !== 0) throw new Error(`could not focus window ${id}: ${focus.stderr}`);
  for (const key of keys) await run('xdotool', ['key', key]);
}

/**
 * Waits for the native dialog titled `titlePrefix…`, presses `keys` in it, and resolves once
 * it has closed, answering GTK's overwrite confirmation if a save dialog shows one.
 */
async function answer(titlePrefix, keys, { timeout, replace = false, settle, again }) {
  const started = Date.now();
  const deadline = started + timeout;
  const id = await waitForWindow(titlePrefix, deadline, timeout);
  const appeared = Date.now();
  // Mapped is not ready: the file chooser lists the folder and selects the file or folder
  // the app named only after it is on screen (a few ms for a small folder, tens of ms for
  // thousands of files). A key pressed before that finds nothing selected.
  await pause(settle);
  const before = new Set(await topLevels());
  const previousFocus = await focused();
  await press(id, keys);
  const first = Date.now();
  const closeBy = first + timeout;
  let pressed = first;
  let presses = 1;
  const handled = new Set();
  for (;;) {
    await pause(POLL_MS);
    if (!(await isViewable(id))) {
      const closed = Date.now();
      // The X server gave the focus back to the root window; put back what was there before
      // (normally PointerRoot, the X default without a window manager), unless something
      // else has taken the focus since.
      const now = await focused();
      if (previousFocus && (now === '0' || now === (await rootWindow()))) {
        await run('xdotool', ['windowfocus', previousFocus]);
      }
      return { id, waited: appeared - started, closed: closed - first, presses };
    }
    // Saving over an existing file: GTK asks first, in a message dialog of its own (no
    // title) that is transient for the file chooser.
    for (const other of await topLevels()) {
      if (other === id || before.has(other) || handled.has(other)) continue;
      if (!(await isDialogFor(other, id))) continue;
      handled.add(other);
      if (keys[0] !== 'Escape' && !replace) {
        await press(other, ['Escape']);
        await press(id, ['Escape']);
        throw new Error(
          `"${titlePrefix}…" asked whether to replace an existing file; both dialogs were ` +
            'cancelled (pass { replace: true } to replace it)',
        );
      }
      await press(other, [keys[keys.length - 1]]);
      pressed = Date.now();
    }
    if (Date.now() > closeBy) {
      throw new Error(
        `the native dialog "${titlePrefix}…" was still open ${timeout} ms after ` +
          `${keys.join(' ')} was pressed in it` +
          (handled.size ? ' and in its confirmation' : presses > 1 ? ` (${presses} times)` : ''),
      );
    }
    // A press that changed nothing (the dialog still open, nothing new on screen) is
    // repeated: Return in a file list that is still loading does nothing at all.
    if (again && handled.size === 0 && Date.now() - pressed > again) {
      try {
        await press(id, keys);
      } catch (error) {
        if (await isViewable(id)) throw error; // else it closed meanwhile: seen next turn
      }
      pressed = Date.now();
      presses += 1;
    }
  }
}

/**
 * Waits (at most `timeout` ms) for a native dialog whose title starts with `titlePrefix`
 * (exactly, case and all) to be shown, gives it the keyboard, accepts it, and resolves once it
 * has closed (rejecting if it is still open `timeout` ms after the key press), with `{ id, waited, closed, presses }`: its X window id, the
 * milliseconds spent waiting for it to appear and from the first key press until it had
 * closed, and how many times the keys were pressed (more than once if a press did nothing).
 *
 * Accepting is Return: Open in a file chooser (the file the app selected), Save in a save
 * dialog (the name in the name field), the first button of a message box (its OK). In a
 * folder chooser Return would open the selected folder rather than choose it, so with
 * `folder: true` it is Tab, Tab (from the folder list past Cancel to Open), Return.
 * If saving would overwrite a file GTK asks again: `replace: true` answers Replace;
 * otherwise both dialogs are cancelled and the promise rejects.
 * `settle` is how long to let a dialog that has just appeared finish listing its folder.
 */
export function confirmNativeDialog(
  titlePrefix,
  { timeout = 15_000, replace = false, folder = false, settle = 300 } = {},
) {
  const keys = folder ? ['Tab', 'Tab', 'Return'] : ['Return'];
  // Pressing Open again is harmless where Return did nothing; in a folder chooser it is not.
  return answer(titlePrefix, keys, { timeout, replace, settle, again: folder ? 0 : 1_500 });
}

/** As confirmNativeDialog, but presses Escape, which cancels any of these dialogs. */
export function cancelNativeDialog(titlePrefix, { timeout = 15_000, settle = 300 } = {}) {
  return answer(titlePrefix, ['Escape'], { timeout, settle, again: 1_500 });
}
