// The first run of the desktop app, as a new user sees it: the window opens on Start with no
// workspace made behind the user's back and lists the bundled controls, which can be searched
// and read with the keyboard; a new workspace is one dialog that lands in the Annex A table,
// named in the window's title; and a double-clicked .annexa file opens.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT, accessibilityProblems, cli, launch, screenshot, windowNames } from './harness.mjs';
import { cancelNativeDialog, confirmNativeDialog } from './native-dialog.mjs';

describe('first run of the window', () => {
  let app;

  before(async () => {
    app = await launch();
  });

  after(async () => {
    await app?.stop();
  });

  it('opens on Start with nothing created, and lists all 93 Annex A controls', async () => {
    const { browser, dataHome } = app;
    // The first run: no workspace is made behind the user's back; Start says none is open and
    // offers to make one.
    const title = await browser.$('[data-testid="view-title"]');
    await title.waitForExist({ timeout: 20_000 });
    assert.equal(await title.getText(), 'Start');
    assert.match(await browser.$('[data-testid="no-workspace"]').getText(), /No workspace open/);
    assert.equal(await browser.$('[data-testid="workspace-error"]').isExisting(), false);
    assert.equal(await browser.$('[data-testid="view-context"]').getText(), 'No workspace is open');
    assert.ok(await browser.$('[data-testid="header-new-workspace"]').isDisplayed());
    assert.equal(await browser.getTitle(), 'Annexa');
    assert.equal(
      existsSync(join(dataHome, 'annexa', 'default.annexa')),
      false,
      'a workspace was created on the first run',
    );
    assert.deepEqual(await accessibilityProblems(browser), [], 'axe-core on the first Start');
    await screenshot(browser, '00-first-run');
    // The catalogue needs no workspace.
    await browser.$('[data-testid="view-controls"]').click();
    await browser.waitUntil(
      async () => (await browser.$$('[data-testid="control-row"]')).length > 0,
      {
        timeout: 20_000,
        timeoutMsg: 'no control row appeared',
      },
    );
    await screenshot(browser, '01-controls');
    const all = await browser.$$('[data-testid="control-row"]');
    assert.equal(all.length, 93, `expected 93 controls, saw ${all.length}`);
    const first = await all[0].getText();
    assert.match(first, /^A\.5\.1\s+Policies for information security$/);
    const last = await all[92].getText();
    assert.match(last, /^A\.8\.34\s+Protection of information systems during audit testing$/);
    assert.equal(await browser.$('[data-testid="result-count"]').getText(), '93 of 93 controls');
  });

  it('searches with the keyboard and shows a control in detail', async () => {
    const { browser } = app;
    // Click somewhere neutral (the brand) so that '/' is typed outside any input.
    await browser.$('.brand').click();
    await browser.keys('/');
    const search = await browser.$('[data-testid="search"]');
    assert.ok(await search.isFocused(), '"/" did not focus the search box');
    await browser.keys('backup');
    await browser.waitUntil(
      async () =>
        (await browser.$('[data-testid="result-count"]').getText()) !== '93 of 93 controls',
      { timeout: 5_000, timeoutMsg: 'the search did not filter the list' },
    );
    await screenshot(browser, '02-search-backup');
    const rows = await browser.$$('[data-testid="control-row"]');
    assert.ok(rows.length >= 1 && rows.length < 93, `search left ${rows.length} rows`);
    assert.match(await rows[0].getText(), /^A\.8\.13\s+Information backup/);
    const detail = await browser.$('[data-testid="control-detail"]');
    assert.match(await detail.getText(), /A\.8\.13 Information backup/);
    assert.match(await detail.getText(), /Evidence an auditor accepts/);
    assert.deepEqual(await accessibilityProblems(browser), [], 'axe-core on a control in detail');
    // Titles are the Annex A wording; the shorter ISO/IEC 27002 form still finds the control.
    await search.setValue('ICT supply chain');
    await browser.waitUntil(async () => /A\.5\.21/.test(await detail.getText()), {
      timeout: 5_000,
      timeoutMsg: 'the short title did not find A.5.21',
    });
    const supply = await detail.getText();
    assert.match(
      supply,
      /A\.5\.21 Managing information security in the information and communication technology \(ICT\) supply chain/,
    );
    assert.match(supply, /Also known as “Managing information security in the ICT supply chain”/);

    await browser.keys('Escape');
    await browser.waitUntil(
      async () =>
        (await browser.$('[data-testid="result-count"]').getText()) === '93 of 93 controls',
      { timeout: 5_000, timeoutMsg: 'Escape did not clear the search' },
    );
    // One call per key: WebDriver treats a key array as a chord held down together.
    for (const key of ['Home', 'ArrowDown', 'ArrowDown']) await browser.keys(key);
    const selectedText = async () =>
      (await browser.$('[data-testid="control-row"][aria-selected="true"]').getText()).trim();
    await browser.waitUntil(
      async () => /^A\.5\.3\s+Segregation of duties/.test(await selectedText()),
      {
        timeout: 5_000,
        timeoutMsg: 'Home then two ArrowDowns did not select A.5.3',
      },
    );
  });

  it('filters by theme', async () => {
    const { browser } = app;
    await browser.$('[data-testid="search"]').clearValue();
    await browser.$('[data-testid="theme-People"]').click();
    await browser.waitUntil(
      async () => (await browser.$$('[data-testid="control-row"]')).length === 8,
      { timeout: 5_000, timeoutMsg: 'the People theme did not list 8 controls' },
    );
    await screenshot(browser, '03-theme-people');
  });

  it('shows clauses 4 to 10 with their required documents, and the 2013 mapping', async () => {
    const { browser } = app;
    await browser.$('[data-testid="view-clauses"]').click();
    await browser.$('[data-testid="clause-list"]').waitForExist({ timeout: 5_000 });
    const clauses = await browser.$$('[data-testid="clause-row"]');
    assert.equal(clauses.length, 41);
    let scope = null;
    for (const row of clauses) if ((await row.getText()).startsWith('4.3')) scope = row;
    assert.ok(scope, 'clause 4.3 is listed');
    await scope.click();
    const detail = await browser.$('[data-testid="clause-detail"]');
    assert.match(await detail.getText(), /Documented information required/);
    await screenshot(browser, '04-clause-4.3');

    await browser.$('[data-testid="view-mapping"]').click();
    const table = await browser.$('[data-testid="mapping-table"]');
    await table.waitForExist({ timeout: 5_000 });
    assert.equal((await table.$$('tbody tr')).length, 114);
    await browser.$('[data-testid="mapping-search"]').setValue('A.12.4.1');
    await browser.waitUntil(async () => (await table.$$('tbody tr')).length === 1, {
      timeout: 5_000,
      timeoutMsg: 'searching the mapping for A.12.4.1 did not leave one row',
    });
    assert.match(await table.$('tbody tr').getText(), /A\.8\.15/);
    await screenshot(browser, '05-mapping');
  });
});

describe('switching workspaces in the window', () => {
  let app;

  before(async () => {
    app = await launch();
  });

  after(async () => {
    await app?.stop();
  });

  it('creates a workspace, refuses a file that is not one, and lists recent files', async () => {
    const { browser, dataHome } = app;
    await browser.$('[data-testid="view-workspaces"]').click();
    await screenshot(browser, '06-workspaces-before');
    // "New workspace…" is one dialog: the organisation, its scope, the target date and the
    // name the history records, then the file in the OS save dialog.
    await browser.$('[data-testid="header-new-workspace"]').click();
    const dialog = await browser.$('[data-testid="new-workspace-dialog"]');
    await dialog.waitForDisplayed({ timeout: 5_000 });
    assert.ok(
      await browser.$('[data-testid="create-organisation"]').isFocused(),
      'the dialog did not give the keyboard to the organisation',
    );
    await browser.$('[data-testid="create-organisation"]').setValue('Acme Ltd');
    await browser.$('[data-testid="create-target"]').setValue('2027-31-03');
    await browser.$('[data-testid="create-history-name"]').setValue('Ada Lovelace');
    assert.deepEqual(await accessibilityProblems(browser), [], 'axe-core on the dialog');
    await screenshot(browser, '06-new-workspace');
    // A wrong date is said in the dialog before any file dialog opens.
    await browser.$('[data-testid="create-submit"]').click();
    assert.match(
      await browser.$('[data-testid="create-error"]').getText(),
      /2027-31-03 is not a day of the calendar/,
    );
    await browser.$('[data-testid="create-target"]').setValue('2027-03-31');
    // Cancelling the save dialog leaves the dialog as it was, without a word.
    await browser.$('[data-testid="create-submit"]').click();
    await cancelNativeDialog('Annexa — create a workspace');
    assert.ok(await dialog.isDisplayed(), 'cancelling the save dialog closed the form');
    assert.equal(await browser.$('[data-testid="create-organisation"]').getValue(), 'Acme Ltd');
    // The save dialog opens in the documents folder with a name made of the organisation's.
    await browser.$('[data-testid="create-submit"]').click();
    await confirmNativeDialog('Annexa — create a workspace');
    const created = join(dataHome, 'Documents', 'acme-ltd.annexa');
    await browser.waitUntil(
      async () =>
        (await browser.$('[data-testid="workspace"]').isExisting()) &&
        /Acme Ltd/.test(await browser.$('[data-testid="workspace"]').getText()),
      { timeout: 10_000, timeoutMsg: 'the header did not switch to the new workspace' },
    );
    assert.ok(existsSync(created), 'the workspace file was not created in the documents folder');
    // It lands in the Annex A table, and the window is named after it.
    await browser.waitUntil(
      async () => (await browser.$('[data-testid="view-title"]').getText()) === 'Annex A controls',
      { timeout: 5_000, timeoutMsg: 'a new workspace did not open on its Annex A table' },
    );
    assert.equal(await browser.getTitle(), 'Acme Ltd — Annexa');
    const info = JSON.parse(cli(created, 'info', '--format', 'json'));
    assert.equal(info.organisation, 'Acme Ltd');
    assert.equal(info.target_date, '2027-03-31');
    const prefs = JSON.parse(
      readFileSync(join(dataHome, 'config', 'annexa', 'preferences.json'), 'utf8'),
    );
    assert.equal(prefs.user_name, 'Ada Lovelace');
    // A change made in the window is recorded under that name.
    const row = await browser.$('[data-testid="assessment-row"][data-id="A.5.1"]');
    await row.$('button[data-testid="status"]').click();
    await row.$('[data-testid="status-edit"]').selectByAttribute('value', 'planned');
    await browser.waitUntil(
      async () =>
        JSON.parse(cli(created, 'history', 'A.5.1', '--format', 'json')).some(
          (h) => h.actor === 'Ada Lovelace' && h.new_value === 'planned',
        ),
      {
        timeout: 5_000,
        timeoutMsg: 'the change was not recorded under the name given',
      },
    );

    // The file's path can be typed instead; the save dialog confirms it.
    await browser.$('[data-testid="view-workspaces"]').click();
    mkdirSync(join(dataHome, 'clients'));
    const typed = join(dataHome, 'clients', 'acme.annexa');
    await browser.$('[data-testid="start-new"]').click();
    await dialog.waitForDisplayed({ timeout: 5_000 });
    await browser.$('[data-testid="create-organisation"]').setValue('Acme Ltd');
    await dialog.$('summary').click();
    await browser.$('[data-testid="create-path"]').setValue(typed);
    await browser.$('[data-testid="create-submit"]').click();
    await confirmNativeDialog('Annexa — create a workspace');
    await browser.waitUntil(async () => existsSync(typed), {
      timeout: 10_000,
      timeoutMsg: 'the typed path was not created',
    });
    await browser.waitUntil(async () => !(await dialog.isDisplayed()), {
      timeout: 5_000,
      timeoutMsg: 'the dialog stayed open',
    });
    await browser.$('[data-testid="view-workspaces"]').click();

    const notes = join(dataHome, 'notes.annexa');
    writeFileSync(notes, 'just some text, not a database');
    await browser.$('[data-testid="open-path"]').setValue(notes);
    await browser.$('[data-testid="open-path"]').parentElement().$('button').click();
    // Cancelling the dialog is not an error: nothing is said, nothing changes.
    await cancelNativeDialog('Annexa — open a workspace');
    assert.equal(await browser.$('[data-testid="workspace-menu-error"]').isExisting(), false);
    assert.match(await browser.$('[data-testid="workspace"]').getText(), /Acme Ltd/);
    await browser.$('[data-testid="open-path"]').parentElement().$('button').click();
    await confirmNativeDialog('Annexa — open a workspace');
    const error = await browser.$('[data-testid="workspace-menu-error"]');
    await browser.waitUntil(async () => /not an Annexa workspace/.test(await error.getText()), {
      timeout: 5_000,
      timeoutMsg: 'the refusal never showed',
    });
    await error.waitForExist({ timeout: 5_000 });
    assert.match(await error.getText(), /is not an Annexa workspace/);
    assert.match(await browser.$('[data-testid="workspace"]').getText(), /Acme Ltd/);

    // The start screen lists both files with their organisation and readiness.
    const recent = await browser.$('[data-testid="recent-list"]');
    await browser.waitUntil(async () => /Acme Ltd/.test(await recent.getText()), {
      timeout: 5_000,
      timeoutMsg: 'the new workspace never joined the recent list',
    });
    assert.match(await recent.getText(), /acme\.annexa/);
    assert.match(await recent.getText(), /acme-ltd\.annexa/);
    assert.doesNotMatch(await recent.getText(), /default\.annexa/);
    assert.match(await recent.getText(), /0% · 0\/93 decided/);
    await screenshot(browser, '06-workspaces');
  });

  it('refuses a path the page names by itself, without the user choosing it', async () => {
    const { browser, dataHome } = app;
    const secret = join(dataHome, 'secret.annexa');
    writeFileSync(secret, 'private');
    // What injected script would try: call the commands directly with paths of its own.
    const results = await browser.executeAsync((secret, done) => {
      const invoke = window.__TAURI_INTERNALS__.invoke;
      Promise.allSettled([
        invoke('open_workspace', { path: secret }),
        invoke('export_evidence', { id: 1, version: null, dest: `${secret}.copy` }),
        invoke('open_pack_file', { path: secret, entry: 'evidence/x.pdf' }),
      ]).then((all) =>
        done(all.map((r) => (r.status === 'rejected' ? String(r.reason.message) : 'accepted'))),
      );
    }, secret);
    assert.equal(results.length, 3);
    for (const message of results) assert.match(message, /was not chosen as .* in a file dialog/);
    assert.ok(!existsSync(`${secret}.copy`), 'nothing was written');
  });

  it('refuses a workspace with planted code and warns of a history edited behind its back', async () => {
    const { browser, dataHome } = app;
    const edited = join(dataHome, 'edited.annexa');
    cli(edited, 'init', edited, '--org', 'Edited Ltd');
    cli(edited, 'set', 'A.5.1', '--status', 'planned');
    cli(edited, 'set', 'A.5.1', '--status', 'implemented');
    const planted = join(dataHome, 'planted.annexa');
    cli(planted, 'init', planted, '--org', 'Planted Ltd');
    execFileSync('python3', [
      '-c',
      `import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
triggers = [r[0] for r in c.execute("SELECT sql FROM sqlite_schema WHERE type = 'trigger'")]
c.executescript("DROP TRIGGER history_is_append_only_update; DROP TRIGGER history_is_append_only_delete;"
                "UPDATE history SET actor = 'Someone else' WHERE id = 2;" + ";".join(triggers) + ";")
c.close()
p = sqlite3.connect(sys.argv[2])
p.executescript("CREATE TRIGGER quiet BEFORE INSERT ON history BEGIN SELECT RAISE(IGNORE); END;")
p.close()`,
      edited,
      planted,
    ]);
    await browser.$('[data-testid="view-workspaces"]').click();
    await browser.$('[data-testid="open-path"]').setValue(planted);
    await browser.$('[data-testid="open-path"]').parentElement().$('button').click();
    await confirmNativeDialog('Annexa — open a workspace');
    const error = await browser.$('[data-testid="workspace-menu-error"]');
    await browser.waitUntil(async () => /changed outside Annexa/.test(await error.getText()), {
      timeout: 5_000,
      timeoutMsg: 'the planted trigger was not refused',
    });
    assert.match(await error.getText(), /trigger "quiet"/);
    assert.doesNotMatch(await browser.$('[data-testid="workspace"]').getText(), /Planted Ltd/);

    await browser.$('[data-testid="open-path"]').setValue(edited);
    await browser.$('[data-testid="open-path"]').parentElement().$('button').click();
    await confirmNativeDialog('Annexa — open a workspace');
    const warning = await browser.$('[data-testid="history-warning"]');
    await warning.waitForExist({ timeout: 5_000 });
    assert.match(await warning.getText(), /rely on this .*broken at 1 of 2 .*#2.*outside Annexa/s);
    await screenshot(browser, '07-history-warning');
  });

  it('compacts the file after evidence was removed, and goes on working on it', async () => {
    const { browser, dataHome } = app;
    const file = join(dataHome, 'removals.annexa');
    cli(file, 'init', file, '--org', 'Removals Ltd');
    const big = join(dataHome, 'wrong-client.txt');
    writeFileSync(big, 'a contract of another client\n'.repeat(200_000));
    cli(file, 'evidence', 'add', big, '--control', 'A.5.1');
    cli(file, 'evidence', 'remove', '1', '--yes');
    const before = statSync(file).size;
    await browser.$('[data-testid="view-workspaces"]').click();
    await browser.$('[data-testid="open-path"]').setValue(file);
    await browser.$('[data-testid="open-path"]').parentElement().$('button').click();
    await confirmNativeDialog('Annexa — open a workspace');
    await browser.waitUntil(
      async () => /Removals Ltd/.test(await browser.$('[data-testid="workspace"]').getText()),
      { timeout: 10_000, timeoutMsg: 'the workspace did not open' },
    );
    await browser.$('[data-testid="compact-workspace"]').click();
    const notice = await browser.$('.start [role="status"]');
    await browser.waitUntil(async () => /Compacted: .* given back/.test(await notice.getText()), {
      timeout: 20_000,
      timeoutMsg: 'the compact never said it was done',
    });
    const after = statSync(file).size;
    assert.ok(after * 2 < before, `${before} bytes before, ${after} after`);
    await screenshot(browser, '06-compacted');
    // The window works on the new file: a snapshot taken there is what the CLI reads.
    await browser.$('[data-testid="view-snapshots"]').click();
    await browser.$('[data-testid="snapshot-name"]').setValue('After compacting');
    await browser.$('[data-testid="snapshot-form"] button[type="submit"]').click();
    await browser.waitUntil(
      async () => /After compacting/.test(cli(file, 'snapshot', 'list', '--format', 'csv')),
      {
        timeout: 10_000,
        timeoutMsg: 'the snapshot did not reach the compacted file',
      },
    );
    assert.match(cli(file, 'history', '--verify'), /^OK/);
  });
});

describe('a bug in the window', () => {
  it('is told in words with where the details are, never as Rust panic text', async () => {
    const home = mkdtempSync(join(tmpdir(), 'annexa-e2e-panic-'));
    const app = await launch({
      env: { ANNEXA_PANIC_FOR_TEST: 'report', ANNEXA_WORKSPACE: join(home, 'panic.annexa') },
    });
    try {
      const { browser, dataHome } = app;
      const error = await browser.$('[data-testid="workspace-error"]');
      await error.waitForExist({ timeout: 20_000 });
      const text = await error.getText();
      assert.match(text, /internal error .*Please report it\. The details are in /s);
      assert.doesNotMatch(text, /panicked|RUST_BACKTRACE|src-tauri/);
      const report = text.split('The details are in ')[1].replace(/\.$/, '').trim();
      assert.ok(report.startsWith(join(dataHome, 'state')), report);
      assert.match(readFileSync(report, 'utf8'), /panicked at .*ANNEXA_PANIC_FOR_TEST/s);
      // The other commands go on working: the catalogue is there.
      await browser.$('[data-testid="view-controls"]').click();
      await browser.waitUntil(
        async () => (await browser.$$('[data-testid="control-row"]')).length === 93,
        { timeout: 10_000, timeoutMsg: 'the catalogue did not show after the error' },
      );
      await screenshot(browser, '08-internal-error');
    } finally {
      await app.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('double-clicking an .annexa file', () => {
  let app;
  let dir;

  after(async () => {
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("opens the file the desktop entry's Exec line passes, and names the window after it", async () => {
    dir = mkdtempSync(join(tmpdir(), 'annexa-e2e-open-'));
    const file = join(dir, 'client one.annexa');
    cli(file, 'init', file, '--org', 'Double Click Ltd');
    // What a file manager runs: the packaged desktop entry's Exec, %f replaced by the file.
    const entry = readFileSync(join(ROOT, 'src-tauri', 'linux', 'annexa.desktop'), 'utf8');
    const exec = /^Exec=(.*)$/m.exec(entry)?.[1] ?? '';
    const [program, ...rest] = exec.split(' ');
    assert.equal(program, 'annexa-app');
    assert.deepEqual(rest, ['%f'], 'the entry passes one file');
    app = await launch({ args: rest.map((a) => (a === '%f' ? file : a)) });
    const { browser } = app;
    const header = await browser.$('[data-testid="workspace"]');
    await browser.waitUntil(async () => /Double Click Ltd/.test(await header.getText()), {
      timeout: 10_000,
      timeoutMsg: 'the file given on the command line was not opened',
    });
    assert.equal(await header.getAttribute('title'), `${file} (switch: Alt+9)`);
    await browser.waitUntil(async () => /"Double Click Ltd — Annexa"/.test(windowNames()), {
      timeout: 5_000,
      timeoutMsg: 'the X window is not named after the workspace',
    });
    assert.equal(await browser.getTitle(), 'Double Click Ltd — Annexa');
  });
});
