// The risk register in the real window, at the smallest supported size (1024×700) and a
// laptop's (1440×900), with the CLI reading the same workspace file back: the criteria
// adopted, a risk added and rated, seen in the heat map, controls chosen for it (the SoA's
// reason appears on the control), the owner approving the plan and, once for herself and once
// through someone acting for her, accepting the residual risk, and the risk's findings gone.
// Sorting, filtering and the keyboard (Escape gives the row back its focus) on the way; axe
// and the layout at each size. One app start.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { accessibilityProblems, cli, launch, overflow, screenshot } from './harness.mjs';

const SIZES = [
  [1024, 700],
  [1440, 900],
];

describe('the risk register, from a new risk to its accepted residual risk', () => {
  let app;
  let dir;
  let workspace;
  const json = (...args) => JSON.parse(cli(workspace, ...args, '--format', 'json'));
  const risk = (id) => json('risks', 'list').find((r) => r.id === id);
  const findingsOf = (id) => json('report').risk_findings.filter((f) => f.risk === id);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'annexa-e2e-risks-'));
    workspace = join(dir, 'risks.annexa');
    cli(workspace, 'init', workspace, '--org', 'Risk <Works> Ltd');
    cli(workspace, 'people', 'add', 'Ana Silva', '--role', 'CISO');
    cli(workspace, 'people', 'add', 'Ben Okafor', '--role', 'IT manager');
    // One risk there already, with no owner, so the register opens with a finding and a row.
    cli(workspace, 'risks', 'add', 'Lost laptop', '--likelihood', '2', '--impact', '2');
    // Two small risks of Ana's, within the criteria, for her collective sign-off.
    for (const title of ['Visitor reads a screen', 'Old printer keeps copies']) {
      cli(
        workspace,
        'risks',
        'add',
        title,
        '--owner',
        'Ana Silva',
        '--likelihood',
        '1',
        '--impact',
        '2',
      );
    }
    app = await launch({ env: { ANNEXA_WORKSPACE: workspace } });
  });

  after(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Waits until `check` holds, saying `what` (and what the window said) if it never does. */
  const until = async (browser, check, what) => {
    try {
      await browser.waitUntil(check, { timeout: 10_000, timeoutMsg: what });
    } catch (e) {
      const said = await browser.$('[data-testid="risks-error"]');
      if (await said.isExisting()) e.message += ` (the window said: ${await said.getText()})`;
      await screenshot(browser, `risks-failed-${what.replace(/\W+/g, '-')}`).catch(() => {});
      throw e;
    }
  };

  for (const [width, height] of SIZES) {
    const size = `${width}x${height}`;
    it(`runs at ${width}×${height}`, async () => {
      const { browser } = app;
      await browser.setWindowSize(width, height);
      const title = `Ransomware on the file server <${size}>`;

      // The view, by its key.
      await browser.keys(['Alt', 'r']);
      const view = await browser.$('[data-testid="risks-view"]');
      await view.waitForExist({ timeout: 10_000 });
      assert.equal(await browser.$('main h1').getText(), 'Risks');

      // The criteria are not adopted on a new workspace: a finding until someone adopts them.
      if (width === 1024) {
        assert.ok(
          json('report').risk_findings.some((f) => f.kind === 'method_not_approved'),
          'a new workspace has criteria nobody adopted',
        );
        assert.match(
          await browser.$('[data-testid="register-findings"]').getText(),
          /adopt/i,
          'the register says the criteria are not adopted',
        );
        await browser.$('[data-testid="adopt-form"] select').selectByVisibleText('Ana Silva');
        await browser.$('[data-testid="adopt-method"]').click();
        await browser.$('[data-testid="method-adopted"]').waitForExist({ timeout: 10_000 });
        assert.equal(json('risks', 'method').approved_by, 'Ana Silva');
        assert.ok(!json('report').risk_findings.some((f) => f.kind === 'method_not_approved'));
      }

      // A new risk: its title, owner and rating, from the header's action.
      await browser.$('[data-testid="new-risk"]').click();
      const field = await browser.$('[data-testid="risk-title"]');
      assert.ok(await field.isFocused(), 'New risk leads to the title field');
      await field.setValue(title);
      await browser.$('[data-testid="risk-form-owner"]').selectByVisibleText('Ana Silva');
      await browser.$('[data-testid="risk-form-likelihood"]').selectByAttribute('value', '4');
      await browser.$('[data-testid="risk-form-impact"]').selectByAttribute('value', '5');
      await browser.$('[data-testid="risk-form"] button[type="submit"]').click();
      const drawer = await browser.$('[data-testid="risk-detail"]');
      await drawer.waitForExist({ timeout: 10_000 });
      const added = json('risks', 'list').find((r) => r.title === title);
      assert.ok(added, 'the risk is in the file');
      const id = added.id;
      assert.deepEqual(
        [added.owner, added.likelihood, added.impact, added.level],
        ['Ana Silva', 4, 5, 'critical'],
      );
      // The title is text, not markup, in the drawer and the table.
      assert.equal(await drawer.$('h2').getText(), `${id} ${title}`);

      // The heat map counts it where it is rated, in words too.
      await until(
        browser,
        async () =>
          /at likelihood 4 and impact 5 \(critical\)/.test(
            await browser.$('[data-testid="heat-map"]').getText(),
          ),
        'the heat map does not show the risk at 4 × 5',
      );
      assert.equal((await browser.$$('[data-testid="heat-map"] svg')).length, 2);

      // Treatment, a control chosen by typing its id, and the target.
      await drawer.$('[data-testid="risk-treatment"]').selectByAttribute('value', 'modify');
      await until(browser, async () => risk(id).treatment === 'modify', 'treatment not saved');
      const addControl = await drawer.$('[data-testid="risk-add-control"]');
      await addControl.setValue('A.8.13');
      await drawer.$('[data-testid="risk-add-control-submit"]').click();
      await until(
        browser,
        async () => risk(id).controls.includes('A.8.13'),
        'the control was not chosen',
      );
      await drawer.$('[data-testid="risk-target-likelihood"]').selectByAttribute('value', '2');
      await until(
        browser,
        async () => risk(id).target_level === 'low',
        'the target was not saved as 2 × 2 (low)',
      );

      // At the second size, a control of the organisation's own, made here and chosen by the
      // risk like an Annex A control: it joins the SoA as an additional control.
      if (width === 1440) {
        await browser.$('[data-testid="own-controls"] summary').click();
        await browser.$('[data-testid="own-control-id"]').setValue('ORG-7');
        await browser
          .$('[data-field="OwnControlInputView.title"]')
          .setValue('Restore drill <each quarter>');
        await browser.$('[data-testid="own-control-form"] button[type="submit"]').click();
        await until(
          browser,
          async () => json('own-controls', 'list').some((c) => c.id === 'ORG-7'),
          'the own control was not added',
        );
        await drawer.$('[data-testid="risk-add-control"]').setValue('ORG-7');
        await drawer.$('[data-testid="risk-add-control-submit"]').click();
        await until(
          browser,
          async () => risk(id).own_controls.includes('ORG-7'),
          'the own control was not chosen',
        );
        await until(
          browser,
          async () =>
            /ORG-7/.test(
              await browser.execute(
                () => document.querySelector('[data-testid="risk-controls"]').textContent,
              ),
            ),
          'the drawer does not list the own control',
        );
        assert.deepEqual(json('own-controls', 'list').find((c) => c.id === 'ORG-7').risks, [id]);
        assert.match(
          await browser.$('[data-testid="own-controls-table"]').getText(),
          /Restore drill <each quarter>/,
        );
      }

      // The SoA follows: the control's reason is the risk assessment, naming the risk.
      const control = json('controls').find((c) => c.id === 'A.8.13');
      assert.ok(control.reasons.includes('risk_assessment'));
      assert.ok(control.risks.includes(id));

      // Until the owner decides, the risk has findings, in the drawer and in the report.
      const kinds = findingsOf(id).map((f) => f.kind);
      assert.ok(kinds.includes('plan_not_approved'), kinds.join());
      assert.ok(kinds.includes('residual_not_accepted'), kinds.join());
      await drawer.$('[data-testid="risk-findings-here"]').waitForExist({ timeout: 5_000 });
      await shot(browser, size, 1, 'risk-drawer');

      // The owner approves the plan.
      assert.equal(await drawer.$('[data-testid="decision-by"]').getValue(), 'Ana Silva');
      await drawer.$('[data-testid="approve-plan"]').click();
      await until(
        browser,
        async () => risk(id).plan_approved_by === 'Ana Silva',
        'the plan was not approved',
      );
      // The drawer has drawn the approval (its findings shrink, the buttons below move up)
      // before the next button is clicked.
      await until(
        browser,
        async () =>
          /approved by Ana Silva/.test(await drawer.$('[data-testid="plan-decision"]').getText()),
        'the drawer does not show the plan approved',
      );
      // The residual risk, accepted by the owner at the first size, and at the second by
      // someone acting for her, which the window says and the file records.
      if (width === 1440) {
        await drawer.$('[data-testid="decision-by"]').selectByVisibleText('Ben Okafor');
        assert.match(
          await drawer.$('[data-testid="on-behalf"]').getText(),
          /Ben Okafor decides on behalf of Ana Silva/,
        );
      }
      await drawer.$('[data-testid="accept-residual"]').click();
      const decider = width === 1440 ? 'Ben Okafor' : 'Ana Silva';
      await until(
        browser,
        async () => risk(id).accepted_by === decider && risk(id).acceptance === 'holds',
        'the residual risk was not accepted',
      );
      if (width === 1440) {
        const history = json('history', `risk:${id}`);
        assert.ok(
          history.some((h) => JSON.stringify(h).includes('Ben Okafor')),
          'the history names who decided for the owner',
        );
      }

      // Its findings are gone, in the file and in the window.
      assert.deepEqual(findingsOf(id), []);
      await drawer
        .$('[data-testid="risk-findings-here"]')
        .waitForExist({ reverse: true, timeout: 10_000 });
      assert.match(
        await drawer.$('[data-testid="residual-decision"]').getText(),
        new RegExp(`accepted by ${decider}`),
      );

      // From the risk to its control: the control's drawer names the risk, and leads back.
      await drawer.$('[data-testid="risk-controls"] button.link').click();
      const chosen = await browser.$('[data-testid="chosen-by-risks"]');
      await chosen.waitForExist({ timeout: 10_000 });
      assert.match(await chosen.getText(), new RegExp(`Chosen to treat .*${id}`));
      const back = await chosen.$(`button=${id}`);
      await back.click();
      await browser.$('[data-testid="risk-detail"]').waitForExist({ timeout: 10_000 });
      assert.match(await browser.$('[data-testid="risk-detail"] h2').getText(), new RegExp(id));

      // Escape closes the drawer and gives the keyboard back to the risk's row.
      await browser.keys('Escape');
      await browser.$('[data-testid="risk-detail"]').waitForExist({ reverse: true });
      await until(
        browser,
        async () =>
          browser.execute((rid) => document.activeElement?.closest('tr')?.dataset.risk === rid, id),
        'the focus did not return to the risk’s row',
      );

      // Sorted by number, the newest last; narrowed to the risks without an owner, only the
      // lost laptop stays.
      await browser.$('[data-testid="sort-id"]').click();
      const ids = await browser.$$('[data-testid="open-risk"]').map((b) => b.getText());
      assert.deepEqual(ids, [...ids].sort(), 'sorted by number');
      await browser.$('[data-testid="filter-owner"]').selectByAttribute('value', '-');
      await until(
        browser,
        async () => (await browser.$$('[data-testid="open-risk"]').length) === 1,
        'the owner filter did not keep the one risk without an owner',
      );
      assert.match(await browser.$('[data-testid="risks-count"]').getText(), /^1 of \d+ risks$/);
      await browser.$('button=Show all').click();

      // Narrowed to Ana, her residual risks within the criteria are signed off at once (the
      // first time; after that there is nothing left to sign).
      await browser.$('[data-testid="filter-owner"]').selectByAttribute('value', 'Ana Silva');
      if (width === 1024) {
        const bar = await browser.$('[data-testid="sign-off"]');
        await bar.waitForExist({ timeout: 5_000 });
        assert.match(await bar.getText(), /^2 residual risks of Ana Silva are within the criteria/);
        await browser.$('[data-testid="sign-off-accept"]').click();
        await until(
          browser,
          async () =>
            ['R-002', 'R-003'].every((r) => {
              const x = risk(r);
              return x.accepted_by === 'Ana Silva' && x.acceptance === 'holds';
            }),
          'the collective sign-off did not accept both',
        );
        await bar.waitForExist({ reverse: true, timeout: 5_000 });
      } else {
        assert.equal(await browser.$('[data-testid="sign-off"]').isExisting(), false);
      }
      await browser.$('button=Show all').click();

      assert.deepEqual(await browser.execute(overflow), [], `the Risks view fits at ${size}`);
      assert.deepEqual(await accessibilityProblems(browser), []);
      await shot(browser, size, 2, 'register');

      // The dashboard counts the risks above the criteria and opens them.
      await browser.keys(['Alt', '1']);
      const card = await browser.$('[data-testid="card-risks-above"]');
      await card.waitForExist({ timeout: 10_000 });
      const above = json('risks', 'list').filter(
        (r) => r.level !== 'low' && r.status !== 'closed',
      ).length;
      assert.equal(Number(await card.$('.figure').getText()), above);
      await card.click();
      await browser.$('[data-testid="risks-view"]').waitForExist({ timeout: 10_000 });
      assert.equal(
        await browser.$('[data-testid="filter-level"]').getValue(),
        'above',
        'the card opens the register narrowed to the risks above the criteria',
      );
      await browser.$('button=Show all').click();
    });
  }
});

async function shot(browser, size, n, name) {
  await screenshot(browser, `risks-${size}-${n}-${name}`);
}
