// Files dragged from another application and dropped on the window, as from a file manager:
// a small GTK window (drag-source.py) offers the files as text/uri-list and xdotool moves the
// real X pointer. Dropped on a control's row, they are stored as its evidence; dropped where
// there is no control, or a folder, nothing is stored and the window says why; an audit pack
// dropped there is opened for review.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT, launch, screenshot, cli } from './harness.mjs';

// The system's Python, which has the GTK bindings (a pyenv Python on PATH would not).
const PYTHON = '/usr/bin/python3';
const SOURCE = { x: 1300, y: 700 };

function evidence(workspace) {
  return JSON.parse(cli(workspace, 'evidence', 'list', '--format', 'json'));
}

/** Shows a drag source offering `paths` and resolves once it is on screen. */
async function dragSource(paths) {
  const child = spawn(
    PYTHON,
    [join(ROOT, 'tests/e2e/drag-source.py'), String(SOURCE.x), String(SOURCE.y), ...paths],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`drag-source.py exited with ${code}`)));
    child.stdout.once('data', resolve);
  });
  // Mapped on the X display: xdotool finds it by name (exits non-zero until then).
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      execFileSync('xdotool', ['search', '--onlyvisible', '--name', 'annexa-drag-source']);
      return child;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Drags from the source window to (x, y) of the app's window (at the screen's origin, as
 * Xvfb has no window manager) the way a hand does: press, move in steps, release. The pauses
 * belong to the gesture (the drag protocol exchanges messages between steps); nothing is
 * asserted on time.
 */
function dragTo(x, y) {
  const from = { x: SOURCE.x + 30, y: SOURCE.y + 15 };
  const args = [
    'mousemove',
    '--sync',
    String(from.x),
    String(from.y),
    'mousedown',
    '1',
    'sleep',
    '0.2',
  ];
  for (let i = 1; i <= 10; i++) {
    const px = Math.round(from.x + ((x - from.x) * i) / 10);
    const py = Math.round(from.y + ((y - from.y) * i) / 10);
    args.push('mousemove', '--sync', String(px), String(py), 'sleep', '0.05');
  }
  args.push('sleep', '0.3', 'mouseup', '1');
  execFileSync('xdotool', args);
}

/** The centre of an element, in the window's (and so the screen's) pixels. */
async function centre(browser, selector) {
  return browser.execute((sel) => {
    const el = document.querySelector(sel);
    el.scrollIntoView({ block: 'center' });
    const r = el.getBoundingClientRect();
    return { x: Math.round(r.x + Math.min(r.width / 2, 150)), y: Math.round(r.y + r.height / 2) };
  }, selector);
}

describe('dropping files from another application onto the window', () => {
  let app;
  let dir;
  let workspace;
  let source;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'annexa-e2e-drop-'));
    workspace = join(dir, 'client.annexa');
    cli(workspace, 'init', workspace, '--org', 'Drop Ltd');
    app = await launch({ env: { ANNEXA_WORKSPACE: workspace } });
    await app.browser.$('[data-testid="view-assessment"]').click();
    await app.browser
      .$('[data-testid="assessment-row"][data-id="A.5.15"]')
      .waitForExist({ timeout: 10_000 });
  });

  after(async () => {
    source?.kill();
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores files dropped on a control's row as its evidence", async () => {
    const { browser } = app;
    const log = join(dir, 'Visitor log.csv');
    const badge = join(dir, 'Badge list.txt');
    writeFileSync(log, 'name,date\nAna,2026-11-02\n');
    writeFileSync(badge, 'badge 1 Ana\n');
    source = await dragSource([log, badge]);
    const at = await centre(browser, '[data-testid="assessment-row"][data-id="A.5.15"]');
    dragTo(at.x, at.y);
    await browser.waitUntil(async () => evidence(workspace).length === 2, {
      timeout: 15_000,
      timeoutMsg: 'the dropped files were never stored',
    });
    for (const e of evidence(workspace)) assert.deepEqual(e.controls, ['A.5.15']);
    const message = await browser.$('[data-testid="drop-message"]');
    await browser.waitUntil(
      async () => /Attached 2 files to A\.5\.15/.test(await message.getText()),
      {
        timeout: 10_000,
        timeoutMsg: 'the window did not say where the files went',
      },
    );
    const count = await browser.$(
      '[data-testid="assessment-row"][data-id="A.5.15"] [data-testid="evidence-count"]',
    );
    assert.equal(await count.getText(), '2');
    await screenshot(browser, 'drop-1-on-a-control');
    source.kill();
  });

  it('stores nothing when files are dropped where there is no control, or a folder is dropped', async () => {
    const { browser } = app;
    const stray = join(dir, 'stray.txt');
    writeFileSync(stray, 'stray');
    source = await dragSource([stray]);
    const toolbar = await centre(browser, '[data-testid="assessment-filter"]');
    dragTo(toolbar.x, toolbar.y);
    const message = await browser.$('[data-testid="drop-message"]');
    await browser.waitUntil(async () => /Drop files on a control/.test(await message.getText()), {
      timeout: 15_000,
      timeoutMsg: 'the window did not explain where to drop',
    });
    source.kill();

    const folder = join(dir, 'a folder');
    mkdirSync(folder);
    source = await dragSource([folder]);
    const row = await centre(browser, '[data-testid="assessment-row"][data-id="A.5.1"]');
    dragTo(row.x, row.y);
    await browser.waitUntil(async () => /is a folder/.test(await message.getText()), {
      timeout: 15_000,
      timeoutMsg: 'the window did not refuse the folder',
    });
    assert.equal(evidence(workspace).length, 2);
    await screenshot(browser, 'drop-2-refused');
    source.kill();
  });

  it("reviews an audit pack dropped where there is no control, in the auditor's mode", async () => {
    const { browser } = app;
    const pack = join(dir, 'received pack.zip');
    cli(workspace, 'export', pack, '-q');
    source = await dragSource([pack]);
    const toolbar = await centre(browser, '[data-testid="assessment-filter"]');
    dragTo(toolbar.x, toolbar.y);
    const ok = await browser.$('[data-testid="pack-verified"]');
    await ok.waitForExist({ timeout: 30_000 });
    assert.match(await browser.$('[data-testid="review-mode"]').getText(), /Drop Ltd/);
    // Nothing was attached: a pack is reviewed, not stored.
    assert.equal(evidence(workspace).length, 2);
    await screenshot(browser, 'drop-3-pack');
    await browser.$('[data-testid="leave-review"]').click();
    await browser.$('[data-testid="workspace"]').waitForExist({ timeout: 5_000 });
  });
});
