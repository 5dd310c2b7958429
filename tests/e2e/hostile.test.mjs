// Hostile text in every text field the window has: markup and script (`<img onerror>`,
// `<script>`), template syntax (`{{7*7}}`, `${7*7}`), a right-to-left override, a
// `javascript:` address and a 10,000-character string, typed into the window as a person
// would. The list of fields is read from the typed IPC bindings (every free-text field of an
// input type the window sends, and every text a command takes), so a field added to them
// fails this test until it is swept. Then the window (every view), the pack's index.html in a
// plain browser, its CSV and XLSX, and the board report's PDF must show the text as text and
// run nothing.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ROOT, assessmentRow, chromium, cli, launch, screenshot, settle } from './harness.mjs';
import { cancelNativeDialog, confirmNativeDialog } from './native-dialog.mjs';

/** Text fields of the bindings that are not typed free text, and why. */
const NOT_FREE_TEXT = {
  'ActionInputView.controls': 'control ids, checked against the catalogue',
  'EvidenceInputView.controls': 'control ids, checked against the catalogue',
  'EvidenceInputView.clauses': 'clause ids, checked against the catalogue',
  'ActionInputView.due_date': 'a date, checked as YYYY-MM-DD before it is sent',
  'NewWorkspaceView.target_date': 'a date, checked as YYYY-MM-DD before it is sent',
  'EvidenceInputView.issued_on': 'a date, checked as YYYY-MM-DD before it is sent',
  'EvidenceInputView.valid_until': 'a date, checked as YYYY-MM-DD before it is sent',
  'ControlEdit.target_date': 'a date, checked as YYYY-MM-DD before it is sent',
  'NewWorkspaceView.path': 'a path, confirmed in an OS dialog',
  'openWorkspace.path': 'a path, confirmed in an OS dialog',
  'importEvidenceFolder.folder': 'a path, confirmed in an OS dialog',
  'addEvidenceVersion.path': 'a path, confirmed in an OS dialog',
  'exportEvidence.dest': 'a path, confirmed in an OS dialog',
  'exportPack.dest': 'a path, confirmed in an OS dialog',
  'writeBoardReport.dest': 'a path, confirmed in an OS dialog',
  'openPack.path': 'a path, confirmed in an OS dialog',
  'openPackFile.path': 'a path, confirmed in an OS dialog',
  'openBoardReport.path': 'the path of the report just saved, chosen in an OS dialog',
  'pickExportPath.suggested': 'a file name the window suggests to the OS dialog',
  'pickReportToWrite.folder': 'a folder the window suggests to the OS dialog',
  'pickReportToWrite.suggested': 'a file name the window suggests to the OS dialog',
  'pickPackToWrite.suggested': 'a file name the window suggests to the OS dialog',
  'setControl.id': 'picks a control that exists',
  'setClause.id': 'picks a clause that exists',
  'setDocument.id': 'picks a document that exists',
  'history.subject': 'picks a subject that exists',
  'personWork.name': 'picks a person who exists',
  'compareSnapshots.from': 'picks a snapshot that exists',
  'compareSnapshots.to': 'picks a snapshot that exists',
  'openPackFile.entry': 'picks a file the pack lists',
  'evidenceText.sha256': 'picks stored content by its hash',
  'evidenceUrl.sha256': 'picks stored content by its hash',
  'RiskInputView.owner': 'picks a person who exists',
  'RiskInputView.next_review': 'a date, checked as YYYY-MM-DD before it is sent',
  'RiskInputView.add_assets': 'picks an asset that exists',
  'RiskInputView.remove_assets': 'picks an asset the risk has',
  'RiskInputView.add_controls': 'control ids, checked against the catalogue',
  'RiskInputView.remove_controls': 'picks a control the risk has',
  'DecisionInputView.by': 'picks a person who exists',
  'DecisionInputView.until': 'a date, checked as YYYY-MM-DD before it is sent',
  'AssetInputView.owner': 'picks a person who exists',
  'updateRisk.id': 'picks a risk that exists',
  'rerateRisk.id': 'picks a risk that exists',
  'decideRisk.id': 'picks a risk that exists',
  'setRiskMethod.preset': 'picks one of the presets',
  'setRiskMethod.adoptedBy': 'picks a person who exists',
  'addOwnControl.reference': "an id of letters, digits, '.', '-' or '_': anything else is refused",
  'updateOwnControl.reference': 'picks a control that exists',
};

/** Every text the window can send to Rust, as `Type.field` or `ipcFunction.parameter`. */
function textFields() {
  const noDocs = (t) => t.replace(/\/\*\*[\s\S]*?\*\//g, '');
  const bindings = noDocs(readFileSync(join(ROOT, 'ui/src/lib/bindings.ts'), 'utf8'));
  const ipc = noDocs(readFileSync(join(ROOT, 'ui/src/lib/ipc.ts'), 'utf8'));
  const fields = [];
  for (const m of bindings.matchAll(/export type (\w+) = \{([^;]*?)\};/g)) {
    if (!/InputView$|^NewWorkspaceView$/.test(m[1])) continue;
    for (const f of m[2].matchAll(/(\w+)\??: ([^,]+),/g)) {
      if (/\bstring\b/.test(f[2])) fields.push(`${m[1]}.${f[1]}`);
    }
  }
  const edits = /export type ControlEdit = ([^;]*);/.exec(bindings)[1];
  for (const f of edits.matchAll(/"field": "(\w+)", "value": ([^}]+) \}/g)) {
    if (/\bstring\b/.test(f[2])) fields.push(`ControlEdit.${f[1]}`);
  }
  for (const m of ipc.matchAll(/export (?:async )?function (\w+)\(([^)]*)\)/g)) {
    for (const p of m[2].split(',')) {
      const [name, type] = p.split(':').map((x) => x?.trim());
      if (type && /^string( \| null)?$/.test(type)) fields.push(`${m[1]}.${name}`);
    }
  }
  return fields.filter((f) => !(f in NOT_FREE_TEXT)).sort();
}

/** The hostile text for one field: each field's own tag, to find it again everywhere. */
const hostile = (tag) =>
  `<img src=x onerror="window.__annexaPwned='${tag}'"><script>window.__annexaPwned='${tag}'</script>` +
  `{{7*7}} \${7*7} <b>bold</b> \u202E${tag}`;

/** 10,000 characters, with markup in them. */
const LONG = (tag) => {
  const head = `${tag} <i>long</i> `;
  return head + 'x'.repeat(10_000 - head.length);
};

/** Fields that name a person: a name is at most 200 characters, longer ones are refused. */
const NAMES = new Set([
  'PersonInputView.name',
  'ActionInputView.assignee',
  'ControlEdit.owner',
  'ControlEdit.contributors',
  'ClauseInputView.owner',
  'EvidenceInputView.provided_by',
]);
const NAME_REFUSED = 'at most 200 are allowed';
const tooLong = (field, value) => NAMES.has(field) && value.trim().length > 200;

/**
 * What is typed into `field` in a round: the round's text, except where the field takes only
 * an address (a link), which gets the text in its query, without spaces (no address has one).
 */
function valueFor(field, text) {
  if (field === 'addEvidenceLink.url') {
    return `https://intranet.example/?q=${text.replaceAll(' ', '').slice(0, 2000)}`;
  }
  return text;
}

describe('hostile text in every field of the window', () => {
  let app;
  let dir;
  let workspace;
  let typed = {};

  const json = (...args) => JSON.parse(cli(workspace, ...args, '--format', 'json'));

  /** Types `text` into `el` as a person does; very long text is pasted (set and announced). */
  async function type(browser, el, text) {
    await el.scrollIntoView({ block: 'center' });
    if (text.length > 300 || text === '') {
      await browser.execute(
        (e, t) => {
          e.focus();
          e.value = t;
          e.dispatchEvent(new Event('input', { bubbles: true }));
        },
        el,
        text,
      );
    } else {
      await el.setValue(text);
    }
  }

  /** Types into the field and leaves it, so that a field saved on change saves. */
  async function typeAndLeave(browser, el, text) {
    await type(browser, el, text);
    await browser.execute((e) => {
      e.dispatchEvent(new Event('change', { bubbles: true }));
      e.blur();
    }, el);
  }

  const field = (browser, name) => browser.$(`[data-field="${name}"]`);

  async function view(browser, id) {
    await browser.$(`[data-testid="view-${id}"]`).click();
  }

  async function until(browser, check, what) {
    try {
      await browser.waitUntil(check, { timeout: 10_000, timeoutMsg: what });
    } catch (e) {
      // What the window showed when it did not do what was expected, to look at.
      await screenshot(browser, `hostile-failed-${what.replace(/\W+/g, '-')}`).catch(() => {});
      throw e;
    }
  }

  /** Waits until `stored()` holds, or, when `refused`, until the window says `NAME_REFUSED`. */
  async function savedOrRefused(browser, refused, stored, what) {
    if (refused) {
      await until(
        browser,
        async () => (await browser.execute(() => document.body.innerText)).includes(NAME_REFUSED),
        `${what}: a name too long was not refused in words`,
      );
      assert.ok(!(await stored()), `${what}: a name too long was stored`);
    } else {
      await until(browser, stored, what);
    }
  }

  /**
   * How each field is reached and saved in the window, and read back from the file. Each
   * form covers the fields it saves together; `values` maps each field to its text.
   */
  const FORMS = [
    {
      fields: ['NewWorkspaceView.organisation', 'NewWorkspaceView.scope'],
      async fill(browser, v, round) {
        await view(browser, 'workspaces');
        await browser.$('[data-testid="start-new"]').click();
        const form = await browser.$('[data-testid="create-form"]');
        await form.waitForDisplayed({ timeout: 10_000 });
        workspace = join(dir, `hostile-${round}.annexa`);
        await form.$('summary').click();
        await type(browser, await browser.$('[data-testid="create-path"]'), workspace);
        await type(
          browser,
          await field(browser, 'NewWorkspaceView.organisation'),
          v['NewWorkspaceView.organisation'],
        );
        await type(
          browser,
          await field(browser, 'NewWorkspaceView.scope'),
          v['NewWorkspaceView.scope'],
        );
        await form.$('button[type="submit"]').click();
        await confirmNativeDialog('Annexa — create a workspace');
        await until(
          browser,
          async () => {
            try {
              return json('info').organisation === v['NewWorkspaceView.organisation'];
            } catch {
              return false;
            }
          },
          'the hostile workspace was not created as typed',
        );
        assert.equal(json('info').scope, v['NewWorkspaceView.scope']);
      },
    },
    {
      fields: ['setUserName.name'],
      async fill(browser, v) {
        await view(browser, 'workspaces');
        const input = await field(browser, 'setUserName.name');
        await type(browser, input, v['setUserName.name']);
        await (await input.parentElement()).$('button[type="submit"]').click();
        const prefs = join(app.dataHome, 'config', 'annexa', 'preferences.json');
        await until(
          browser,
          async () => {
            try {
              return JSON.parse(readFileSync(prefs, 'utf8')).user_name === v['setUserName.name'];
            } catch {
              return false;
            }
          },
          'the name in the history was not saved as typed',
        );
      },
    },
    {
      fields: ['PersonInputView.name', 'PersonInputView.role', 'PersonInputView.email'],
      async fill(browser, v) {
        await view(browser, 'people');
        await type(
          browser,
          await field(browser, 'PersonInputView.name'),
          v['PersonInputView.name'],
        );
        await type(
          browser,
          await field(browser, 'PersonInputView.role'),
          v['PersonInputView.role'],
        );
        const email = await field(browser, 'PersonInputView.email');
        await type(browser, email, v['PersonInputView.email']);
        // An e-mail field takes only an address: the window refuses the text, visibly.
        assert.equal(await browser.execute((e) => e.checkValidity(), email), false);
        await type(browser, email, 'hostile@example.com');
        await browser.$('[data-testid="person-form"] button[type="submit"]').click();
        await savedOrRefused(
          browser,
          tooLong('PersonInputView.name', v['PersonInputView.name']),
          async () =>
            json('people', 'list').some(
              (p) => p.name === v['PersonInputView.name'] && p.role === v['PersonInputView.role'],
            ),
          'the person was not saved as typed',
        );
      },
    },
    {
      fields: ['ActionInputView.title', 'ActionInputView.assignee'],
      async fill(browser, v) {
        await view(browser, 'actions');
        await type(
          browser,
          await field(browser, 'ActionInputView.title'),
          v['ActionInputView.title'],
        );
        await type(
          browser,
          await field(browser, 'ActionInputView.assignee'),
          v['ActionInputView.assignee'],
        );
        await browser.$('[data-testid="action-form"] button[type="submit"]').click();
        await savedOrRefused(
          browser,
          tooLong('ActionInputView.assignee', v['ActionInputView.assignee']),
          async () =>
            json('actions', 'list').some(
              (a) =>
                a.title === v['ActionInputView.title'] &&
                a.assignee === v['ActionInputView.assignee'],
            ),
          'the action was not saved as typed',
        );
      },
    },
    {
      fields: ['ControlEdit.justification'],
      async fill(browser, v) {
        await view(browser, 'assessment');
        const r = await assessmentRow(browser, 'A.8.25');
        await r.$('button[data-testid="applicable"]').click();
        const select = await r.$('[data-testid="applicable-edit"]');
        await select.waitForExist({ timeout: 5_000 });
        await select.selectByAttribute('value', 'no');
        const input = await browser.$(
          '[data-testid="exclusion-form"] [data-field="ControlEdit.justification"]',
        );
        await input.waitForExist({ timeout: 5_000 });
        await type(browser, input, v['ControlEdit.justification']);
        await browser.$('[data-testid="exclusion-form"] button[type="submit"]').click();
        await until(
          browser,
          async () =>
            json('controls').find((c) => c.id === 'A.8.25').justification ===
            v['ControlEdit.justification'],
          'the justification was not saved as typed',
        );
      },
    },
    {
      fields: ['ControlEdit.owner'],
      async fill(browser, v) {
        await view(browser, 'assessment');
        const r = await assessmentRow(browser, 'A.5.2');
        const name = await r.$('button.control');
        await name.scrollIntoView({ block: 'center' });
        await browser.execute((el) => el.focus(), name);
        await browser.keys('o');
        const input = await r.$('[data-field="ControlEdit.owner"]');
        await input.waitForExist({ timeout: 5_000 });
        await type(browser, input, v['ControlEdit.owner']);
        await browser.execute(
          (e) => e.dispatchEvent(new Event('change', { bubbles: true })),
          input,
        );
        await savedOrRefused(
          browser,
          tooLong('ControlEdit.owner', v['ControlEdit.owner']),
          async () =>
            json('controls').find((c) => c.id === 'A.5.2').owner === v['ControlEdit.owner'].trim(),
          'the owner was not saved as typed',
        );
        if (tooLong('ControlEdit.owner', v['ControlEdit.owner'])) await browser.keys('Escape');
      },
    },
    {
      // Contributors last: a refused field's message stays until the next change saves.
      fields: ['ControlEdit.current_state', 'ControlEdit.gap', 'ControlEdit.contributors'],
      async fill(browser, v) {
        await view(browser, 'assessment');
        const r = await assessmentRow(browser, 'A.5.1');
        await r.$('button.control').scrollIntoView({ block: 'center' });
        await r.$('button.control').click();
        const gap = await field(browser, 'ControlEdit.gap');
        await gap.waitForExist({ timeout: 5_000 });
        for (const f of this.fields) await typeAndLeave(browser, await field(browser, f), v[f]);
        await until(
          browser,
          async () => {
            const c = json('controls').find((x) => x.id === 'A.5.1');
            return (
              c.gap === v['ControlEdit.gap'] && c.current_state === v['ControlEdit.current_state']
            );
          },
          'the control detail was not saved as typed',
        );
        await savedOrRefused(
          browser,
          tooLong('ControlEdit.contributors', v['ControlEdit.contributors']),
          async () =>
            json('controls')
              .find((x) => x.id === 'A.5.1')
              .contributors.includes(v['ControlEdit.contributors'].trim()),
          'the contributors were not saved as typed',
        );
      },
    },
    {
      fields: ['ClauseInputView.owner', 'ClauseInputView.notes'],
      async fill(browser, v) {
        await view(browser, 'clauses');
        await browser.$('[data-testid="clause-list"]').waitForExist({ timeout: 5_000 });
        for (const row of await browser.$$('[data-testid="clause-row"]')) {
          if ((await row.getText()).startsWith('6.1.2')) {
            await row.scrollIntoView({ block: 'center' });
            await row.click();
            break;
          }
        }
        const owner = await field(browser, 'ClauseInputView.owner');
        await owner.waitForExist({ timeout: 5_000 });
        await typeAndLeave(
          browser,
          await field(browser, 'ClauseInputView.notes'),
          v['ClauseInputView.notes'],
        );
        await until(
          browser,
          async () =>
            json('clauses', 'list').find((x) => x.id === '6.1.2').notes ===
            v['ClauseInputView.notes'],
          'the clause notes were not saved as typed',
        );
        await typeAndLeave(browser, owner, v['ClauseInputView.owner']);
        await savedOrRefused(
          browser,
          tooLong('ClauseInputView.owner', v['ClauseInputView.owner']),
          async () =>
            json('clauses', 'list').find((x) => x.id === '6.1.2').owner ===
            v['ClauseInputView.owner'].trim(),
          'the clause owner was not saved as typed',
        );
      },
    },
    {
      fields: ['addEvidenceLink.url', 'addEvidenceLink.note'],
      async fill(browser, v, round) {
        await view(browser, 'evidence');
        await browser.$('[data-testid="evidence-add-link"]').click();
        const url = await field(browser, 'addEvidenceLink.url');
        await url.waitForExist({ timeout: 5_000 });
        // A `javascript:` address is refused in words, and nothing is stored.
        await type(browser, url, "javascript:window.__annexaPwned='link'");
        await type(
          browser,
          await field(browser, 'addEvidenceLink.note'),
          v['addEvidenceLink.note'],
        );
        await type(
          browser,
          await browser.$('[data-testid="evidence-form"] input[placeholder^="A.5.15"]'),
          'A.5.1',
        );
        await browser.$('[data-testid="evidence-form"] button[type="submit"]').click();
        const error = await browser.$('[data-testid="evidence-error"]');
        await error.waitForExist({ timeout: 5_000 });
        assert.match(await error.getText(), /not a link Annexa can record/);
        // An address that is one, with the hostile text in its query.
        await type(browser, url, v['addEvidenceLink.url']);
        await type(
          browser,
          await browser.$('[data-testid="evidence-form"] [data-field="EvidenceInputView.title"]'),
          `Link ${round}`,
        );
        await browser.$('[data-testid="evidence-form"] button[type="submit"]').click();
        await until(
          browser,
          async () =>
            json('evidence', 'list').some(
              (e) =>
                e.url === v['addEvidenceLink.url'] && e.body === v['addEvidenceLink.note'].trim(),
            ),
          'the link was not saved as typed',
        );
      },
    },
    {
      fields: ['addEvidenceNote.text'],
      async fill(browser, v) {
        await view(browser, 'evidence');
        const open = await browser.$('button=Add note');
        await open.click();
        const text = await field(browser, 'addEvidenceNote.text');
        await text.waitForExist({ timeout: 5_000 });
        await type(browser, text, v['addEvidenceNote.text']);
        await type(
          browser,
          await browser.$('[data-testid="evidence-form"] input[placeholder^="A.5.15"]'),
          'A.5.1',
        );
        await browser.$('[data-testid="evidence-form"] button[type="submit"]').click();
        await until(
          browser,
          async () =>
            json('evidence', 'list').some((e) => e.body === v['addEvidenceNote.text'].trim()),
          'the note was not saved as typed',
        );
      },
    },
    {
      fields: [
        'EvidenceInputView.title',
        'EvidenceInputView.provided_by',
        'EvidenceInputView.description',
      ],
      async fill(browser, v) {
        await view(browser, 'evidence');
        const first = await browser.$('[data-testid="evidence-item"] .evidence-head button.link');
        await first.waitForExist({ timeout: 5_000 });
        const id = Number(
          await (await first.parentElement()).parentElement().getAttribute('data-id'),
        );
        await first.click();
        await browser.$('[data-testid="evidence-detail"]').$('button=Edit…').click();
        const title = await browser.$(
          '[data-testid="evidence-detail"] [data-field="EvidenceInputView.title"]',
        );
        await title.waitForExist({ timeout: 5_000 });
        for (const f of this.fields) {
          await type(
            browser,
            await browser.$(`[data-testid="evidence-detail"] [data-field="${f}"]`),
            v[f],
          );
        }
        await browser.$('[data-testid="evidence-detail"] form button[type="submit"]').click();
        if (v['EvidenceInputView.title'].length > 300) {
          // Titles and names have a length limit: said in words, nothing changed.
          const error = await browser.$('[data-testid="evidence-error"]');
          await error.waitForExist({ timeout: 5_000 });
          assert.match(await error.getText(), /(title is|name is) \d+ characters long/);
          return;
        }
        await until(
          browser,
          async () => {
            const e = json('evidence', 'show', String(id));
            return (
              e.title === v['EvidenceInputView.title'].trim() &&
              e.description === v['EvidenceInputView.description'].trim() &&
              e.provided_by === v['EvidenceInputView.provided_by'].trim()
            );
          },
          'the evidence was not saved as typed',
        );
      },
    },
    {
      fields: ['evidencePage.query'],
      async fill(browser, v) {
        await view(browser, 'evidence');
        const search = await field(browser, 'evidencePage.query');
        await type(browser, search, v['evidencePage.query']);
        await until(
          browser,
          async () => (await browser.$$('[data-testid="evidence-item"]')).length === 0,
          'a search for hostile text did not simply find nothing',
        );
        await type(browser, search, '');
      },
    },
    {
      fields: ['openPack.expect'],
      async fill(browser, v, round) {
        // The fingerprint an auditor pastes: compared, refused in words, shown as text.
        const pack = join(dir, `hostile-${round}.zip`);
        cli(workspace, 'export', pack, '-q', '--force', '--yes');
        await view(browser, 'pack');
        await browser.$('[data-testid="pack-review"]').click();
        await cancelNativeDialog('Annexa — open an audit pack');
        await type(browser, await browser.$('[data-testid="pack-open-path"]'), pack);
        await type(browser, await field(browser, 'openPack.expect'), v['openPack.expect']);
        await browser.$('[data-testid="pack-open"]').click();
        await confirmNativeDialog('Annexa — open an audit pack');
        const failed = await browser.$('[data-testid="pack-verify-failed"]');
        await failed.waitForExist({ timeout: 30_000 });
        const said = await browser.execute(
          () => document.querySelector('[data-testid="pack-problems"]').textContent,
        );
        assert.ok(
          // As Rust compares it: trimmed, ASCII letters in lower case.
          said.includes(
            `${v['openPack.expect'].trim().replace(/[A-Z]/g, (c) => c.toLowerCase())} was expected`,
          ),
          'the fingerprint typed is not said as typed',
        );
        assert.deepEqual(
          await browser.execute(() => [
            window.__annexaPwned ?? null,
            document.querySelectorAll('img[src="x"]').length,
          ]),
          [null, 0],
        );
        await browser.$('[data-testid="leave-review"]').click();
        await browser.$('[data-testid="workspace"]').waitForExist({ timeout: 5_000 });
      },
    },
    {
      fields: [
        'RiskInputView.title',
        'RiskInputView.scenario',
        'RiskInputView.threat',
        'RiskInputView.vulnerability',
        'DecisionInputView.note',
      ],
      async fill(browser, v, round) {
        // An owner to decide: added with the CLI, read by the window again (F5).
        cli(workspace, 'people', 'add', 'Risk Owner');
        await browser.keys('F5');
        await view(browser, 'risks');
        const titleField = await field(browser, 'RiskInputView.title');
        await titleField.waitForExist({ timeout: 10_000 });
        const add = async (title) => {
          await type(browser, titleField, title);
          await browser.$('[data-testid="risk-form-owner"]').selectByVisibleText('Risk Owner');
          await browser.$('[data-testid="risk-form"] button[type="submit"]').click();
        };
        let title = v['RiskInputView.title'];
        await add(title);
        if (title.trim().length > 300) {
          // A risk's title is one line of at most 300 characters: refused in words.
          await until(
            browser,
            async () =>
              (await browser.$('[data-testid="risks-error"]').isExisting()) &&
              /at most 300 characters/.test(
                await browser.$('[data-testid="risks-error"]').getText(),
              ),
            'a risk title too long was not refused in words',
          );
          assert.ok(!json('risks', 'list').some((r) => r.title === title.trim()));
          title = `A short title in the ${round} round`;
          await add(title);
        }
        await until(
          browser,
          async () => json('risks', 'list').some((r) => r.title === title),
          'the risk was not saved as typed',
        );
        const id = json('risks', 'list').find((r) => r.title === title).id;
        const drawer = await browser.$('[data-testid="risk-detail"]');
        await drawer.waitForExist({ timeout: 10_000 });
        for (const f of ['scenario', 'threat', 'vulnerability']) {
          await typeAndLeave(
            browser,
            await field(browser, `RiskInputView.${f}`),
            v[`RiskInputView.${f}`],
          );
        }
        await until(
          browser,
          async () => {
            const r = json('risks', 'list').find((x) => x.id === id);
            return (
              r.scenario === v['RiskInputView.scenario'] &&
              r.threat === v['RiskInputView.threat'] &&
              r.vulnerability === v['RiskInputView.vulnerability']
            );
          },
          'the scenario, threat or vulnerability was not saved as typed',
        );
        // The reason given with the acceptance of the residual risk.
        await type(
          browser,
          await field(browser, 'DecisionInputView.note'),
          v['DecisionInputView.note'],
        );
        await drawer.$('[data-testid="accept-residual"]').click();
        await until(
          browser,
          async () =>
            json('risks', 'list').find((x) => x.id === id).accepted_note ===
            v['DecisionInputView.note'],
          'the acceptance’s reason was not saved as typed',
        );
        await browser.keys('Escape');
      },
    },
    {
      fields: ['OwnControlInputView.title', 'OwnControlInputView.description'],
      async fill(browser, v, round) {
        await view(browser, 'risks');
        await browser.$('[data-testid="own-controls"] summary').click();
        const id = `OWN-${round}`;
        let title = v['OwnControlInputView.title'];
        const add = async () => {
          await type(browser, await browser.$('[data-testid="own-control-id"]'), id);
          await type(browser, await field(browser, 'OwnControlInputView.title'), title);
          await type(
            browser,
            await field(browser, 'OwnControlInputView.description'),
            v['OwnControlInputView.description'],
          );
          await browser.$('[data-testid="own-control-form"] button[type="submit"]').click();
        };
        await add();
        if (title.trim().length > 300) {
          // A control's title is one line of at most 300 characters: refused in words.
          await until(
            browser,
            async () =>
              (await browser.$('[data-testid="risks-error"]').isExisting()) &&
              /1 to 300 characters/.test(await browser.$('[data-testid="risks-error"]').getText()),
            'an own control title too long was not refused in words',
          );
          assert.deepEqual(json('own-controls', 'list'), []);
          title = `A short title in the ${round} round`;
          await add();
        }
        await until(
          browser,
          async () =>
            json('own-controls', 'list').some(
              (c) =>
                c.id === id &&
                c.title === title &&
                c.description === v['OwnControlInputView.description'],
            ),
          'the own control was not saved as typed',
        );
      },
    },
    {
      fields: ['AssetInputView.name'],
      async fill(browser, v) {
        await view(browser, 'risks');
        await browser.$('[data-testid="assets"] summary').click();
        await type(browser, await field(browser, 'AssetInputView.name'), v['AssetInputView.name']);
        await browser.$('[data-testid="asset-form"] button[type="submit"]').click();
        await until(
          browser,
          async () => json('assets', 'list').some((a) => a.name === v['AssetInputView.name']),
          'the asset was not saved as typed',
        );
      },
    },
    {
      fields: ['takeSnapshot.name'],
      async fill(browser, v) {
        await view(browser, 'snapshots');
        await type(browser, await field(browser, 'takeSnapshot.name'), v['takeSnapshot.name']);
        await browser.$('[data-testid="snapshot-form"] button[type="submit"]').click();
        await until(
          browser,
          async () =>
            json('snapshot', 'list').some((s) => s.name === v['takeSnapshot.name'].trim()),
          'the snapshot was not saved as typed',
        );
      },
    },
  ];

  before(async () => {
    app = await launch();
    dir = join(app.dataHome, 'hostile');
    mkdirSync(dir, { recursive: true });
    // Every policy violation the page reports (a blocked script or style) is kept to check.
    await app.browser.execute(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
  });

  after(async () => {
    await app?.stop();
  });

  it('knows how to type into every text field the bindings declare', () => {
    const swept = FORMS.flatMap((f) => f.fields).sort();
    assert.deepEqual(
      swept,
      textFields(),
      'a text field without a way to type into it here (add it to FORMS) or a way for a field that is gone',
    );
  });

  // The long round first: the markup round's workspace is the one the pack is made from.
  for (const [round, make] of [
    ['long', LONG],
    ['markup', hostile],
  ]) {
    it(`saves ${round} text typed into every field exactly, or refuses it in words`, async () => {
      const { browser } = app;
      typed = {};
      for (const [i, f] of textFields().entries()) {
        typed[f] = valueFor(f, make(`F${String(i).padStart(2, '0')}`));
      }
      for (const form of FORMS) {
        try {
          await form.fill(browser, typed, round);
        } catch (e) {
          await screenshot(browser, `hostile-failed-${round}-${form.fields[0]}`).catch(() => {});
          throw e;
        }
      }
      await screenshot(browser, `hostile-${round}`);
    });

    it(`shows the ${round} text as text in every view and runs nothing`, async () => {
      const { browser } = app;
      const views = await browser.$$('[data-testid^="view-"]');
      const ids = [];
      for (const v of views) ids.push((await v.getAttribute('data-testid')).slice(5));
      for (const id of ids) {
        await view(browser, id);
        await settle(browser);
        const state = await browser.execute(() => {
          // Where a right-to-left override sits in a line, the element holding it must be an
          // island of its own, so the override cannot reorder what follows it.
          const leaks = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const node = walker.currentNode;
            if (!node.textContent.includes('\u202E')) continue;
            const holder = node.parentElement;
            const style = getComputedStyle(holder);
            // An option's text is laid out on its own, in the list or the closed select.
            const block = !style.display.startsWith('inline') || holder.tagName === 'OPTION';
            if (!block && !style.unicodeBidi.includes('isolate')) {
              leaks.push(`${holder.tagName.toLowerCase()}.${holder.className}`);
            }
          }
          return {
            pwned: window.__annexaPwned ?? null,
            images: document.querySelectorAll('img[src="x"]').length,
            scripts: [...document.querySelectorAll('script')].filter((s) =>
              s.textContent.includes('__annexaPwned'),
            ).length,
            bold: [...document.querySelectorAll('b')].filter((b) => b.textContent === 'bold')
              .length,
            violations: window.__cspViolations.length,
            leaks,
            sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
          };
        });
        assert.deepEqual(
          state,
          {
            pwned: null,
            images: 0,
            scripts: 0,
            bold: 0,
            violations: 0,
            leaks: [],
            sideways: false,
          },
          `view ${id}`,
        );
      }
      if (round === 'long') {
        // The sidebar's workspace name takes at most three lines, and still reads as text.
        const { lines, name } = await browser.execute(() => {
          const org = document.querySelector('[data-testid="workspace"] .org');
          const line = org.querySelector('strong').getClientRects()[0].height;
          return { lines: org.getBoundingClientRect().height / line, name: org.textContent };
        });
        assert.ok(lines <= 3.05, `the sidebar's name takes ${lines.toFixed(1)} lines`);
        assert.equal(name, typed['NewWorkspaceView.organisation']);
      }
      if (round === 'markup') {
        await view(browser, 'people');
        assert.ok(
          (await browser.$('[data-testid="people-table"]').getText()).includes(
            '{{7*7}} ${7*7} <b>bold</b>',
          ),
        );
      }
    });
  }

  it('writes the same text inert into the pack, its CSV and XLSX, and the board report', async () => {
    const pack = join(dir, 'pack.zip');
    cli(workspace, 'export', pack, '-q', '--force', '--yes');
    const out = join(dir, 'pack');
    execFileSync('unzip', ['-q', '-o', pack, '-d', out]);
    // CSV: every cell holds the text as typed (gap and justification are in the gap register).
    const csv = execFileSync(
      'python3',
      [
        '-c',
        'import csv,json,sys; print(json.dumps([c for r in csv.reader(open(sys.argv[1], encoding="utf-8-sig")) for c in r]))',
        join(out, 'gap-register.csv'),
      ],
      { encoding: 'utf8' },
    );
    const cells = JSON.parse(csv);
    assert.ok(cells.includes(typed['ControlEdit.gap']), 'the gap is in the CSV as typed');
    // XLSX: the text is in the sheet, escaped as XML, never as markup.
    const sheet = execFileSync(
      'python3',
      [
        '-c',
        'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print("".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/")))',
        join(out, 'gap-register.xlsx'),
      ],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    assert.ok(!sheet.includes('<img src=x'), 'no raw markup in the XLSX');
    assert.ok(sheet.includes('&lt;img src=x'), 'the text is in the XLSX, escaped');
    // The board report: the text as text.
    const pdf = join(dir, 'board.pdf');
    cli(workspace, 'report', '--pdf', pdf, '--force', '--yes');
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    assert.ok(text.includes('{{7*7}}'), 'the board report shows the text');

    // index.html in a plain browser: nothing runs, nothing is markup, the text shows.
    const chrome = await chromium();
    const { browser } = chrome;
    try {
      await browser.url(pathToFileURL(join(out, 'index.html')).href);
      const state = await browser.execute(() => ({
        pwned: window.__annexaPwned ?? null,
        images: document.querySelectorAll('img[src="x"]').length,
        bold: [...document.querySelectorAll('b')].filter((b) => b.textContent === 'bold').length,
        shown: document.body.innerText.includes('{{7*7}} ${7*7} <b>bold</b>'),
        overrides: document.body.innerText.includes('\u202E'),
      }));
      assert.deepEqual(state, { pwned: null, images: 0, bold: 0, shown: true, overrides: false });
    } finally {
      await chrome.stop();
    }
  });
});
