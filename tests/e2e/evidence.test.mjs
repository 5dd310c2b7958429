// The evidence locker in the real window, with the CLI on the same workspace file: evidence
// stored by the CLI shows with its SHA-256, images and text preview inside the app (text
// escaped), expiring evidence reaches the dashboard, and what the window records or finds
// (a note, a status, a corrupted file) is what the CLI sees.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launch, screenshot, cli, fakeOpener } from './harness.mjs';
import { confirmNativeDialog } from './native-dialog.mjs';

function evidence(workspace) {
  return JSON.parse(cli(workspace, 'evidence', 'list', '--format', 'json'));
}

/** A minimal one-page PDF showing `text` in Helvetica, written by hand (no PDF library). */
function pdf(text) {
  const stream = `BT /F1 18 Tf 20 70 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R ' +
      '/Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) out += `${String(at).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return out;
}

/** The evidence item titled `title` in the open panel, once it shows. */
async function item(browser, title) {
  let found = null;
  await browser.waitUntil(
    async () => {
      for (const candidate of await browser.$$('[data-testid="evidence-item"]')) {
        if ((await candidate.$('[data-testid="evidence-title"]').getText()) === title) {
          found = candidate;
          return true;
        }
      }
      return false;
    },
    { timeout: 10_000, timeoutMsg: `no evidence titled ${title} in the panel` },
  );
  return found;
}

/**
 * Opens the evidence item titled `title` (its details and buttons show) and returns it. The
 * panel may reload its list while the window settles, which closes an open item; the toggle is
 * clicked again only when the item is seen closed.
 */
async function expand(browser, title) {
  await browser.waitUntil(
    async () => {
      const found = await item(browser, title);
      const toggle = await found.$('button.link');
      if ((await toggle.getAttribute('aria-expanded')) !== 'true') {
        // An item at the bottom edge of the drawer is scrolled to first, as a user would.
        await toggle.scrollIntoView({ block: 'center' });
        await toggle.click();
      }
      return found.$('[data-testid="evidence-preview-button"]').isExisting();
    },
    { timeout: 10_000, interval: 250, timeoutMsg: `${title} never opened` },
  );
  return item(browser, title);
}

describe('the evidence locker in the window and the CLI on one file', () => {
  let app;
  let dir;
  let workspace;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'annexa-e2e-evidence-'));
    workspace = join(dir, 'client.annexa');
    cli(workspace, 'init', workspace, '--org', 'Evidence Ltd');
    const image = join(dir, 'Badge reader.png');
    execFileSync('convert', ['-size', '64x40', 'xc:#2a7f62', image]);
    const text = join(dir, 'Access review.txt');
    writeFileSync(text, 'Reviewed by <script>alert("x")</script> & signed\n');
    cli(workspace, 'evidence', 'add', image, text, '--control', 'A.5.15');
    const policy = join(dir, 'Access policy.pdf');
    writeFileSync(policy, pdf('Annexa PDF preview'));
    cli(workspace, 'evidence', 'add', policy, '--control', 'A.5.1');
    cli(
      workspace,
      'evidence',
      'note',
      'Restore test seen',
      '--control',
      '8.13',
      '--title',
      'Restore test',
      '--valid-until',
      '2020-01-31',
    );
    // Valid for ten more days (UTC, as the workspace counts days).
    const inTenDays = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    cli(
      workspace,
      'evidence',
      'note',
      'Insurance certificate',
      '--control',
      '5.20',
      '--title',
      'Insurance',
      '--valid-until',
      inTenDays,
    );
    // The desktop's default application, replaced by one that keeps what it was asked to open.
    const bin = fakeOpener(dir);
    app = await launch({
      env: { ANNEXA_WORKSPACE: workspace, PATH: `${bin}:${process.env.PATH}` },
    });
  });

  after(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('warns of expired evidence on the dashboard', async () => {
    const { browser } = app;
    await browser.$('[data-testid="view-dashboard"]').click();
    const list = await browser.$('[data-testid="expiring-evidence"]');
    await list.waitForExist({ timeout: 10_000 });
    assert.match(await list.getText(), /Restore test — expired 2020-01-31/);
    assert.match(await list.getText(), /Insurance — expires/);
    const count = await browser.$('[data-testid="expiring-count"]');
    assert.equal(await count.getText(), '2');
    // A shorter window leaves out what expires in ten days, but never what has expired.
    const days = await browser.$('[data-testid="expiry-days"]');
    await days.setValue('5');
    await browser.keys('Tab');
    await browser.waitUntil(async () => (await count.getText()) === '1', {
      timeout: 10_000,
      timeoutMsg: 'the dashboard did not follow the chosen number of days',
    });
    assert.doesNotMatch(await list.getText(), /Insurance/);
    await screenshot(browser, 'evidence-0-dashboard');
  });

  it("lists a control's evidence with the SHA-256 the CLI recorded", async () => {
    const { browser } = app;
    await browser.$('[data-testid="view-assessment"]').click();
    const row = await browser.$('[data-testid="assessment-row"][data-id="A.5.15"]');
    await row.waitForExist({ timeout: 10_000 });
    assert.equal(await row.$('[data-testid="evidence-count"]').getText(), '2');
    await row.$('button.control').click();
    const panel = await browser.$(
      '[data-testid="assessment-detail"] [data-testid="evidence-panel"]',
    );
    await panel.waitForExist({ timeout: 10_000 });
    await browser.waitUntil(
      async () => (await panel.$$('[data-testid="evidence-item"]')).length === 2,
      {
        timeout: 10_000,
        timeoutMsg: 'the two pieces of evidence never showed',
      },
    );
    const stored = evidence(workspace).find((e) => e.title === 'Badge reader');
    const shown = await (
      await item(browser, 'Badge reader')
    )
      .$('[data-testid="evidence-sha256"]')
      .getText();
    assert.equal(shown, stored.sha256);
    await screenshot(browser, 'evidence-1-control-panel');
  });

  it('previews an image and a text file inside the app, the text escaped', async () => {
    const { browser } = app;
    const image = await expand(browser, 'Badge reader');
    await image.$('[data-testid="evidence-preview-button"]').click();
    const img = await image.$('[data-testid="evidence-preview"] img');
    await img.waitForExist({ timeout: 10_000 });
    await browser.waitUntil(
      async () => (await browser.execute((el) => el.naturalWidth, img)) === 64,
      {
        timeout: 10_000,
        timeoutMsg: 'the stored image never loaded through the evidence: scheme',
      },
    );
    const text = await expand(browser, 'Access review');
    await text.$('[data-testid="evidence-preview-button"]').click();
    const pre = await text.$('[data-testid="evidence-preview"] pre');
    await pre.waitForExist({ timeout: 10_000 });
    assert.match(await pre.getText(), /Reviewed by <script>alert\("x"\)<\/script> & signed/);
    assert.equal(await browser.execute(() => document.querySelectorAll('pre script').length), 0);
    await screenshot(browser, 'evidence-2-previews');
  });

  it('shows a PDF inside the app', async () => {
    const { browser } = app;
    const row = await browser.$('[data-testid="assessment-row"][data-id="A.5.1"]');
    await row.$('button.control').click();
    const policy = await expand(browser, 'Access policy');
    await policy.$('[data-testid="evidence-preview-button"]').click();
    const frame = await policy.$('[data-testid="evidence-preview"] iframe');
    await frame.waitForExist({ timeout: 10_000 });
    // WebKitGTK shows a PDF with its built-in PDF.js viewer, in a frame of its own.
    await browser.switchFrame(frame);
    try {
      const viewer = await browser.$('iframe');
      await viewer.waitForExist({ timeout: 10_000 });
      await browser.switchFrame(viewer);
      await browser.waitUntil(
        async () =>
          /Annexa PDF preview/.test(await browser.execute(() => document.body?.innerText ?? '')),
        { timeout: 15_000, timeoutMsg: 'the PDF viewer never showed the text of the page' },
      );
    } finally {
      await browser.switchFrame(null);
    }
    await screenshot(browser, 'evidence-2b-pdf');
    // A form (or a message) opened under one control is not left under the next one's.
    await browser.$('[data-testid="assessment-detail"] [data-testid="evidence-add-link"]').click();
    const form = await browser.$('[data-testid="assessment-detail"] [data-testid="evidence-form"]');
    await form.waitForExist({ timeout: 5_000 });
    // Back to the control the next step works on.
    await browser.$('[data-testid="assessment-row"][data-id="A.5.15"] button.control').click();
    await form.waitForExist({ reverse: true, timeout: 5_000 });
  });

  it("opens a file in the desktop's default application, as a checked copy", async () => {
    const { browser } = app;
    const text = await expand(browser, 'Access review');
    await text.$('button=Open').click();
    const opened = join(dir, 'opened.path');
    await browser.waitUntil(async () => existsSync(opened), {
      timeout: 10_000,
      timeoutMsg: 'nothing was handed to the default application',
    });
    assert.match(readFileSync(opened, 'utf8'), /Access review\.txt$/);
    assert.doesNotMatch(readFileSync(opened, 'utf8'), /client\.annexa/);
    assert.equal(
      readFileSync(join(dir, 'opened.copy'), 'utf8'),
      'Reviewed by <script>alert("x")</script> & signed\n',
    );
  });

  it('records a status and a note that the CLI sees at once', async () => {
    const { browser } = app;
    const image = await item(browser, 'Badge reader');
    // The status shows as text until opened; then it is a select.
    const before = evidence(workspace).find((e) => e.title === 'Badge reader').status;
    assert.notEqual(before, 'approved');
    assert.equal(
      await image.$('[data-testid="evidence-status"]').getAttribute('data-value'),
      before,
    );
    await image.$('[data-testid="evidence-status"]').click();
    await image.$('[data-testid="evidence-status-edit"]').selectByAttribute('value', 'approved');
    await browser.waitUntil(
      async () => evidence(workspace).find((e) => e.title === 'Badge reader').status === 'approved',
      { timeout: 10_000, timeoutMsg: 'the CLI never saw the approval' },
    );
    const panel = await browser.$(
      '[data-testid="assessment-detail"] [data-testid="evidence-panel"]',
    );
    const addNote = await panel.$('button=Add note');
    await addNote.scrollIntoView();
    await addNote.click();
    await panel.$('[data-testid="evidence-note-text"]').setValue('Badges checked at reception');
    await panel.$('[data-testid="evidence-form"] button[type="submit"]').click();
    await browser.waitUntil(
      async () => (await panel.$$('[data-testid="evidence-item"]')).length === 3,
      {
        timeout: 10_000,
        timeoutMsg: 'the note never showed in the panel',
      },
    );
    const notes = evidence(workspace).filter(
      (e) => e.kind === 'note' && e.controls.includes('A.5.15'),
    );
    assert.equal(notes.length, 1);
    assert.equal(notes[0].body, 'Badges checked at reception');
  });

  it('imports a folder typed into the window, mapping files to controls by their names', async () => {
    const { browser } = app;
    const folder = join(dir, 'workshop');
    mkdirSync(join(folder, 'A.6.3 Awareness'), { recursive: true });
    writeFileSync(join(folder, 'A.6.3 Awareness', 'attendance.csv'), 'name,date\nAna,2026-11-02\n');
    writeFileSync(join(folder, 'A.5.10 Acceptable use.txt'), 'Acceptable use rules\n');
    await browser.$('[data-testid="view-evidence"]').click();
    await browser.$('[data-testid="evidence-import-folder"]').click();
    await browser.$('[data-testid="evidence-folder"]').setValue(folder);
    await browser.$('[data-testid="evidence-form"] button[type="submit"]').click();
    await confirmNativeDialog('Annexa — import a folder', { folder: true });
    await item(browser, 'attendance');
    const stored = evidence(workspace);
    assert.deepEqual(stored.find((e) => e.title === 'attendance').controls, ['A.6.3']);
    assert.deepEqual(stored.find((e) => e.title === 'A.5.10 Acceptable use').controls, ['A.5.10']);
    // The finished import says so in a toast, with how long it took; it can be dismissed.
    const toast = await browser.$('[data-testid="toast"]');
    await toast.waitForExist({ timeout: 5_000 });
    assert.match(await toast.getText(), /^Importing a folder: done in ([\d.]+ s|under a second)/);
    // It covers neither the control that started the work nor the view's main action.
    const covered = await browser.execute(() => {
      const t = document.querySelector('[data-testid="toast"]').getBoundingClientRect();
      return [
        '[data-testid="evidence-form"] button[type="submit"]',
        '[data-testid="evidence-import-folder"]',
        '[data-testid="evidence-add-files"]',
      ].filter((selector) => {
        const r = document.querySelector(selector)?.getBoundingClientRect();
        return r && r.left < t.right && r.right > t.left && r.top < t.bottom && r.bottom > t.top;
      });
    });
    assert.deepEqual(covered, [], 'the toast covers a control just used');
    await screenshot(browser, 'evidence-2c-folder-import');
    await toast.$('button').click();
    await toast.waitForExist({ reverse: true, timeout: 5_000 });

    // The same folder again: nothing new is stored, and the window says what it skipped (the
    // folder was chosen already, so no dialog this time) and what it left out and why: a
    // hidden file and a named pipe, which reading would wait on forever.
    writeFileSync(join(folder, '.DS_Store'), 'junk');
    execFileSync('mkfifo', [join(folder, 'A.6.3 Awareness', 'A.6.3 live feed')]);
    await browser.$('[data-testid="evidence-import-folder"]').click();
    await browser.$('[data-testid="evidence-form"] button[type="submit"]').click();
    const notice = await browser.$('[data-testid="evidence-notice"]');
    await browser.waitUntil(async () => /Skipped 2 already stored/.test(await notice.getText()), {
      timeout: 10_000,
      timeoutMsg: 'the second import did not say what it skipped',
    });
    assert.match(await notice.getText(), /Imported 0 files/);
    assert.match(
      await notice.getText(),
      /Left out \.DS_Store: a hidden file \(its name starts with a dot\); A\.6\.3 live feed: a named pipe \(FIFO\), not a file\./,
    );
    assert.equal(evidence(workspace).length, stored.length);
  });

  it('verifies stored files and names one corrupted behind its back', async () => {
    const { browser } = app;
    await browser.$('[data-testid="view-evidence"]').click();
    await browser.$('[data-testid="evidence-verify"]').click();
    const result = await browser.$('[data-testid="verify-result"]');
    await result.waitForExist({ timeout: 10_000 });
    assert.match(await result.getText(), /5 stored files.*all match their SHA-256/s);
    const sha = evidence(workspace).find((e) => e.title === 'Access review').sha256;
    execFileSync('python3', [
      '-c',
      'import sqlite3, sys\n' +
        'c = sqlite3.connect(sys.argv[1])\n' +
        'c.execute("UPDATE content_chunk SET data = X\'00\' WHERE content_id = (SELECT id FROM content WHERE sha256 = ?)", (sys.argv[2],))\n' +
        'c.commit()',
      workspace,
      sha,
    ]);
    await browser.$('[data-testid="evidence-verify"]').click();
    await browser.waitUntil(async () => /do not match/.test(await result.getText()), {
      timeout: 10_000,
      timeoutMsg: 'the window never reported the mismatch',
    });
    assert.match(await result.getText(), /"Access review"/);
    await screenshot(browser, 'evidence-3-verify-mismatch');
  });
});
