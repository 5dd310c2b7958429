// The auditor's side with nothing but a browser: a pack made by the CLI, unzipped by Info-ZIP,
// its index.html opened in headless Chromium (driven through chromedriver). The Statement of
// Applicability shows every control, one click reaches a control, a second its evidence file.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ARTIFACTS, chromium } from './harness.mjs';

const CLI = process.env.ANNEXA_CLI;

describe('an audit pack in a plain browser', () => {
  let dir;
  let chrome;
  let browser;

  before(async () => {
    if (!CLI) throw new Error('set ANNEXA_CLI to the annexa binary (see check.sh)');
    dir = mkdtempSync(join(tmpdir(), 'annexa-e2e-browser-'));
    const ws = join(dir, 'client.annexa');
    const run = (...args) =>
      execFileSync(CLI, args, { encoding: 'utf8', env: { ...process.env, ANNEXA_WORKSPACE: ws } });
    run('init', ws, '--org', 'Browser <b>Bold</b> Ltd');
    run('set', 'A.5.15', '--applicable', 'yes', '--status', 'implemented');
    const policy = join(dir, 'access.txt');
    writeFileSync(policy, 'Access is granted on need to know.\n');
    run('evidence', 'add', policy, '--control', 'A.5.15', '--title', 'Access policy #2 (100%)');
    // A risk register: one risk treated by A.5.15, its plan approved, one not.
    run('people', 'add', 'Ana <i>Silva</i>');
    run(
      'risks',
      'add',
      'Accounts left open <script>x()</script>',
      '--owner',
      'Ana <i>Silva</i>',
      '--likelihood',
      '4',
      '--impact',
      '4',
      '--treatment',
      'modify',
      '--control',
      'A.5.15',
      '--target-likelihood',
      '2',
      '--target-impact',
      '2',
    );
    run('risks', 'approve', 'R-001', '--by', 'Ana <i>Silva</i>');
    run('risks', 'add', 'Badge cloned', '--likelihood', '2', '--impact', '3');
    run('export', '-q', join(dir, 'pack.zip'));
    execFileSync('unzip', ['-q', join(dir, 'pack.zip'), '-d', join(dir, 'pack')]);

    chrome = await chromium({ args: ['--window-size=1200,900'] });
    browser = chrome.browser;
  });

  after(async () => {
    await chrome?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows every control and reaches an evidence file in two clicks', async () => {
    const index = pathToFileURL(join(dir, 'pack', 'index.html')).href;
    await browser.url(index);
    assert.equal(await browser.getTitle(), 'Audit pack: Browser <b>Bold</b> Ltd');
    // The typed markup is text, not a bold element.
    assert.equal(await browser.$('h1 b').isExisting(), false);
    const rows = await browser.$$('#soa tbody tr');
    assert.equal(rows.length, 93);
    // Click 1: the control in the Statement of Applicability.
    await browser.$('#soa a[href="#A.5.15"]').click();
    assert.ok((await browser.getUrl()).endsWith('#A.5.15'));
    const article = await browser.$('article[id="A.5.15"]');
    assert.match(await article.getText(), /Implemented/);
    await browser.saveScreenshot(join(ARTIFACTS, 'pack-browser-0-control.png'));
    // Click 2: its evidence, a file inside the pack (the name percent-encoded in the link).
    await article.$('ul.ev a').click();
    await browser.waitUntil(async () => (await browser.getUrl()).includes('/evidence/A.5.15/'), {
      timeout: 10_000,
      timeoutMsg: 'the evidence link did not open the file',
    });
    assert.match(await browser.$('body').getText(), /Access is granted on need to know\./);
    await browser.saveScreenshot(join(ARTIFACTS, 'pack-browser-1-evidence.png'));
  });

  it('shows the risk register with its heat maps, the treatment plan and its controls', async () => {
    await browser.url(pathToFileURL(join(dir, 'pack', 'index.html')).href);
    await browser.$('nav a[href="#risks"]').click();
    const section = await browser.$('#risks');
    // Two heat maps, now and residual, each an image with its numbers in words beside it.
    const maps = await section.$$('figure svg[role="img"]');
    assert.equal(maps.length, 2);
    assert.equal(await maps[0].getAttribute('aria-label'), 'Risks now');
    assert.equal(await maps[1].getAttribute('aria-label'), 'Residual risks');
    const text = await section.getText();
    assert.match(
      text,
      /2 risks: 1 at likelihood 4 and impact 4 \(high\); 1 at likelihood 2 and impact 3 \(medium\)/,
    );
    assert.match(text, /2 risks: 1 at likelihood 2 and impact 2 \(low\)/);
    assert.match(text, /not adopted by the organisation yet/);
    // Each risk a row; what people typed is text; the plan's approval and its control.
    const rows = await section.$$('tbody tr');
    assert.equal(rows.length, 2);
    const first = await rows[0].getText();
    assert.match(first, /R-001 Accounts left open <script>x\(\)<\/script>/);
    assert.match(first, /Ana <i>Silva<\/i>/);
    assert.equal(await section.$('script').isExisting(), false);
    assert.equal(await section.$('i').isExisting(), false);
    assert.match(await rows[1].getText(), /R-002 Badge cloned\s+\(nobody\)/);
    await browser.saveScreenshot(join(ARTIFACTS, 'pack-browser-2-risks.png'));
    // The control the treatment chose is one click away, and names its risk.
    await rows[0].$('a[href="#A.5.15"]').click();
    assert.ok((await browser.getUrl()).endsWith('#A.5.15'));
    assert.match(
      await browser.$('article[id="A.5.15"]').getText(),
      /Reasons\s+Risk assessment\s+Risks it treats\s+R-001/,
    );
  });

  it('prints: the page becomes a PDF of several pages without the navigation bar', async () => {
    await browser.url(pathToFileURL(join(dir, 'pack', 'index.html')).href);
    // The print style hides the sticky navigation; what a printer gets is the content.
    const navShownInPrint = await browser.execute(() => {
      for (const sheet of document.styleSheets) {
        for (const rule of sheet.cssRules) {
          if (rule instanceof CSSMediaRule && rule.conditionText === 'print') {
            return !/nav\s*\{\s*display:\s*none/.test(rule.cssText);
          }
        }
      }
      return true;
    });
    assert.equal(navShownInPrint, false);
    const pdf = Buffer.from(await browser.printPage(), 'base64');
    writeFileSync(join(ARTIFACTS, 'pack-browser-print.pdf'), pdf);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    assert.ok(pages.length > 3, `expected a multi-page print, got ${pages.length} page(s)`);
  });
});
