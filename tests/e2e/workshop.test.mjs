// A workshop by keyboard alone: a consultant enters 15 controls of a client's gap analysis in
// the Annex A table without touching the mouse, and the CLI reads back every value. Focus is
// never moved by script: every key goes where the window's own focus is, as on a real keyboard.
// The key presses are counted (a chord such as Ctrl+D counts as one) and written to
// target/e2e-artifacts/workshop-keys.json for docs/benchmarks.md.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Key } from 'webdriverio';
import { ARTIFACTS, cli, launch, screenshot } from './harness.mjs';

const K = {
  Enter: Key.Enter,
  Escape: Key.Escape,
  Tab: Key.Tab,
  Down: Key.ArrowDown,
  Right: Key.ArrowRight,
  Alt: Key.Alt,
  Ctrl: Key.Ctrl,
  Shift: Key.Shift,
};

describe('a workshop by keyboard alone', () => {
  let app;
  let dir;
  let workspace;
  let presses = 0;
  // Of them, the characters of text typed (names, dates, a reason): the rest moves and acts.
  let typed = 0;

  /**
   * Presses keys one after the other as a person does; an array is a chord (held together).
   * Text is typed key by key.
   */
  async function press(...keys) {
    const action = app.browser.action('key');
    for (const k of keys) {
      if (Array.isArray(k)) {
        for (const x of k) action.down(x);
        for (const x of [...k].reverse()) action.up(x);
        presses += 1;
      } else {
        for (const ch of k.length === 1 ? [k] : [...k]) {
          action.down(ch).up(ch);
          presses += 1;
          if (k.length > 1) typed += 1;
        }
      }
    }
    await action.perform(true);
  }

  /** What has the keyboard, in words the assertions can compare. */
  const focused = () =>
    app.browser.execute(() => {
      const el = document.activeElement;
      const row = el?.closest('[data-testid="assessment-row"]');
      return {
        row: row?.dataset.id ?? null,
        cell: el?.dataset.cell ?? null,
        drawer: Boolean(el?.closest('[data-testid="assessment-detail"]')),
        tag: el?.tagName.toLowerCase() ?? null,
      };
    });

  const controls = () =>
    Object.fromEntries(
      JSON.parse(cli(workspace, 'controls', '--format', 'json')).map((c) => [c.id, c]),
    );

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'annexa-e2e-workshop-'));
    workspace = join(dir, 'client.annexa');
    cli(workspace, 'init', workspace, '--org', 'Keyboard Client', '--target-date', '2027-09-30');
    cli(workspace, 'people', 'add', 'Ana Silva');
    app = await launch({
      env: { ANNEXA_WORKSPACE: workspace, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
    });
    await app.browser.$('[data-testid="workspace"]').waitForExist({ timeout: 20_000 });
  });

  after(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reaches the first row in three keys and draws a focus ring that stands out', async () => {
    const { browser } = app;
    // Alt+2 opens the Annex A table and gives its title the keyboard; Tab reaches the filter
    // and ↓ the first row.
    await press([K.Alt, '2']);
    await browser.waitUntil(
      async () => (await browser.execute(() => document.activeElement?.tagName)) === 'H1',
      { timeout: 5_000, timeoutMsg: 'the opened view did not take the keyboard' },
    );
    await press(K.Tab);
    assert.equal(
      await browser.execute(() => document.activeElement?.dataset.testid),
      'assessment-filter',
    );
    await press(K.Down);
    assert.deepEqual(await focused(), {
      row: 'A.5.1',
      cell: 'control',
      drawer: false,
      tag: 'button',
    });
    // The ring around the focused cell against what it is drawn on: 3:1 or more (WCAG 1.4.11),
    // in the light and the dark theme.
    for (const theme of ['light', 'dark']) {
      const ratio = await browser.execute((t) => {
        document.documentElement.dataset.theme = t;
        const rgb = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
        const lum = ([r, g, b]) => {
          const f = (v) => {
            const s = v / 255;
            return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
          };
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        const el = document.activeElement;
        let under = el;
        while (under && rgb(getComputedStyle(under).backgroundColor)[3] === 0) {
          under = under.parentElement;
        }
        const ring = lum(rgb(getComputedStyle(el).outlineColor));
        const ground = lum(rgb(getComputedStyle(under ?? document.body).backgroundColor));
        return (Math.max(ring, ground) + 0.05) / (Math.min(ring, ground) + 0.05);
      }, theme);
      assert.ok(ratio >= 3, `the focus ring is ${ratio.toFixed(2)}:1 in the ${theme} theme`);
    }
    await browser.execute(() => {
      delete document.documentElement.dataset.theme;
    });
    await screenshot(browser, 'workshop-0-first-row');
  });

  it('enters 15 controls: applicability, status, owners with a new person, dates, an exclusion', async () => {
    const { browser } = app;
    const [before, typedBefore] = [presses, typed];
    // The first control: applicable, implemented, its owner typed into the owner cell (→ → →,
    // Enter opens it, Enter saves and hands the keyboard back to the cell), a target date
    // typed into its cell (t opens it from any cell of the row).
    await press('y', '4', K.Right, K.Right, K.Right);
    assert.equal((await focused()).cell, 'owner');
    await press(K.Enter, 'Ana Silva', K.Enter);
    assert.deepEqual(await focused(), {
      row: 'A.5.1',
      cell: 'owner',
      drawer: false,
      tag: 'button',
    });
    await press('t', '2027-03-31', K.Enter);
    assert.equal((await focused()).cell, 'owner', 'the keyboard went back to the owner cell');
    // The next 14 from the owner column: ↓, applicability, status, and the owner above copied
    // with Ctrl+D, or typed; five more dates; A.5.8 excluded with its reason.
    const statuses = ['3', '2', '1', '4'];
    const dates = { 'A.5.3': '2027-04-30', 'A.5.5': '2027-05-31', 'A.5.7': '2027-06-30' };
    Object.assign(dates, { 'A.5.10': '2027-07-31', 'A.5.12': '2027-08-31' });
    for (let n = 2; n <= 15; n++) {
      const id = `A.5.${n}`;
      await press(K.Down);
      assert.deepEqual(await focused(), { row: id, cell: 'owner', drawer: false, tag: 'button' });
      if (id === 'A.5.8') {
        await press('n');
        await browser.$('[data-testid="exclusion-form"]').waitForExist({ timeout: 5_000 });
        await press('Run by the group project office, outside this scope', K.Enter);
        assert.equal((await focused()).row, id, 'the exclusion handed the keyboard back');
        continue;
      }
      await press('y', statuses[n % 4]);
      if (id === 'A.5.5') await press(K.Enter, 'Bo Chen', K.Enter);
      else if (id === 'A.5.9') await press(K.Enter, 'Ana Silva', K.Enter);
      else await press([K.Ctrl, 'd']);
      if (dates[id]) await press('t', dates[id], K.Enter);
    }
    const used = presses - before;
    const text = typed - typedBefore;
    await browser.waitUntil(
      async () => {
        const c = controls();
        return c['A.5.15'].owner === 'Ana Silva' && c['A.5.12'].target_date === '2027-08-31';
      },
      { timeout: 10_000, timeoutMsg: 'the workshop was not all saved' },
    );
    const c = controls();
    const byDigit = {
      1: 'not_implemented',
      2: 'planned',
      3: 'partially_implemented',
      4: 'implemented',
    };
    for (let n = 1; n <= 15; n++) {
      const id = `A.5.${n}`;
      if (id === 'A.5.8') {
        assert.equal(c[id].applicable, false, id);
        assert.equal(c[id].justification, 'Run by the group project office, outside this scope');
        continue;
      }
      assert.equal(c[id].applicable, true, id);
      assert.equal(c[id].status, byDigit[n === 1 ? '4' : statuses[n % 4]], `${id}'s status`);
      // A.5.6 to A.5.8 copied Bo Chen from above; A.5.9 on is Ana again.
      const owner = n >= 5 && n <= 7 ? 'Bo Chen' : 'Ana Silva';
      assert.equal(c[id].owner, owner, `${id}'s owner`);
    }
    assert.deepEqual(
      Object.values(c)
        .filter((x) => x.target_date)
        .map((x) => [x.id, x.target_date]),
      [['A.5.1', '2027-03-31'], ...Object.entries(dates)],
    );
    // The new person joined the directory under the name as typed.
    const people = JSON.parse(cli(workspace, 'people', 'list', '--format', 'json'));
    assert.ok(
      people.some((p) => p.name === 'Bo Chen'),
      'Bo Chen was added to the people',
    );
    writeFileSync(
      join(ARTIFACTS, 'workshop-keys.json'),
      `${JSON.stringify({ controls: 15, dates: 6, exclusions: 1, new_people: 1, presses: used, typed_text: text }, null, 2)}\n`,
    );
    // Besides the text itself, 15 controls take at most 80 keys (76 when this was written).
    assert.ok(used - text <= 80, `the workshop took ${used - text} keys besides the text`);
    await screenshot(browser, 'workshop-1-entered');
  });

  it('checks a typed date on the spot and keeps the value when it is wrong', async () => {
    const { browser } = app;
    await press('t', '2027-02-30');
    const error = await browser.$('.date-edit [role="alert"]');
    await error.waitForExist({ timeout: 5_000 });
    assert.match(await error.getText(), /2027-02-30 is not a day of the calendar/);
    await press(K.Enter);
    assert.equal((await focused()).tag, 'input', 'a wrong date keeps the field open');
    await screenshot(browser, 'workshop-2-wrong-date');
    await press(K.Escape);
    assert.deepEqual(await focused(), {
      row: 'A.5.15',
      cell: 'owner',
      drawer: false,
      tag: 'button',
    });
    assert.equal(controls()['A.5.15'].target_date, null);
  });

  it('opens the detail with the keyboard in it, keeps Tab inside, and Escape hands it back', async () => {
    const { browser } = app;
    // ← ← ← to the control's name, Enter opens its detail.
    await press(Key.ArrowLeft, Key.ArrowLeft, Key.ArrowLeft, K.Enter);
    const drawer = await browser.$('[data-testid="assessment-detail"]');
    await drawer.waitForExist({ timeout: 5_000 });
    await browser.waitUntil(async () => (await focused()).drawer, {
      timeout: 5_000,
      timeoutMsg: 'the detail did not take the keyboard',
    });
    // Forty Tabs and forty Shift+Tabs later the keyboard is still in the detail.
    for (let i = 0; i < 40; i++) await press(K.Tab);
    assert.ok((await focused()).drawer, 'Tab left the detail');
    for (let i = 0; i < 40; i++) await press([K.Shift, K.Tab]);
    assert.ok((await focused()).drawer, 'Shift+Tab left the detail');
    await screenshot(browser, 'workshop-3-detail');
    await press(K.Escape);
    await drawer.waitForExist({ reverse: true, timeout: 5_000 });
    assert.deepEqual(await focused(), {
      row: 'A.5.15',
      cell: 'control',
      drawer: false,
      tag: 'button',
    });
  });
});
