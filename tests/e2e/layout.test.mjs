// Every view of the window at the smallest size we support (1024×700) and a common laptop
// size (1440×900), on the "Example Ltd" workspace: nothing scrolls sideways, nothing sticks out
// past the right edge, axe-core finds no accessibility violation in the light or the dark theme
// (with a control's detail open too), and a screenshot of each view is kept. The views are reached through
// the sidebar, and the theme follows the choice made in it.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { accessibilityProblems, cli, launch, overflow, screenshot } from './harness.mjs';

/** Each view's sidebar button and an element that shows it has rendered. */
/** Each view's main action, on the right of its header (none for the reference views). */
const ACTIONS = {
  dashboard: 'board-report',
  evidence: 'evidence-add-files',
  actions: 'new-action',
  risks: 'new-risk',
  people: 'new-person',
  snapshots: 'new-snapshot',
  workspaces: 'header-new-workspace',
};

const VIEWS = [
  ['dashboard', '[data-testid="dashboard"]'],
  ['assessment', '[data-testid="assessment-row"]'],
  ['clauses', '[data-testid="clause-list"]'],
  ['risks', '[data-testid="risks-table"]'],
  ['evidence', '[data-testid="evidence-panel"]'],
  ['actions', '[data-testid="actions-table"]'],
  ['people', '[data-testid="people-table"]'],
  ['snapshots', '[data-testid="snapshot-list"]'],
  ['pack', '[data-testid="pack-export-form"]'],
  ['controls', '[data-testid="control-row"]'],
  ['mapping', '[data-testid="mapping-table"]'],
  ['workspaces', '[data-testid="open-path"]'],
];

/** axe-core's findings in the light and then the dark theme, chosen in the sidebar. */
async function a11y(browser) {
  const found = [];
  const theme = await browser.$('[data-testid="theme"]');
  for (const choice of ['light', 'dark']) {
    await theme.selectByAttribute('value', choice);
    await browser.waitUntil(
      async () => (await browser.execute(() => document.documentElement.dataset.theme)) === choice,
      { timeout: 5_000, timeoutMsg: `the ${choice} theme was not applied` },
    );
    for (const problem of await accessibilityProblems(browser)) found.push(`${choice}: ${problem}`);
  }
  await theme.selectByAttribute('value', 'system');
  return found;
}

describe('every view fits the window', () => {
  let app;
  let dir;
  let plan;
  let workspace;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'annexa-e2e-layout-'));
    workspace = join(dir, 'example.annexa');
    cli(workspace, 'init', workspace, '--example');
    // A locker longer than one page: 230 more files, mapped to A.5.9 by their names.
    const folder = join(dir, 'inventory');
    mkdirSync(folder);
    for (let i = 0; i < 230; i++)
      writeFileSync(join(folder, `A.5.9 asset ${i}.txt`), `asset ${i}\n`);
    cli(workspace, 'evidence', 'import', folder);
    // A plan longer than a window: 200 more actions, due on every day from 2027 on.
    for (let i = 0; i < 200; i++) {
      const due = new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10);
      cli(workspace, 'actions', 'add', `Plan step ${i}`, '--due', due);
    }
    plan = JSON.parse(cli(workspace, 'actions', 'list', '--format', 'json'));
    app = await launch({ env: { ANNEXA_WORKSPACE: workspace } });
    await app.browser.$('[data-testid="workspace"]').waitForExist({ timeout: 20_000 });
  });

  after(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ]) {
    it(`shows every view at ${width}×${height} without sideways scrolling`, async () => {
      const { browser } = app;
      await browser.setWindowSize(width, height);
      await browser.waitUntil(
        async () => (await browser.execute(() => window.innerWidth)) <= width,
        { timeout: 5_000, timeoutMsg: `the window did not become ${width} wide` },
      );
      assert.match(await browser.$('[data-testid="workspace"]').getText(), /Example Ltd/);
      for (const [view, shown] of VIEWS) {
        await browser.$(`[data-testid="view-${view}"]`).click();
        await browser.$(shown).waitForExist({ timeout: 10_000 });
        await screenshot(browser, `layout-${width}x${height}-${view}`);
        // One header for every view: its one h1 is the sidebar's name for it, and it has the
        // keyboard once the view opens.
        const label = await browser.$(`[data-testid="view-${view}"] .view-label`).getText();
        assert.equal(await browser.$('[data-testid="view-title"]').getText(), label, view);
        assert.equal((await browser.$$('h1')).length, 1, `one h1 on ${view}`);
        assert.equal(await browser.execute(() => document.activeElement?.tagName), 'H1', view);
        assert.notEqual(await browser.$('[data-testid="view-context"]').getText(), '', view);
        const actions = [];
        for (const b of await browser.$$('[data-testid="view-header"] .view-action button')) {
          actions.push(await b.getAttribute('data-testid'));
        }
        assert.deepEqual(
          actions,
          ACTIONS[view] ? [ACTIONS[view]] : [],
          `the main action in ${view}'s header`,
        );
        const problems = await browser.execute(overflow);
        assert.deepEqual(problems, [], `${view} at ${width}×${height}`);
        // Keyboard, labels, contrast, targets: no accessibility violation, in either theme.
        assert.deepEqual(await a11y(browser), [], `axe-core on ${view} at ${width}×${height}`);
        if (view === 'assessment') {
          // A cell's field, once opened, leaves every column where it was.
          const widths = () =>
            browser.execute(() =>
              [...document.querySelectorAll('.grid thead th')].map((th) =>
                Math.round(th.getBoundingClientRect().width),
              ),
            );
          const before = await widths();
          for (const field of ['status', 'owner', 'target']) {
            const cell = await browser.$(
              `[data-testid="assessment-row"] button[data-testid="${field}"]`,
            );
            await cell.click();
            await browser.$(`[data-testid="${field}-edit"]`).waitForExist({ timeout: 5_000 });
            const open = await widths();
            for (const [i, w] of before.entries()) {
              assert.ok(
                Math.abs(open[i] - w) <= 2,
                `column ${i} went from ${w} to ${open[i]} px with the ${field} field open at ${width}`,
              );
            }
            await browser.keys('Escape');
            await browser
              .$(`[data-testid="${field}-edit"]`)
              .waitForExist({ reverse: true, timeout: 5_000 });
          }
          // A control's detail opens beside or over the table, never pushing it sideways (the
          // next view replaces it).
          await browser.$('[data-testid="assessment-row"] button.control').click();
          await browser.$('[data-testid="assessment-detail"]').waitForExist({ timeout: 5_000 });
          await screenshot(browser, `layout-${width}x${height}-assessment-detail`);
          const open = await browser.execute(overflow);
          assert.deepEqual(open, [], `a control's detail at ${width}×${height}`);
          assert.deepEqual(await a11y(browser), [], `axe-core on the drawer at ${width}`);
        }
      }
    });
  }

  it('draws a long locker a page at a time, more as its end scrolls into view', async () => {
    const { browser } = app;
    await browser.$('[data-testid="view-evidence"]').click();
    const items = () => browser.$$('[data-testid="evidence-item"]');
    await browser.waitUntil(async () => (await items()).length === 40, {
      timeout: 10_000,
      timeoutMsg: 'the first page is not 40 items',
    });
    const more = await browser.$('[data-testid="evidence-more"]');
    assert.match(await more.getText(), /Showing 40 of 236/);
    // The button, for the keyboard: focused where it is (out of view, so that scrolling plays
    // no part) and pressed with Enter, it draws exactly one page (100) more.
    await browser.execute(() =>
      document.querySelector('[data-testid="evidence-more"] button').focus({ preventScroll: true }),
    );
    await browser.keys('Enter');
    await browser.waitUntil(async () => (await items()).length === 140, {
      timeout: 5_000,
      timeoutMsg: 'Enter on "Show more" did not draw the next page',
    });
    assert.match(await more.getText(), /Showing 140 of 236/);
    // Scrolling the end into view draws the rest; then there is nothing more to show.
    await more.scrollIntoView();
    await browser.waitUntil(async () => (await items()).length === 236, {
      timeout: 5_000,
      timeoutMsg: 'scrolling to the end did not draw the rest',
    });
    // The search runs over the whole locker, not only what is drawn: "ASSET 17" finds
    // asset 17 and 170 to 179, whatever the case.
    await browser.$('[data-testid="evidence-panel"] input[type="search"]').setValue('ASSET 17');
    await browser.waitUntil(async () => (await items()).length === 11, {
      timeout: 5_000,
      timeoutMsg: 'the search did not narrow the locker to 11 items',
    });
    const titles = [];
    for (const t of await browser.$$('[data-testid="evidence-title"]'))
      titles.push(await t.getText());
    assert.ok(
      titles.every((t) => /^A\.5\.9 asset 17\d?$/.test(t)),
      titles.join(', '),
    );
    assert.ok(!(await more.isExisting()), 'nothing more to show');
    await browser.$('[data-testid="evidence-panel"] input[type="search"]').clearValue();
  });

  it('keeps only the rows of a long plan near the view in the page, all reachable by scrolling', async () => {
    const { browser } = app;
    await browser.setWindowSize(1440, 900);
    await browser.$('[data-testid="view-actions"]').click();
    // The window's order: late actions first, then the rest, each in the core's order.
    const order = [...plan.filter((a) => a.late), ...plan.filter((a) => !a.late)].map((a) => a.id);
    assert.ok(order.length > 200, `${order.length} actions`);
    const table = await browser.$('[data-testid="actions-table"]');
    await table.waitForExist({ timeout: 5_000 });
    assert.equal(await table.getAttribute('aria-rowcount'), String(order.length + 1));
    const drawn = () =>
      browser.execute(() =>
        [...document.querySelectorAll('[data-testid="actions-table"] tbody tr[data-index]')].map(
          (tr) => [Number(tr.getAttribute('aria-rowindex')), Number(tr.cells[0].textContent)],
        ),
      );
    await browser.waitUntil(async () => (await drawn()).length > 0, {
      timeout: 5_000,
      timeoutMsg: 'no action was drawn',
    });
    const first = await drawn();
    assert.ok(first.length < 80, `${first.length} rows drawn of ${order.length}`);
    assert.deepEqual(
      first.map(([, id]) => id),
      order.slice(0, first.length),
    );
    // The scrollbar is the whole plan's: scrolled to the end, the last actions are drawn and
    // the first ones are gone from the page.
    await browser.execute(() => {
      const panel = document.querySelector('[data-testid="actions-table"]').closest('.panel');
      panel.scrollTop = panel.scrollHeight;
    });
    await browser.waitUntil(async () => (await drawn()).at(-1)?.[0] === order.length + 1, {
      timeout: 5_000,
      timeoutMsg: 'scrolling to the end did not draw the last action',
    });
    const last = await drawn();
    assert.ok(last.length < 80, `${last.length} rows drawn at the end`);
    assert.deepEqual(
      last.map(([, id]) => id),
      order.slice(order.length - last.length),
    );
    assert.ok(!last.some(([, id]) => id === order[0]), 'the first action left the page');
    // A row drawn at the end is a live one: its status changes the workspace.
    const id = order.at(-1);
    await browser.$(`[aria-label="Status of action ${id}"]`).selectByAttribute('value', 'done');
    await browser.waitUntil(
      async () =>
        JSON.parse(cli(workspace, 'actions', 'list', '--format', 'json')).find((a) => a.id === id)
          ?.status === 'done',
      { timeout: 5_000, timeoutMsg: `action ${id} was not marked done` },
    );
    await screenshot(browser, 'layout-1440x900-actions-end');
    // From the end of a long plan, the header's "New action" brings the form back into view
    // with the keyboard in its first field.
    await browser.$('[data-testid="new-action"]').click();
    const title = await browser.$('[data-testid="action-title"]');
    assert.ok(await title.isFocused(), '"New action" did not give the keyboard to the form');
    assert.ok(await title.isDisplayed({ withinViewport: true }), 'the form stayed out of view');
  });

  it('reaches what is late, and who owns it, from the dashboard in one click', async () => {
    const { browser } = app;
    const report = JSON.parse(cli(workspace, 'report', '--format', 'json'));
    const controls = JSON.parse(cli(workspace, 'controls', '--format', 'json'));
    assert.ok(report.late_controls.length > 0, 'the example has late controls');
    await browser.$('[data-testid="view-dashboard"]').click();
    // The card counts and says what 'annexa report' (and the board report) do.
    const card = await browser.$('[data-testid="card-late"]').getText();
    assert.ok(card.includes(String(report.late_total)), card);
    assert.ok(card.includes(report.late_words), `${card} / ${report.late_words}`);
    await browser.$('[data-testid="card-late"]').click();
    // The card's one click: the list of what is late, with the keyboard on it.
    await browser.waitUntil(
      async () => (await browser.execute(() => document.activeElement?.id)) === 'late-heading',
      { timeout: 5_000, timeoutMsg: 'the late card did not lead to the late list' },
    );
    const rows = await browser.$$('[data-testid="late-controls"] tbody tr');
    assert.equal(rows.length, report.late_controls.length);
    for (const [i, id] of report.late_controls.entries()) {
      const c = controls.find((x) => x.id === id);
      const text = await rows[i].getText();
      for (const part of [id, c.title, c.owner ?? 'nobody', c.target_date]) {
        assert.ok(text.includes(part), `${id}'s row lacks ${part}: ${text}`);
      }
    }
    assert.equal(
      (await browser.$$('[data-testid="late-actions"] tbody tr')).length,
      Math.min(report.late_actions.length, report.late_actions_total),
    );
    // From there, the same controls in the Annex A table, narrowed to the late ones.
    await browser.$('[data-testid="late-controls"] caption button').click();
    await browser.$('[data-testid="assessment-row"]').waitForExist({ timeout: 5_000 });
    assert.equal(await browser.$('[data-testid="assessment-show"]').getValue(), 'late');
    const shown = [];
    for (const r of await browser.$$('[data-testid="assessment-row"]')) {
      shown.push(await r.getAttribute('data-id'));
    }
    assert.deepEqual(shown, report.late_controls);
    // The risk card counts the register's findings as 'annexa report' gives them, and opens
    // them, each in words.
    await browser.$('[data-testid="view-dashboard"]').click();
    const risks = await browser.$('[data-testid="card-risks"]');
    assert.ok(report.risk_findings.length > 0, 'the example has risk findings');
    const said = await risks.getText();
    assert.match(
      said,
      new RegExp(`^${report.risk_findings.length}\\s+findings? on the risk register$`),
      said,
    );
    await risks.click();
    await browser.waitUntil(
      async () => (await browser.execute(() => document.activeElement?.id)) === 'risks-heading',
      { timeout: 5_000, timeoutMsg: 'the risk card did not lead to the findings' },
    );
    const listed = await browser.$$('[data-testid="risk-findings"] li');
    assert.equal(listed.length, report.risk_findings.length);
    for (const [i, f] of report.risk_findings.entries()) {
      assert.equal(await listed[i].getText(), f.message);
    }
    // The Statement of Applicability card opens the controls not decided yet.
    await browser.$('[data-testid="view-dashboard"]').click();
    await browser.$('[data-testid="card-undecided"]').click();
    await browser.$('[data-testid="assessment-count"]').waitForExist({ timeout: 5_000 });
    const undecided = controls.filter((c) => c.applicable === null).length;
    assert.equal(
      await browser.$('[data-testid="assessment-count"]').getText(),
      `${undecided} of ${controls.length}`,
    );
    await screenshot(browser, 'layout-dashboard-undecided');
    await browser.$('[data-testid="assessment-show"]').selectByAttribute('value', '');
  });

  it('goes from a control to its owner, their work and the matrix, and back', async () => {
    const { browser } = app;
    await browser.setWindowSize(1024, 700);
    await browser.$('[data-testid="view-assessment"]').click();
    await browser.$('[data-testid="assessment-row"][data-id="A.5.1"] button.control').click();
    const owner = await browser.$('[data-testid="open-owner"]');
    await owner.waitForExist({ timeout: 5_000 });
    assert.equal(await owner.getText(), 'Maria Keller');
    await owner.click();
    const work = await browser.$('[data-testid="my-work"]');
    await browser.waitUntil(async () => /Maria Keller's work/.test(await work.getText()), {
      timeout: 5_000,
      timeoutMsg: "the owner's work did not open",
    });
    const owned = await work.$$('[data-testid="open-control"]');
    assert.ok(owned.length >= 4, `Maria owns ${owned.length} controls`);
    const matrix = await browser.$('[data-testid="responsibility-matrix"]');
    assert.match(await matrix.getText(), /Security function/);
    assert.match(await matrix.getText(), /Tom Becker/);
    await screenshot(browser, 'layout-1024x700-responsibility');
    assert.deepEqual(await browser.execute(overflow), [], 'the responsibility view fits');
    // And back: one of her controls opens in the assessment with its detail.
    const id = await owned[1].getText();
    await owned[1].click();
    const detail = await browser.$('[data-testid="assessment-detail"]');
    await browser.waitUntil(async () => (await detail.getText()).startsWith(id), {
      timeout: 5_000,
      timeoutMsg: `${id} did not open from its owner's work`,
    });
  });

  it('opens a fresh example from the start screen, next to the default workspace', async () => {
    const { browser, dataHome } = app;
    await browser.keys(['Alt', '9']);
    await browser.$('[data-testid="start-example"]').click();
    const header = await browser.$('[data-testid="workspace"]');
    const example = join(dataHome, 'annexa', 'example.annexa');
    await browser.waitUntil(async () => (await header.getAttribute('title')).startsWith(example), {
      timeout: 10_000,
      timeoutMsg: 'the example was not opened from the data directory',
    });
    assert.ok(existsSync(example));
    const recent = await browser.$('[data-testid="recent-list"]');
    await browser.waitUntil(async () => (await recent.getText()).includes('example.annexa'), {
      timeout: 5_000,
      timeoutMsg: 'the example is not among the recent workspaces',
    });
    // Opening it again starts it afresh: a change made to it is gone.
    cli(example, 'set', 'A.5.4', '--applicable', 'yes', '--status', 'implemented');
    await browser.$('[data-testid="start-example"]').click();
    await browser.waitUntil(
      async () =>
        JSON.parse(cli(example, 'controls', '--format', 'json')).find((c) => c.id === 'A.5.4')
          .applicable === null,
      { timeout: 10_000, timeoutMsg: 'the example was not written afresh' },
    );
    await screenshot(browser, 'layout-start-example');
  });

  it('switches to the dark theme and back to the system', async () => {
    const { browser } = app;
    await browser.$('[data-testid="view-dashboard"]').click();
    // The core's three charts, each with its numbers in words beside it.
    await browser.waitUntil(
      async () => (await browser.$$('[data-testid="chart"] svg')).length === 3,
      {
        timeout: 5_000,
        timeoutMsg: 'the dashboard does not show its three charts',
      },
    );
    const charts = await browser.$('[data-testid="charts"]').getText();
    assert.match(charts, /Kick-off gap analysis \(\d{4}-\d{2}-\d{2}\): \d+%/);
    assert.match(charts, /pieces of evidence: \d+ valid/);
    const background = () =>
      browser.execute(() => getComputedStyle(document.documentElement).backgroundColor);
    const light = await background();
    await browser.$('[data-testid="theme"]').selectByAttribute('value', 'dark');
    await browser.waitUntil(async () => (await background()) !== light, {
      timeout: 5_000,
      timeoutMsg: 'the dark theme did not change the background',
    });
    assert.equal(await browser.execute(() => document.documentElement.dataset.theme), 'dark');
    await screenshot(browser, 'layout-dark-dashboard');
    assert.deepEqual(await accessibilityProblems(browser), [], 'axe-core on the dark dashboard');
    await browser.$('[data-testid="theme"]').selectByAttribute('value', 'light');
    await browser.waitUntil(async () => (await background()) === light, {
      timeout: 5_000,
      timeoutMsg: 'the light theme did not come back',
    });
  });
});
