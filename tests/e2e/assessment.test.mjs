// A gap-analysis workshop in the real window, with the CLI on the same workspace file:
// changes made in one are seen by the other, an exclusion asks for its justification, and the
// history and dashboard follow.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assessmentRow, launch, screenshot, cli } from './harness.mjs';

function control(workspace, id) {
  const all = JSON.parse(cli(workspace, 'controls', '--format', 'json'));
  return all.find((c) => c.id === id);
}

/** A field of a row as it shows (its value), until it is opened. */
async function shown(r, field) {
  return r.$(`button[data-testid="${field}"]`).getAttribute('data-value');
}

/** Opens a row's field with a click and chooses a value in the select it becomes. */
async function choose(r, field, value) {
  await r.$(`button[data-testid="${field}"]`).click();
  const select = await r.$(`[data-testid="${field}-edit"]`);
  await select.waitForExist({ timeout: 5_000 });
  await select.selectByAttribute('value', value);
}

/** The row of the assessment table for a control id. */
const row = assessmentRow;

describe('gap assessment in the window and the CLI on one file', () => {
  let app;
  let workspace;
  let dir;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'annexa-e2e-ws-'));
    workspace = join(dir, 'client.annexa');
    cli(
      workspace,
      'init',
      workspace,
      '--org',
      'Workshop <Client> & Co',
      '--target-date',
      '2027-06-30',
    );
    cli(
      workspace,
      'set',
      'A.5.1',
      '--applicable',
      'yes',
      '--status',
      'planned',
      '--owner',
      'Ana Silva',
    );
    // The C locale, so that date fields take month, day, year wherever the test runs.
    app = await launch({
      env: { ANNEXA_WORKSPACE: workspace, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
    });
  });

  after(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows what the CLI recorded, and escapes the organisation name', async () => {
    const { browser } = app;
    const header = await browser.$('[data-testid="workspace"]');
    await header.waitForExist({ timeout: 20_000 });
    assert.match(await header.getText(), /Workshop <Client> & Co/);
    await browser.$('[data-testid="view-assessment"]').click();
    const r = await row(browser, 'A.5.1');
    assert.equal(await shown(r, 'status'), 'planned');
    assert.equal(await shown(r, 'owner'), 'Ana Silva');
    assert.equal(await shown(r, 'applicable'), 'yes');
    const cellText = (el) => browser.execute((e) => e.innerText, el);
    assert.equal(await cellText(await r.$('button[data-testid="owner"]')), 'Ana Silva');
    // The table opens with its first 40 rows and draws the rest as its end comes into view.
    assert.equal((await browser.$$('[data-testid="assessment-row"]')).length, 40);
    const more = await browser.$('[data-testid="assessment-more"]');
    assert.match(await more.getText(), /Showing 40 of 93/);
    await row(browser, 'A.8.34');
    assert.equal((await browser.$$('[data-testid="assessment-row"]')).length, 93);
    assert.ok(!(await more.isExisting()), 'nothing more to draw');
    await screenshot(browser, '10-assessment');
  });

  it('saves a change made in place, which the CLI then reads', async () => {
    const { browser } = app;
    const r = await row(browser, 'A.5.2');
    await choose(r, 'applicable', 'yes');
    await browser.waitUntil(async () => control(workspace, 'A.5.2').applicable === true, {
      timeout: 5_000,
      timeoutMsg: 'the CLI never saw 5.2 become applicable',
    });
    await choose(r, 'status', 'implemented');
    await browser.waitUntil(async () => control(workspace, 'A.5.2').status === 'implemented', {
      timeout: 5_000,
      timeoutMsg: 'the CLI never saw 5.2 implemented',
    });
    const history = JSON.parse(cli(workspace, 'history', '5.2', '--format', 'json'));
    assert.ok(history.some((h) => h.field === 'status' && h.new_value === 'implemented'));
    // A choice closes its select: the cell shows the new value again, with the keyboard on it.
    await browser.waitUntil(async () => (await shown(r, 'status')) === 'implemented', {
      timeout: 5_000,
      timeoutMsg: 'the status cell does not show the choice',
    });
    assert.ok(await r.$('button[data-testid="status"]').isFocused());
    assert.ok(!(await r.$('[data-testid="status-edit"]').isExisting()));
    // The owner from the keyboard: O on the row opens its owner field, Enter saves and closes
    // it, and the keyboard is back where O was pressed; the cell shows the new owner.
    const button = await r.$('button.control');
    await browser.execute((el) => el.focus(), button);
    await browser.keys('o');
    const owner = await r.$('[data-testid="owner-edit"]');
    await owner.waitForExist({ timeout: 5_000 });
    assert.ok(await owner.isFocused(), 'O did not put the keyboard in the owner field');
    await browser.keys('Lin Chen');
    await browser.keys('Enter');
    await browser.waitUntil(async () => control(workspace, 'A.5.2').owner === 'Lin Chen', {
      timeout: 5_000,
      timeoutMsg: 'the owner typed in the table was not saved',
    });
    const cell = await r.$('button[data-testid="owner"]');
    await cell.waitForExist({ timeout: 5_000 });
    assert.equal(await browser.execute((e) => e.innerText, cell), 'Lin Chen');
    assert.ok(await button.isFocused(), 'Enter did not give the keyboard back to the name');
    // → → → to the owner cell; Enter on a cell opens it; Escape closes it again, changes
    // nothing and leaves the keyboard on the cell.
    for (let i = 0; i < 3; i++) await browser.keys('ArrowRight');
    assert.ok(await cell.isFocused(), '→ did not reach the owner cell');
    await browser.keys('Enter');
    await (await r.$('[data-testid="owner-edit"]')).waitForExist({ timeout: 5_000 });
    await browser.keys('Escape');
    await cell.waitForExist({ timeout: 5_000 });
    assert.ok(await cell.isFocused(), 'Escape did not give the keyboard back to the cell');
    assert.equal(control(workspace, 'A.5.2').owner, 'Lin Chen');
    // Only the field being edited is a form field: the rest of the table is text.
    assert.equal(
      (
        await browser.$$(
          '[data-testid="assessment-row"] select, [data-testid="assessment-row"] input:not([type="checkbox"])',
        )
      ).length,
      0,
    );
  });

  it('asks for a justification before excluding a control', async () => {
    const { browser } = app;
    const r = await row(browser, 'A.8.25');
    await choose(r, 'applicable', 'no');
    const form = await browser.$('[data-testid="exclusion-form"]');
    await form.waitForExist({ timeout: 5_000 });
    assert.equal(
      control(workspace, 'A.8.25').applicable,
      null,
      'nothing is saved before the reason',
    );
    await screenshot(browser, '11-exclusion');
    await browser
      .$('[data-testid="exclusion-justification"]')
      .setValue('No in-house <development>');
    await form.$('button[type="submit"]').click();
    await browser.waitUntil(async () => control(workspace, 'A.8.25').applicable === false, {
      timeout: 5_000,
      timeoutMsg: 'the exclusion was not saved',
    });
    assert.equal(control(workspace, 'A.8.25').justification, 'No in-house <development>');
  });

  it('shows a control’s history in its detail', async () => {
    const { browser } = app;
    const r = await row(browser, 'A.5.2');
    // Centre the row first so the sticky table header cannot cover it.
    await r.$('button.control').scrollIntoView({ block: 'center' });
    await r.$('button.control').click();
    const list = await browser.$('[data-testid="control-history"]');
    await browser.waitUntil(
      async () => /Status: Not assessed → Implemented/.test(await list.getText()),
      {
        timeout: 5_000,
        timeoutMsg: 'the history did not show the status change in words',
      },
    );
    // Times as a reader reads them, the stored UTC time kept for machines.
    const time = await list.$('time');
    assert.match(await time.getText(), /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/);
    assert.match(await time.getAttribute('datetime'), /^\d{4}-\d{2}-\d{2}T.*Z$/);
    await screenshot(browser, '12-history');
  });

  it('picks up a CLI change on refresh and shows readiness on the dashboard', async () => {
    const { browser } = app;
    cli(workspace, 'set', '5.1', '--status', 'implemented');
    await browser.keys('F5');
    const r = await row(browser, 'A.5.1');
    await browser.waitUntil(async () => (await shown(r, 'status')) === 'implemented', {
      timeout: 5_000,
      timeoutMsg: 'F5 did not reload the CLI change',
    });
    await browser.$('[data-testid="view-dashboard"]').click();
    const readiness = await browser.$('[data-testid="readiness"]');
    await readiness.waitForExist({ timeout: 5_000 });
    // 5.1 and 5.2 are implemented and 8.25 is excluded; the other 90 are undecided and count
    // as not ready: 2 of 92, never "100%" for three decisions.
    assert.equal(await readiness.getText(), '2%');
    assert.match(await browser.$('[data-testid="decided"]').getText(), /Decided: 3\/93/);
    await browser.$('[data-testid="decided"] button').click();
    assert.match(
      await browser.$('[data-testid="readiness-definition"]').getText(),
      /not decided yet counts as not ready/,
    );
    await screenshot(browser, '13-dashboard');
  });

  it('adds people and actions, and takes and compares snapshots', async () => {
    const { browser } = app;
    await browser.$('[data-testid="view-people"]').click();
    await browser.$('[data-testid="person-name"]').setValue('Bea <script>alert(1)</script>');
    await browser.$('[data-testid="person-form"] button[type="submit"]').click();
    const people = await browser.$('[data-testid="people-table"]');
    await browser.waitUntil(
      async () => /Bea <script>alert\(1\)<\/script>/.test(await people.getText()),
      {
        timeout: 5_000,
        timeoutMsg: 'the new person was not listed as typed',
      },
    );
    assert.match(await people.getText(), /Ana Silva/);
    const names = JSON.parse(cli(workspace, 'people', 'list', '--format', 'json')).map(
      (p) => p.name,
    );
    assert.ok(names.includes('Bea <script>alert(1)</script>'));

    await browser.$('[data-testid="view-actions"]').click();
    const form = await browser.$('[data-testid="action-form"]');
    await form.waitForExist({ timeout: 5_000 });
    const inputs = await form.$$('input');
    await inputs[0].setValue('Approve the access policy');
    await inputs[1].setValue('A.5.15 A.5.18');
    await inputs[2].setValue('Ana Silva');
    // The due date is typed as it is stored (an empty field says YYYY-MM-DD, not a date in
    // grey); a day not on the calendar is said at once and nothing is sent.
    const newDue = await browser.$('[data-testid="action-form-due"]');
    assert.equal(await newDue.getAttribute('placeholder'), 'YYYY-MM-DD');
    await newDue.click();
    await browser.keys([...'2020-02-30']);
    const said = await form.$('.field-error');
    await said.waitForDisplayed({ timeout: 5_000 });
    assert.match(await said.getText(), /2020-02-30 is not a day of the calendar/);
    const before = JSON.parse(cli(workspace, 'actions', 'list', '--format', 'json')).length;
    await form.$('button[type="submit"]').click();
    assert.equal(JSON.parse(cli(workspace, 'actions', 'list', '--format', 'json')).length, before);
    await newDue.setValue('2020-01-31');
    assert.equal(await form.$('.field-error').isExisting(), false);
    await form.$('button[type="submit"]').click();
    await screenshot(browser, '14-actions');
    const table = await browser.$('[data-testid="actions-table"]');
    await browser.waitUntil(
      async () => /Approve the access policy\s+late/i.test(await table.getText()),
      {
        timeout: 5_000,
        timeoutMsg: 'the overdue action was not flagged late',
      },
    );
    const late = JSON.parse(cli(workspace, 'actions', 'list', '--late', '--format', 'json'));
    assert.deepEqual(
      late.map((a) => [a.controls, a.due_date]),
      [[['A.5.15', 'A.5.18'], '2020-01-31']],
    );
    // Its assignee and due date change in place; a date that is not one is said and put back.
    // Typed over as a person does (WebDriver's setValue would first empty the field, which is
    // itself a change: nobody, no due date).
    const retype = async (field, text) => {
      await field.click();
      await browser.keys(['Control', 'a']);
      for (const ch of text) await browser.keys(ch);
      await browser.keys('Enter');
    };
    // A name no suggestion starts with, so that the list of names stays shut.
    await retype(await table.$('[data-testid="action-assignee"]'), 'Zoe Zed');
    const due = await table.$('[data-testid="action-due"]');
    await retype(due, '2027-02-30');
    const error = await browser.$('.panel [role="alert"]');
    await error.waitForExist({ timeout: 5_000 });
    assert.match(await error.getText(), /2027-02-30 is not a day of the calendar/);
    assert.equal(await due.getValue(), '2020-01-31');
    await retype(due, '2027-02-28');
    const action = () =>
      JSON.parse(cli(workspace, 'actions', 'list', '--format', 'json')).find(
        (a) => a.title === 'Approve the access policy',
      );
    await browser.waitUntil(
      async () => action().assignee === 'Zoe Zed' && action().due_date === '2027-02-28',
      {
        timeout: 5_000,
        timeoutMsg: `the assignee and due date changed in place were not saved: ${JSON.stringify(action())}`,
      },
    );
    assert.equal(action().late, false);

    await browser.$('[data-testid="view-snapshots"]').click();
    await browser.$('[data-testid="snapshot-name"]').setValue('Gap analysis Nov 2026');
    await browser.$('[data-testid="snapshot-form"] button[type="submit"]').click();
    await browser.waitUntil(
      async () =>
        /Gap analysis Nov 2026/.test(await browser.$('[data-testid="snapshot-list"]').getText()),
      { timeout: 5_000, timeoutMsg: 'the snapshot was not listed' },
    );
    cli(workspace, 'set', '5.2', '--status', 'planned');
    await browser
      .$('[data-testid="compare-from"]')
      .selectByAttribute('value', 'Gap analysis Nov 2026');
    await browser.$('[data-testid="compare-form"] button[type="submit"]').click();
    const changes = await browser.$('[data-testid="changes-table"]');
    await changes.waitForExist({ timeout: 5_000 });
    const cells = [];
    for (const td of await changes.$$('tbody tr:first-child td')) cells.push(await td.getText());
    assert.deepEqual(cells, ['A.5.2', 'status', 'implemented', 'planned', 'regressed']);
    await screenshot(browser, '15-snapshots');
  });

  it('assesses five controls from the keyboard, sets three at once and undoes', async () => {
    const { browser } = app;
    await browser.$('[data-testid="view-assessment"]').click();
    const anchor = async (id) => {
      const button = await (await row(browser, id)).$('button.control');
      await browser.execute((el) => el.focus(), button);
      return button;
    };
    await anchor('A.6.1');
    // A.6.1 partially, down, A.6.2 applicable and implemented, down, A.6.3 planned, and so on.
    for (const key of ['y', '3', 'ArrowDown', 'y', '4', 'ArrowDown', '2', 'ArrowDown', '1']) {
      await browser.keys(key);
      // Each key is saved before the next moves on: wait for what the CLI sees.
      if (/^[0-4]$/.test(key)) {
        const expected = [
          'not_assessed',
          'not_implemented',
          'planned',
          'partially_implemented',
          'implemented',
        ][Number(key)];
        await browser.waitUntil(
          async () =>
            (await browser.execute(
              () =>
                document.activeElement?.closest('tr')?.querySelector('[data-testid="status"]')
                  ?.dataset.value,
            )) === expected,
          { timeout: 5_000, timeoutMsg: `key ${key} did not set ${expected}` },
        );
      }
    }
    await browser.keys('ArrowDown');
    await browser.keys('4');
    await browser.waitUntil(async () => control(workspace, 'A.6.5').status === 'implemented', {
      timeout: 5_000,
      timeoutMsg: 'the fifth control was not set from the keyboard',
    });
    const seen = ['A.6.1', 'A.6.2', 'A.6.3', 'A.6.4', 'A.6.5'].map((id) => {
      const c = control(workspace, id);
      return [id, c.applicable, c.status];
    });
    assert.deepEqual(seen, [
      ['A.6.1', true, 'partially_implemented'],
      ['A.6.2', true, 'implemented'],
      ['A.6.3', null, 'planned'],
      ['A.6.4', null, 'not_implemented'],
      ['A.6.5', null, 'implemented'],
    ]);
    // Ctrl+Z puts the last change back, as a change of its own in the history.
    await browser.keys(['Control', 'z']);
    await browser.waitUntil(async () => control(workspace, 'A.6.5').status === 'not_assessed', {
      timeout: 5_000,
      timeoutMsg: 'Ctrl+Z did not undo the last change',
    });
    const history = JSON.parse(cli(workspace, 'history', 'control:A.6.5', '--format', 'json'));
    assert.deepEqual(
      history.map((h) => [h.old_value, h.new_value]),
      [
        ['not_assessed', 'implemented'],
        ['implemented', 'not_assessed'],
      ],
    );

    // Space picks rows; one change sets all three in one transaction, one undo restores them.
    for (const id of ['A.6.6', 'A.6.7', 'A.6.8']) {
      await anchor(id);
      await browser.keys(' ');
    }
    const bar = await browser.$('[data-testid="bulk-bar"]');
    await bar.waitForExist({ timeout: 5_000 });
    assert.match(await bar.getText(), /3 picked/);
    await browser.$('[data-testid="bulk-status"]').selectByAttribute('value', 'planned');
    await browser.$('[data-testid="bulk-apply"]').click();
    await browser.waitUntil(
      async () =>
        ['A.6.6', 'A.6.7', 'A.6.8'].every((id) => control(workspace, id).status === 'planned'),
      { timeout: 5_000, timeoutMsg: 'the three picked controls were not set' },
    );
    await screenshot(browser, '14-workshop-bulk');
    await anchor('A.6.8');
    await browser.keys(['Control', 'z']);
    await browser.waitUntil(
      async () =>
        ['A.6.6', 'A.6.7', 'A.6.8'].every((id) => control(workspace, id).status === 'not_assessed'),
      { timeout: 5_000, timeoutMsg: 'one undo did not restore the three' },
    );
  });

  it('shows a change at once, and puts it back with the reason when the file refuses it', async () => {
    const { browser } = app;
    await browser.$('[data-testid="view-assessment"]').click();
    const r = await row(browser, 'A.7.1');
    assert.equal(await shown(r, 'status'), 'not_assessed');
    // Another program holds the file's write lock, as a long CLI import would.
    const holder = spawn(
      'python3',
      [
        '-c',
        'import sqlite3,sys; c=sqlite3.connect(sys.argv[1], isolation_level=None); ' +
          'c.execute("BEGIN EXCLUSIVE"); print("locked", flush=True); sys.stdin.readline(); ' +
          'c.execute("ROLLBACK")',
        workspace,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      const [line] = await once(holder.stdout, 'data');
      assert.match(String(line), /locked/);
      await browser.execute((el) => el.focus(), await r.$('button.control'));
      await browser.keys('4');
      // Shown while the save still waits for the lock: the row does not wait for Rust.
      assert.equal(await shown(r, 'status'), 'implemented');
      const error = await browser.$('[data-testid="assessment-error"]');
      await error.waitForExist({ timeout: 15_000 });
      assert.match(await error.getText(), /being written by another program/);
      assert.equal(await shown(r, 'status'), 'not_assessed');
    } finally {
      holder.stdin.end('\n');
      await once(holder, 'exit');
    }
    assert.equal(control(workspace, 'A.7.1').status, 'not_assessed');
    // With the lock gone the same key saves.
    await browser.execute((el) => el.focus(), await r.$('button.control'));
    await browser.keys('4');
    await browser.waitUntil(async () => control(workspace, 'A.7.1').status === 'implemented', {
      timeout: 5_000,
      timeoutMsg: 'the change was not saved once the file was free',
    });
    assert.equal(await shown(r, 'status'), 'implemented');
  });

  it('records a clause status and a required document', async () => {
    const { browser } = app;
    await browser.$('[data-testid="view-clauses"]').click();
    await browser.$('[data-testid="clause-list"]').waitForExist({ timeout: 5_000 });
    for (const row of await browser.$$('[data-testid="clause-row"]')) {
      if ((await row.getText()).startsWith('5.2')) {
        await row.scrollIntoView({ block: 'center' });
        await row.click();
        break;
      }
    }
    const status = await browser.$('[data-testid="clause-status"]');
    await status.waitForExist({ timeout: 5_000 });
    await status.selectByAttribute('value', 'implemented');
    await browser.$('[data-testid="document-information-security-policy"]').click();
    const policy = () =>
      JSON.parse(cli(workspace, 'clauses', 'list', '--format', 'json')).find((c) => c.id === '5.2');
    await browser.waitUntil(
      async () => policy().status === 'implemented' && policy().documents[0].present === true,
      { timeout: 5_000, timeoutMsg: 'the clause and its document were not saved' },
    );
    await screenshot(browser, '16-clause-state');
    // The risk treatment plan is kept by the risk register, not ticked by hand.
    for (const row of await browser.$$('[data-testid="clause-row"]')) {
      if ((await row.getText()).startsWith('6.1.3')) {
        await row.scrollIntoView({ block: 'center' });
        await row.click();
        break;
      }
    }
    const plan = await browser.$('[data-testid="document-risk-treatment-plan"]');
    await plan.waitForExist({ timeout: 5_000 });
    assert.equal(await plan.isEnabled(), false);
    assert.match(
      await browser.$('[data-testid="kept-risk-treatment-plan"]').getText(),
      /Kept by the risk register: present once the owners have approved the treatment plan/,
    );
  });

  it('hides and shows columns with the column chooser, and remembers the choice', async () => {
    const { browser } = app;
    await browser.$('[data-testid="view-assessment"]').click();
    const headers = async () => {
      const out = [];
      for (const th of await browser.$$('[data-testid="assessment-table"] thead th')) {
        out.push(await th.getText());
      }
      return out.filter((t) => t);
    };
    await row(browser, 'A.5.1');
    assert.deepEqual(await headers(), [
      'Control',
      'Applicable',
      'Status',
      'Owner',
      'Maturity',
      'Target',
      'Evidence',
    ]);
    // The menu (bits-ui) must live within the strict content security policy: anything it
    // tried that the policy refused would be reported here.
    await browser.execute(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.cspViolations.push(`${e.violatedDirective}: ${e.sample || e.blockedURI}`),
      );
    });
    await browser.$('[data-testid="column-chooser"]').click();
    const maturity = await browser.$('[data-testid="column-maturity"]');
    await maturity.waitForDisplayed({ timeout: 5_000 });
    assert.equal(await maturity.getAttribute('role'), 'menuitemcheckbox');
    assert.equal(await maturity.getAttribute('aria-checked'), 'true');
    await maturity.click();
    await browser.$('[data-testid="column-evidence"]').click();
    assert.equal(await maturity.getAttribute('aria-checked'), 'false');
    await screenshot(browser, '17-columns');
    assert.deepEqual(await browser.execute(() => window.cspViolations), []);
    // Escape closes the menu, as in any application.
    await browser.keys('Escape');
    await browser.waitUntil(async () => !(await maturity.isDisplayed()), {
      timeout: 5_000,
      timeoutMsg: 'Escape did not close the column menu',
    });
    const without = ['Control', 'Applicable', 'Status', 'Owner', 'Target'];
    assert.deepEqual(await headers(), without);
    const cells = await (await row(browser, 'A.5.1')).$$('td');
    assert.equal(
      cells.length,
      without.length + 1,
      'the rows lose the same cells (and keep the pick)',
    );
    await screenshot(browser, '17-columns');
    // The choice outlives the window's page.
    await browser.refresh();
    await browser.$('[data-testid="view-assessment"]').waitForExist({ timeout: 20_000 });
    await browser.$('[data-testid="view-assessment"]').click();
    await row(browser, 'A.5.1');
    assert.deepEqual(await headers(), without);
    // From the keyboard: the menu opens on Enter, the arrows move, Space ticks.
    await browser.execute(() => document.querySelector('[data-testid="column-chooser"]').focus());
    await browser.keys('Enter');
    await browser.$('[data-testid="column-applicable"]').waitForDisplayed({ timeout: 5_000 });
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', ' ']) await browser.keys(key);
    await browser.waitUntil(async () => (await headers()).includes('Maturity'), {
      timeout: 5_000,
      timeoutMsg: 'Space on the fourth item did not show Maturity again',
    });
    await browser.$('[data-testid="column-evidence"]').click();
    await browser.keys('Escape');
    assert.equal((await headers()).length, 7);
  });
});
