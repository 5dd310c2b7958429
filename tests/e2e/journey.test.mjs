// The journey a new user takes, in the real window at the smallest supported size (1024×700)
// and a laptop's (1440×900), with a screenshot of every screen kept: the start screen, the
// example workspace, its dashboard, five controls assessed from the keyboard, the
// responsibility matrix and one person's work, the evidence, the board report as PDF (read
// back by poppler, its first page kept as a picture) and the audit pack (verified by the CLI).
// One app start; the example is opened afresh at each size.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ARTIFACTS, assessmentRow, cli, launch, overflow, screenshot } from './harness.mjs';
import { confirmNativeDialog } from './native-dialog.mjs';

const SIZES = [
  [1024, 700],
  [1440, 900],
];

describe('a new user’s journey, from the start screen to the audit pack', () => {
  let app;
  let dir;
  let lastReport = null;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'annexa-e2e-journey-'));
    app = await launch();
  });

  after(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [width, height] of SIZES) {
    const size = `${width}x${height}`;
    it(`runs at ${width}×${height}`, async () => {
      const { browser, dataHome } = app;
      await browser.setWindowSize(width, height);
      const shot = async (n, name) => {
        assert.deepEqual(await browser.execute(overflow), [], `${name} fits at ${size}`);
        await screenshot(browser, `journey-${size}-${n}-${name}`);
      };

      // The start screen, and the example opened from it.
      await browser.keys(['Alt', '9']);
      await browser.$('[data-testid="start-example"]').waitForExist({ timeout: 5_000 });
      await shot(1, 'start');
      await browser.$('[data-testid="start-example"]').click();
      const example = join(dataHome, 'annexa', 'example.annexa');
      const header = await browser.$('[data-testid="workspace"]');
      await browser.waitUntil(async () => (await header.getText()).includes('Example Ltd'), {
        timeout: 10_000,
        timeoutMsg: 'the example did not open',
      });
      const control = (id) =>
        JSON.parse(cli(example, 'controls', '--format', 'json')).find((c) => c.id === id);

      // The dashboard: honest readiness beside the decisions, and the three charts.
      await browser.$('[data-testid="view-dashboard"]').click();
      await browser.waitUntil(
        async () => (await browser.$$('[data-testid="chart"] svg')).length === 3,
        { timeout: 10_000, timeoutMsg: 'the dashboard does not show its three charts' },
      );
      assert.match(await browser.$('[data-testid="decided"]').getText(), /Decided: \d+\/93/);
      await shot(2, 'dashboard');

      // Five controls assessed from the keyboard: y marks applicable, a digit sets the status,
      // the arrow moves on. Each change is saved before the next key.
      await browser.$('[data-testid="view-assessment"]').click();
      const first = await (await assessmentRow(browser, 'A.8.20')).$('button.control');
      await browser.execute((el) => el.focus(), first);
      const plan = [
        ['A.8.20', '4', 'implemented'],
        ['A.8.21', '3', 'partially_implemented'],
        ['A.8.22', '2', 'planned'],
        ['A.8.23', '1', 'not_implemented'],
        ['A.8.24', '4', 'implemented'],
      ];
      for (const [i, [id, key, status]] of plan.entries()) {
        if (i > 0) await browser.keys('ArrowDown');
        await browser.keys('y');
        await browser.keys(key);
        await browser.waitUntil(
          async () => {
            const c = control(id);
            return c.applicable === true && c.status === status;
          },
          { timeout: 5_000, timeoutMsg: `${id} was not set to ${status} from the keyboard` },
        );
      }
      await shot(3, 'assessment');

      // Responsibility: the matrix, then one person's work.
      await browser.$('[data-testid="view-people"]').click();
      const matrix = await browser.$('[data-testid="responsibility-matrix"]');
      await matrix.waitForExist({ timeout: 5_000 });
      assert.match(await matrix.getText(), /Tom Becker/);
      await shot(4, 'responsibility');
      let tom = null;
      for (const person of await browser.$$('[data-testid="choose-person"]')) {
        if ((await person.getText()) === 'Tom Becker') tom = person;
      }
      assert.ok(tom, 'Tom Becker is in the people list');
      await tom.click();
      const work = await browser.$('[data-testid="my-work"]');
      await browser.waitUntil(async () => /Tom Becker's work/.test(await work.getText()), {
        timeout: 5_000,
        timeoutMsg: "Tom Becker's work did not show",
      });
      assert.ok((await work.$$('[data-testid="open-control"]').length) > 0);
      await shot(5, 'my-work');

      // The evidence.
      await browser.$('[data-testid="view-evidence"]').click();
      await browser.$('[data-testid="evidence-panel"]').waitForExist({ timeout: 5_000 });
      await browser.waitUntil(
        async () => (await browser.$$('[data-testid="evidence-item"]').length) > 0,
        {
          timeout: 5_000,
          timeoutMsg: 'the example shows no evidence',
        },
      );
      await shot(6, 'evidence');

      // The board report: the save dialog opens beside the workspace with a name given; one
      // Enter saves it. Poppler reads back the readiness the dashboard shows.
      await browser.$('[data-testid="view-dashboard"]').click();
      const readiness = await browser.$('[data-testid="readiness"]');
      await readiness.waitForExist({ timeout: 5_000 });
      const shown = await readiness.getText();
      await browser.$('[data-testid="board-report"]').click();
      // The second time round the same name is taken: GTK asks, and Replace is answered.
      await confirmNativeDialog('Annexa — save the board report', {
        replace: lastReport !== null && existsSync(lastReport),
      });
      const saved = await browser.$('[data-testid="board-report-saved"]');
      await saved.waitForExist({ timeout: 20_000 });
      const pdf = await saved.getAttribute('title');
      assert.equal(join(pdf, '..'), join(example, '..'), 'saved beside the workspace');
      assert.match(pdf, /example-ltd-board-report-\d{4}-\d{2}-\d{2}\.pdf$/);
      assert.ok(existsSync(pdf));
      lastReport = pdf;
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      assert.match(text, /Example Ltd/);
      assert.ok(text.includes(shown), `the PDF shows the dashboard's readiness ${shown}`);
      assert.match(text, /Top gaps/);
      assert.match(text, /Late actions/);
      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
      assert.match(await saved.getText(), new RegExp(`${pages} pages`));
      await shot(7, 'report');
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        pdf,
        join(ARTIFACTS, `journey-${size}-7-report-pdf-page-1`),
      ]);

      // The audit pack, whose fingerprint the CLI confirms.
      await browser.keys(['Alt', 'p']);
      const pack = join(dir, `pack-${size}.zip`);
      await browser.$('[data-testid="pack-dest"]').setValue(pack);
      await browser.$('[data-testid="pack-export"]').click();
      await confirmNativeDialog('Annexa — write the audit pack');
      const fingerprint = await browser.$('[data-testid="pack-fingerprint"]');
      await fingerprint.waitForExist({ timeout: 30_000 });
      assert.match(cli(example, 'verify', pack, '--expect', await fingerprint.getText()), /^OK: /);
      await shot(8, 'pack');
    });
  }
});
