// Starts the real Annexa window for a test: tauri-driver (which runs WebKitWebDriver, which
// runs the app) on free loopback ports, a WebdriverIO session against it, and a fresh data
// directory so the test never touches the developer's own workspace.

import { spawn, execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { remote } from 'webdriverio';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const ARTIFACTS = join(ROOT, 'target', 'e2e-artifacts');

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** Polls tauri-driver's /status until it answers, for at most `ms` milliseconds. */
async function waitForDriver(port, child, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tauri-driver exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not answer on port ${port} within ${ms} ms`);
}

/**
 * Launches the app with `env` added to its environment (and `args` on its command line) and returns
 * `{ browser, dataHome, stop }`. `ANNEXA_APP` must name the debug binary with the UI embedded.
 */
export async function launch({ env = {}, args = [] } = {}) {
  const application = process.env.ANNEXA_APP;
  if (!application) throw new Error('set ANNEXA_APP to the annexa-app binary (see check.sh)');
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataHome = mkdtempSync(join(tmpdir(), 'annexa-e2e-'));
  // The user's documents folder, where a save dialog opens when nothing else suggests one
  // (as a desktop session declares it, in user-dirs.dirs).
  mkdirSync(join(dataHome, 'Documents'));
  mkdirSync(join(dataHome, 'config'), { recursive: true });
  writeFileSync(
    join(dataHome, 'config', 'user-dirs.dirs'),
    `XDG_DOCUMENTS_DIR="${join(dataHome, 'Documents')}"\n`,
  );
  const port = await freePort();
  const nativePort = await freePort();
  // The driver's own chatter (including its complaint when the session ends) goes to a log
  // kept with the screenshots, not into the test report.
  const log = openSync(join(ARTIFACTS, 'tauri-driver.log'), 'a');
  const driver = spawn(
    'tauri-driver',
    ['--port', String(port), '--native-port', String(nativePort)],
    {
      env: {
        ...process.env,
        XDG_DATA_HOME: dataHome,
        XDG_CONFIG_HOME: join(dataHome, 'config'),
        XDG_STATE_HOME: join(dataHome, 'state'),
        ANNEXA_WORKSPACE: '',
        ...env,
      },
      stdio: ['ignore', log, log],
    },
  );
  try {
    await waitForDriver(port, driver, 30_000);
    const browser = await remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      connectionRetryCount: 0,
      capabilities: {
        'wdio:enforceWebDriverClassic': true,
        'tauri:options': { application, args },
      },
    });
    // Ready means the catalogue came back from Rust (its version shows in the header) and the
    // workspace was opened or refused, or a pack given to it is being reviewed: only then is
    // the window worth driving.
    await browser.$('.catalogue-version').waitForExist({ timeout: 30_000 });
    await browser.waitUntil(
      async () =>
        (await browser.$('[data-testid="workspace"]').isExisting()) ||
        (await browser.$('[data-testid="workspace-error"]').isExisting()) ||
        (await browser.$('[data-testid="no-workspace"]').isExisting()) ||
        (await browser.$('[data-testid="review-mode"]').isExisting()),
      { timeout: 30_000, timeoutMsg: 'the window never showed a workspace or a workspace error' },
    );
    const stop = async () => {
      await browser.deleteSession().catch(() => {});
      driver.kill();
      rmSync(dataHome, { recursive: true, force: true });
    };
    return { browser, dataHome, stop };
  } catch (error) {
    driver.kill();
    rmSync(dataHome, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The Annex A table's row for a control id. The table opens with its first rows and draws the
 * rest as its end scrolls into view, so a row further down is reached the way a user reaches
 * it: by scrolling to the end of the table until it is drawn.
 */
export async function assessmentRow(browser, id) {
  const row = await browser.$(`[data-testid="assessment-row"][data-id="${id}"]`);
  await browser.waitUntil(
    async () => {
      if (await row.isExisting()) return true;
      await browser.execute(() =>
        document.querySelector('[data-testid="assessment-more"]')?.scrollIntoView(),
      );
      return false;
    },
    { timeout: 10_000, timeoutMsg: `the row of ${id} was never drawn` },
  );
  return row;
}

/** Waits two animation frames so that a screenshot shows the DOM as it is now. */
export async function settle(browser) {
  await browser.executeAsync((done) =>
    requestAnimationFrame(() => requestAnimationFrame(() => done())),
  );
}

/**
 * Keeps a picture of a step: the webview through WebDriver, and the whole X display (window
 * title included) through ImageMagick's `import`.
 */
export async function screenshot(browser, name) {
  await settle(browser);
  await browser.saveScreenshot(join(ARTIFACTS, `${name}.png`));
  if (process.env.DISPLAY) {
    execFileSync('import', ['-window', 'root', join(ARTIFACTS, `${name}-display.png`)]);
  }
}

/** The X windows' names, as `xwininfo` lists them. */
export function windowNames() {
  return execFileSync('xwininfo', ['-root', '-tree'], { encoding: 'utf8' });
}

/**
 * Runs the `annexa` CLI (`ANNEXA_CLI`) on `workspace` and returns its standard output; changes
 * are recorded in the history as "CLI user".
 */
export function cli(workspace, ...args) {
  const binary = process.env.ANNEXA_CLI;
  if (!binary) throw new Error('set ANNEXA_CLI to the annexa binary (see check.sh)');
  return execFileSync(binary, args, {
    encoding: 'utf8',
    env: { ...process.env, ANNEXA_WORKSPACE: workspace, ANNEXA_USER: 'CLI user' },
  });
}

/**
 * A stand-in for the desktop's "open with the default application" (xdg-open), to put first
 * on the app's PATH: it keeps what it was asked to open as `dir/opened.path` (the path) and
 * `dir/opened.copy` (the bytes), each written whole. Returns the folder to prepend to PATH.
 */
export function fakeOpener(dir) {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'xdg-open'),
    `#!/bin/sh\nprintf '%s' "$1" > '${dir}/opened.path.tmp' && { [ -d "$1" ] || cp "$1" '${dir}/opened.copy'; } && mv '${dir}/opened.path.tmp' '${dir}/opened.path'\n`,
  );
  chmodSync(join(bin, 'xdg-open'), 0o755);
  return bin;
}

let axeSource = null;

/**
 * Every accessibility violation axe-core finds in the page as it is now, whatever its impact
 * (the WCAG 2.0, 2.1 and 2.2 A and AA rules, and axe's best practices such as one h1 per
 * page), as `rule: element, element…` lines. axe-core is loaded into the page
 * through WebDriver the first time; the app itself never loads it.
 */
export async function accessibilityProblems(browser) {
  axeSource ??= readFileSync(
    join(import.meta.dirname, 'node_modules', 'axe-core', 'axe.min.js'),
    'utf8',
  );
  const loaded = await browser.execute(() => typeof window.axe !== 'undefined');
  if (!loaded) await browser.execute(axeSource);
  const found = await browser.executeAsync((done) => {
    const where = (v) =>
      v.nodes
        .slice(0, 4)
        .map((n) => n.target.join(' '))
        .join(', ');
    window.axe
      .run(document, {
        runOnly: {
          type: 'tag',
          values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
        },
      })
      .then((r) =>
        done([
          // A check that checked nothing would pass anything: say so instead.
          ...(r.passes.length < 10 ? [`axe-core ran only ${r.passes.length} rules`] : []),
          ...r.violations.map((v) => `${v.id} (${v.impact}): ${where(v)}`),
        ]),
      )
      .catch((e) => done([`axe failed: ${e}`]));
  });
  return found;
}

/**
 * What scrolls sideways or sticks out past the window's right edge, in words: run in the page
 * with `browser.execute(overflow)`.
 */
export function overflow() {
  const found = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) {
    found.push(`the page is ${doc.scrollWidth}px wide in ${doc.clientWidth}px`);
  }
  const name = (el) =>
    `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''}${
      typeof el.className === 'string' && el.className ? `.${el.className.split(' ')[0]}` : ''
    }`;
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
      found.push(`${name(el)} scrolls sideways (${el.scrollWidth}px in ${el.clientWidth}px)`);
    }
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && box.right > window.innerWidth + 1) {
      found.push(`${name(el)} ends at ${Math.round(box.right)}px of ${window.innerWidth}px`);
    }
  }
  return found.slice(0, 10);
}

/**
 * The process id of the app that `launch` started with `dataHome`: the one process running
 * annexa-app with that data folder in its environment (its web processes have it too, but run
 * another program). Null when it is not running.
 */
export function appPid(dataHome) {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readlinkSync(`/proc/${pid}/exe`).endsWith('/annexa-app')) continue;
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (env.includes(`XDG_DATA_HOME=${dataHome}`)) return Number(pid);
    } catch {
      // A process that ended while we looked, or one that is not ours to read.
    }
  }
  return null;
}

/** The inodes (BigInt) of every file and folder that process `pid` watches through inotify. */
export function watchedInodes(pid) {
  const inodes = new Set();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`) !== 'anon_inode:inotify') continue;
      const info = readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8');
      for (const m of info.matchAll(/^inotify wd:\S+ ino:([0-9a-f]+) /gm)) {
        inodes.add(BigInt(`0x${m[1]}`));
      }
    } catch {
      // A descriptor closed while we looked.
    }
  }
  return inodes;
}

/**
 * Headless Chromium, driven through chromedriver on a free port: the auditor's plain browser.
 * `stop()` ends the session and the driver.
 */
export async function chromium({ args = [] } = {}) {
  const port = await freePort();
  const driver = spawn('chromedriver', [`--port=${port}`], { stdio: 'ignore' });
  try {
    const browser = await remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      connectionRetryTimeout: 30_000,
      capabilities: {
        browserName: 'chrome',
        'wdio:enforceWebDriverClassic': true,
        'goog:chromeOptions': {
          binary: '/usr/bin/chromium',
          args: ['--headless=new', '--no-sandbox', '--disable-gpu', ...args],
        },
      },
    });
    const stop = async () => {
      await browser.deleteSession().catch(() => {});
      driver.kill();
    };
    return { browser, stop };
  } catch (error) {
    driver.kill();
    throw error;
  }
}
