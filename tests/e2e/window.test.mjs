// The first run of the desktop app, as a new user sees it: the window titled "Annexa" opens a
// default workspace in the data directory and lists the bundled controls, which can be
// searched and read with the keyboard.

import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launch, screenshot, windowNames } from './harness.mjs';

describe('first run of the window', () => {
  let app;

  before(async () => {
    app = await launch();
  });

  after(async () => {
    await app?.stop();
  });

  it('is titled Annexa and lists all 93 Annex A controls', async () => {
    const { browser } = app;
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
    assert.equal(await browser.getTitle(), 'Annexa');
    assert.match(windowNames(), /"Annexa"/, 'no X window is named Annexa');
    const first = await all[0].getText();
    assert.match(first, /^A\.5\.1\s+Policies for information security$/);
    const last = await all[92].getText();
    assert.match(last, /^A\.8\.34\s+Protection of information systems during audit testing$/);
    assert.equal(await browser.$('[data-testid="result-count"]').getText(), '93 of 93 controls');
  });

  it('opens the default workspace in the user data directory', async () => {
    const { browser, dataHome } = app;
    const header = await browser.$('[data-testid="workspace"]');
    await header.waitForExist({ timeout: 10_000 });
    assert.match(await header.getText(), /My organisation/);
    assert.ok(
      existsSync(join(dataHome, 'annexa', 'default.annexa')),
      'no default workspace was created under XDG_DATA_HOME',
    );
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
    const created = join(dataHome, 'clients', 'acme.annexa');
    const form = await browser.$('[data-testid="create-form"]');
    await form.waitForExist({ timeout: 20_000 });
    const inputs = await form.$$('input');
    await inputs[0].setValue(created);
    await inputs[1].setValue('Acme Ltd');
    await inputs[2].setValue('2027-03-31');
    await form.$('button[type="submit"]').click();
    await browser.waitUntil(
      async () => /Acme Ltd/.test(await browser.$('[data-testid="workspace"]').getText()),
      { timeout: 10_000, timeoutMsg: 'the header did not switch to the new workspace' },
    );
    assert.ok(existsSync(created), 'the workspace file was not created');

    const notes = join(dataHome, 'notes.annexa');
    writeFileSync(notes, 'just some text, not a database');
    await browser.$('[data-testid="open-path"]').setValue(notes);
    await browser.$('[data-testid="open-path"]').parentElement().$('button').click();
    const error = await browser.$('[data-testid="workspace-menu-error"]');
    await error.waitForExist({ timeout: 5_000 });
    assert.match(await error.getText(), /is not an Annexa workspace/);
    assert.match(await browser.$('[data-testid="workspace"]').getText(), /Acme Ltd/);

    const recent = await browser.$('[data-testid="recent-list"]');
    assert.match(await recent.getText(), /acme\.annexa/);
    assert.match(await recent.getText(), /default\.annexa/);
    await screenshot(browser, '06-workspaces');
  });
});
