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
