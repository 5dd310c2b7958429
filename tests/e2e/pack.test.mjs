// Audit packs in the real window: the pre-export check, an export whose fingerprint matches
// what `annexa verify` computes, the refusal to replace a file, and auditor mode opening the
// pack read-only (a file opened through the desktop's default application, a tampered pack
// shown as failing with the file's name).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  accessibilityProblems,
  appPid,
  launch,
  screenshot,
  cli,
  fakeOpener,
  watchedInodes,
} from './harness.mjs';
import { cancelNativeDialog, confirmNativeDialog } from './native-dialog.mjs';

describe('audit packs in the window', () => {
  let app;
  let dir;
  let workspace;
  let pack;
  const policyText = 'Backups run nightly & are <tested> monthly.\n';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'annexa-e2e-pack-'));
    workspace = join(dir, 'client.annexa');
    pack = join(dir, 'client pack.zip');
    cli(workspace, 'init', workspace, '--org', 'Pack & Partners <Ltd>');
    cli(workspace, 'people', 'add', 'Bea Backup');
    cli(
      workspace,
      'set',
      'A.8.13',
      '--applicable',
      'yes',
      '--status',
      'implemented',
      '--owner',
      'Bea Backup',
    );
    cli(workspace, 'set', 'A.5.1', '--applicable', 'yes', '--status', 'planned');
    const policy = join(dir, 'Backup policy.txt');
    writeFileSync(policy, policyText);
    cli(workspace, 'evidence', 'add', policy, '--control', 'A.8.13');
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

  it('lists what an auditor will flag before export', async () => {
    const { browser } = app;
    await browser.keys(['Alt', 'p']);
    const findings = await browser.$('[data-testid="pack-findings"]');
    await findings.waitForExist({ timeout: 10_000 });
    const noOwner = await findings.$('li[data-kind="no_owner"]');
    assert.match(await noOwner.getText(), /^1 · Applicable without an owner/);
    // A closed group draws none of its items; opened, it draws them a page at a time until
    // all 91 undecided controls are there (the end of the list, or its button, draws more).
    const undecided = await findings.$('li[data-kind="undecided"]');
    assert.match(await undecided.getText(), /^91 · Applicability not decided/);
    const drawn = () =>
      browser.execute(
        () =>
          document.querySelectorAll('[data-testid="pack-findings"] [data-kind="undecided"] li')
            .length,
      );
    assert.equal(await drawn(), 0);
    await undecided.$('summary').click();
    await browser.waitUntil(async () => (await drawn()) > 0, { timeout: 10_000 });
    assert.ok((await drawn()) <= 91);
    await browser.waitUntil(
      async () => {
        await browser.execute(() =>
          document.querySelector('[data-testid="pack-findings-more-undecided"]')?.click(),
        );
        return (await drawn()) === 91;
      },
      { timeout: 10_000, timeoutMsg: 'the open group never drew all its items' },
    );
    assert.equal(
      await browser.$('[data-testid="pack-findings-more-undecided"]').isExisting(),
      false,
    );
    await undecided.$('summary').click();
    await noOwner.$('summary').click();
    assert.match(await noOwner.getText(), /A\.5\.1/);
    // Narrowing the pack to A.8.13 leaves nothing to flag but the missing documents.
    await browser.$('[data-testid="pack-controls"]').setValue('A.8.13');
    await browser.waitUntil(
      async () => !(await findings.$('li[data-kind="no_owner"]').isExisting()),
      { timeout: 10_000, timeoutMsg: 'the check did not follow the chosen controls' },
    );
    // Emptied as a user does (select all, delete), so the page hears the input.
    await browser.$('[data-testid="pack-controls"]').click();
    await browser.keys(['Control', 'a']);
    await browser.keys('Backspace');
    await browser.waitUntil(async () => await findings.$('li[data-kind="no_owner"]').isExisting(), {
      timeout: 10_000,
      timeoutMsg: 'the check did not come back to all controls',
    });
    await screenshot(browser, 'pack-0-findings');
  });

  it('exports a pack whose fingerprint the CLI confirms, and never replaces a file unasked', async () => {
    const { browser } = app;
    await browser.$('[data-testid="pack-dest"]').setValue(pack);
    // GTK's file dialog watches the folder it shows and opens each file that changes there to
    // guess its type; closing that file drops the window's SQLite locks on the workspace, so a
    // CLI could roll back the window's change mid-write. The dialog is seen watching the
    // workspace's folder while it is open, and once it has answered nothing may watch it.
    const pid = appPid(app.dataHome);
    assert.ok(pid, 'the app process was not found');
    const folder = statSync(dir, { bigint: true }).ino;
    await browser.$('[data-testid="pack-export"]').click();
    await browser.waitUntil(async () => watchedInodes(pid).has(folder), {
      timeout: 10_000,
      timeoutMsg: 'the open file dialog was not seen watching its folder',
    });
    await confirmNativeDialog('Annexa — write the audit pack');
    const fingerprint = await browser.$('[data-testid="pack-fingerprint"]');
    await fingerprint.waitForExist({ timeout: 30_000 });
    await browser.waitUntil(async () => !watchedInodes(pid).has(folder), {
      timeout: 10_000,
      timeoutMsg: "a closed file dialog still watches the workspace's folder",
    });
    const shown = await fingerprint.getText();
    assert.match(shown, /^[0-9a-f]{64}$/);
    const verified = cli(workspace, 'verify', pack, '--expect', shown);
    assert.match(verified, /^OK: /);
    await screenshot(browser, 'pack-1-exported');

    const before = readFileSync(pack);
    await browser.$('[data-testid="pack-export"]').click();
    const error = await browser.$('[data-testid="pack-export-error"]');
    await error.waitForExist({ timeout: 10_000 });
    assert.match(await error.getText(), /already a file/);
    assert.deepEqual(readFileSync(pack), before);

    // Asked to replace it, Rust asks the user in a native dialog first: cancelled, nothing
    // changes; confirmed, the new state replaces the pack.
    cli(workspace, 'set', 'A.5.1', '--status', 'implemented');
    await browser.$('[data-testid="pack-overwrite"]').click();
    await browser.$('[data-testid="pack-export"]').click();
    await cancelNativeDialog('Annexa — replace the file?');
    await browser.waitUntil(async () => /was not replaced/.test(await error.getText()), {
      timeout: 10_000,
      timeoutMsg: 'cancelling the replacement was not reported',
    });
    assert.deepEqual(readFileSync(pack), before);
    await browser.$('[data-testid="pack-export"]').click();
    await confirmNativeDialog('Annexa — replace the file?');
    await browser.waitUntil(
      async () => (await fingerprint.isExisting()) && (await fingerprint.getText()) !== shown,
      { timeout: 30_000, timeoutMsg: 'the confirmed replacement never finished' },
    );
    assert.notDeepEqual(readFileSync(pack), before);
    assert.match(cli(workspace, 'verify', pack), /^OK: /);
    await browser.$('[data-testid="pack-overwrite"]').click();
  });

  it("enters the auditor's own mode, apart from the workspace", async () => {
    const { browser } = app;
    // From the Audit pack view: the OS dialog asks for the pack at once (cancelled here: the
    // path is typed below instead), and the window is in the auditor's mode, read-only.
    await browser.$('[data-testid="pack-review"]').click();
    await cancelNativeDialog('Annexa — open an audit pack');
    const mode = await browser.$('[data-testid="review-mode"]');
    await mode.waitForExist({ timeout: 5_000 });
    assert.match(await mode.getText(), /Auditor's mode · read-only\s+No pack open/);
    assert.equal(await browser.$('[data-testid="view-title"]').getText(), 'Audit pack review');
    // The workspace is not named, nor are its views offered, while reviewing.
    assert.equal(await browser.$('[data-testid="workspace"]').isExisting(), false);
    assert.equal(await browser.$('[data-testid="view-assessment"]').isDisplayed(), false);
    assert.match(
      await browser.$('[data-testid="leave-review"]').getText(),
      /Back to Pack & Partners <Ltd>/,
    );
  });

  it('opens the pack as an auditor and opens its evidence from the manifest', async () => {
    const { browser } = app;
    await browser.$('[data-testid="pack-open-path"]').setValue(pack);
    await browser.$('[data-testid="pack-open"]').click();
    await confirmNativeDialog('Annexa — open an audit pack');
    const ok = await browser.$('[data-testid="pack-verified"]');
    await ok.waitForExist({ timeout: 30_000 });
    assert.match(await ok.getText(), /Verified\. All \d+ files/);
    // The sidebar and the window's title name the pack's organisation.
    assert.match(await browser.$('[data-testid="review-mode"]').getText(), /Pack & Partners <Ltd>/);
    assert.equal(await browser.getTitle(), "Pack & Partners <Ltd>'s audit pack — Annexa");
    assert.deepEqual(await accessibilityProblems(browser), [], 'axe-core on a verified pack');
    const auditor = await browser.$('[data-testid="pack-auditor"]');
    assert.match(await auditor.getText(), /Pack & Partners <Ltd>/);
    assert.equal((await browser.$$('[data-testid="pack-soa"] tbody tr')).length, 93);
    const control = await browser.$('[data-testid="pack-control-A.8.13"]');
    await control.scrollIntoView({ block: 'center' });
    await control.click();
    const detail = await browser.$('[data-testid="pack-control-detail"]');
    await detail.waitForExist({ timeout: 10_000 });
    assert.match(await detail.getText(), /Bea Backup/);
    assert.match(await detail.getText(), /Backup policy/);
    await detail.$('button.link').click();
    const copy = join(dir, 'opened.copy');
    await browser.waitUntil(async () => existsSync(join(dir, 'opened.path')), {
      timeout: 10_000,
      timeoutMsg: 'the evidence file never reached the default application',
    });
    assert.equal(readFileSync(copy, 'utf8'), policyText);
    await screenshot(browser, 'pack-2-auditor');
  });

  it('says who signed a pack, with which key, and whether it checks', async () => {
    const { browser } = app;
    const pass = join(dir, 'pass.txt');
    writeFileSync(pass, 'the passphrase of Pack & Partners\n');
    const prefix = join(dir, 'signing');
    cli(
      workspace,
      'keys',
      'generate',
      '--name',
      'Pack & Partners ISMS',
      '--out',
      prefix,
      '--passphrase-file',
      pass,
    );
    const signed = join(dir, 'signed.zip');
    cli(
      workspace,
      'export',
      signed,
      '-q',
      '--sign',
      '--key',
      `${prefix}.key`,
      '--passphrase-file',
      pass,
    );
    const keyId = /key ID ([0-9A-F]{16})/.exec(readFileSync(`${prefix}.pub`, 'utf8'))[1];
    await browser.$('[data-testid="pack-open-path"]').setValue(signed);
    await browser.$('[data-testid="pack-open"]').click();
    await confirmNativeDialog('Annexa — open an audit pack');
    const signature = await browser.$('[data-testid="pack-signature"]');
    await browser.waitUntil(async () => /Signed with key ID/.test(await signature.getText()), {
      timeout: 30_000,
      timeoutMsg: 'the signature was not shown',
    });
    const text = await signature.getText();
    assert.ok(text.includes(keyId), text);
    assert.match(text, /signed by Pack & Partners ISMS/);
    assert.match(text, /matches the key in the pack/);
    await screenshot(browser, 'pack-3-signed');
  });

  it('shows a tampered pack as failing, naming the changed file', async () => {
    const { browser } = app;
    const tampered = join(dir, 'tampered.zip');
    execFileSync('python3', [
      '-c',
      `import sys, zipfile
zin = zipfile.ZipFile(sys.argv[1]); zout = zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED)
for i in zin.infolist():
    data = zin.read(i.filename)
    if i.filename.startswith("evidence/"): data = data.replace(b"nightly", b"weekly!")
    zout.writestr(i.filename, data)
zout.close()`,
      pack,
      tampered,
    ]);
    // The toasts of the packs verified before are dismissed, so that any toast is this one's.
    for (const close of await browser.$$('[data-testid="toast"] button')) await close.click();
    await browser.$('[data-testid="pack-open-path"]').setValue(tampered);
    await browser.$('[data-testid="pack-open"]').click();
    await confirmNativeDialog('Annexa — open an audit pack');
    const failed = await browser.$('[data-testid="pack-verify-failed"]');
    await failed.waitForExist({ timeout: 30_000 });
    assert.match(await failed.getText(), /changed evidence\/A\.8\.13\/Backup policy\.txt/);
    assert.match(await failed.getText(), /^Untrusted: this pack is not the pack that was sent/);
    // Said at the top of the view, before anything else, and never as a cheerful "done".
    const top = await browser.execute(
      () =>
        document.querySelector('[data-testid="pack-verify-failed"]').getBoundingClientRect().top,
    );
    assert.ok(top < 200, `the failure is ${top} px down the window`);
    const toasts = await browser.$('[data-testid="toasts"]').getText();
    assert.doesNotMatch(toasts, /Verifying the audit pack: done/);
    // What the pack says is hidden; shown on request, it is marked untrusted.
    assert.equal(await browser.$('[data-testid="pack-auditor"]').isExisting(), false);
    await browser.$('[data-testid="pack-show-untrusted"]').click();
    const mark = await browser.$('[data-testid="pack-untrusted-mark"]');
    await mark.waitForExist({ timeout: 5_000 });
    assert.match(await mark.getText(), /^Untrusted content/);
    assert.deepEqual(await accessibilityProblems(browser), [], 'axe-core on a tampered pack');
    await screenshot(browser, 'pack-3-tampered');

    // Not a zip at all: a clear error, nothing shown as verified.
    const junk = join(dir, 'junk.zip');
    writeFileSync(junk, 'not a zip');
    await browser.$('[data-testid="pack-open-path"]').setValue(junk);
    await browser.$('[data-testid="pack-open"]').click();
    await confirmNativeDialog('Annexa — open an audit pack');
    const error = await browser.$('[data-testid="pack-open-error"]');
    await error.waitForExist({ timeout: 10_000 });
    assert.match(await error.getText(), /not a zip file/);
    assert.equal(await browser.$('[data-testid="pack-verified"]').isExisting(), false);
  });

  it('checks the fingerprint the sender gave apart from the pack', async () => {
    const { browser } = app;
    const right = cli(workspace, 'verify', pack, '--format', 'json');
    const fingerprint = JSON.parse(right).fingerprint;
    const wrong = fingerprint.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const open = async (expected) => {
      await browser.$('[data-testid="pack-open-path"]').setValue(pack);
      await browser.$('[data-testid="pack-expect"]').setValue(expected);
      // Chosen in the dialog before, the pack is not asked for again.
      await browser.$('[data-testid="pack-open"]').click();
    };
    await open(wrong);
    const failed = await browser.$('[data-testid="pack-verify-failed"]');
    await failed.waitForExist({ timeout: 30_000 });
    assert.match(await failed.getText(), new RegExp(`but ${wrong} was expected`));
    // Pasted with spaces around it and in capitals, the right one matches.
    await open(`  ${fingerprint.toUpperCase()} `);
    const ok = await browser.$('[data-testid="pack-verified"]');
    await ok.waitForExist({ timeout: 30_000 });
    assert.match(await ok.getText(), /The fingerprint matches the one you typed/);
    await browser.$('[data-testid="pack-expect"]').clearValue();
    // Leaving the auditor's mode goes back to the workspace, named again in the sidebar.
    await browser.$('[data-testid="leave-review"]').click();
    await browser.$('[data-testid="workspace"]').waitForExist({ timeout: 5_000 });
    assert.equal(await browser.$('[data-testid="review-mode"]').isExisting(), false);
    assert.equal(await browser.$('[data-testid="view-title"]').getText(), 'Audit pack');
  });

  it('offers to review a pack given as a workspace', async () => {
    const { browser } = app;
    await browser.keys(['Alt', '9']);
    await browser.$('[data-testid="open-path"]').setValue(pack);
    // Chosen before (as a pack), it is not asked for again.
    await browser.$('[data-testid="open-path"]').parentElement().$('button').click();
    const error = await browser.$('[data-testid="workspace-menu-error"]');
    await error.waitForExist({ timeout: 10_000 });
    assert.match(await error.getText(), /It looks like an audit pack/);
    await browser.$('[data-testid="open-as-pack"]').click();
    // Chosen already, it is verified without asking again.
    const ok = await browser.$('[data-testid="pack-verified"]');
    await ok.waitForExist({ timeout: 30_000 });
    assert.match(await browser.$('[data-testid="review-mode"]').getText(), /Pack & Partners <Ltd>/);
    await browser.$('[data-testid="leave-review"]').click();
    await browser.$('[data-testid="workspace"]').waitForExist({ timeout: 5_000 });
  });
});

describe('the board report, once saved', () => {
  it('opens in the default application, or shows its folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'annexa-e2e-board-'));
    const workspace = join(dir, 'board.annexa');
    cli(workspace, 'init', workspace, '--org', 'Board & Co');
    const app = await launch({
      env: { ANNEXA_WORKSPACE: workspace, PATH: `${fakeOpener(dir)}:${process.env.PATH}` },
    });
    try {
      const { browser } = app;
      await browser.keys(['Alt', '1']);
      await browser.$('[data-testid="board-report"]').click();
      await confirmNativeDialog('Annexa — save the board report');
      const open = await browser.$('[data-testid="board-report-open"]');
      await open.waitForExist({ timeout: 20_000 });
      const saved = await browser.$('[data-testid="board-report-saved"]').getAttribute('title');
      assert.ok(existsSync(saved) && saved.endsWith('.pdf'), saved);
      const opened = join(dir, 'opened.path');
      await open.click();
      await browser.waitUntil(async () => existsSync(opened), {
        timeout: 10_000,
        timeoutMsg: 'the report was not handed to the default application',
      });
      assert.equal(readFileSync(opened, 'utf8'), saved);
      rmSync(opened);
      await browser.$('[data-testid="board-report-folder"]').click();
      await browser.waitUntil(async () => existsSync(opened), {
        timeout: 10_000,
        timeoutMsg: 'the folder was not handed to the file manager',
      });
      assert.equal(readFileSync(opened, 'utf8'), join(saved, '..'));
    } finally {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a pack opened with Annexa from the file manager', () => {
  it("opens in the auditor's mode, beside the usual workspace", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'annexa-e2e-startpack-'));
    const workspace = join(dir, 'own.annexa');
    const pack = join(dir, 'received.zip');
    try {
      cli(workspace, 'init', workspace, '--org', 'Auditor & Co');
      const sender = join(dir, 'sender.annexa');
      cli(sender, 'init', sender, '--example');
      cli(sender, 'export', pack, '-q');
      // As the desktop entry's Exec line passes it: the pack's path as the one argument.
      const app = await launch({ env: { ANNEXA_WORKSPACE: workspace }, args: [pack] });
      try {
        const { browser } = app;
        const ok = await browser.$('[data-testid="pack-verified"]');
        await ok.waitForExist({ timeout: 30_000 });
        assert.match(await browser.$('[data-testid="review-mode"]').getText(), /Example Ltd/);
        await browser.$('[data-testid="leave-review"]').click();
        const header = await browser.$('[data-testid="workspace"]');
        await header.waitForExist({ timeout: 5_000 });
        assert.match(await header.getText(), /Auditor & Co/);
      } finally {
        await app.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
