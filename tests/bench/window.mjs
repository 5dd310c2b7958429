// The window at size, for tests/bench/window.sh: opens each view of a large workspace in the
// release app RUNS times and reports the median time from the click to the first frame with
// its content drawn, and the median round trip of each IPC command behind the views. Timed in
// the page itself (performance.now), so WebDriver's own latency is not counted. Prints
// Markdown rows; asserts nothing.

import { launch } from '../e2e/harness.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const VIEWS = [
  ['dashboard', '[data-testid="chart"] svg'],
  ['assessment', '[data-testid="assessment-row"]'],
  ['evidence', '[data-testid="evidence-item"]'],
  ['actions', '[data-testid="actions-table"] tbody tr'],
  ['risks', '[data-testid="risks-table"] tbody tr[data-risk] [data-testid="risk-level"]'],
  ['people', '[data-testid="people-table"] tbody tr'],
  ['snapshots', '[data-testid="snapshot-list"]'],
  ['clauses', '[data-testid="clause-row"]'],
  ['pack', '[data-testid="pack-export-form"]'],
  ['workspaces', '[data-testid="recent-list"] tbody tr'],
];

const COMMANDS = [
  ['assessment', {}],
  ['evidence_page', { control: null, clause: null, query: '', offset: 0, limit: 40 }],
  ['actions', {}],
  ['risk_register', {}],
  ['people', {}],
  ['report', { expiryDays: null, listLimit: 10 }],
  ['charts', { expiryDays: null }],
  ['history', { subject: 'control:A.5.1' }],
  ['history', { subject: null }],
  ['recent_workspaces', {}],
  [
    'pack_check',
    {
      options: {
        themes: [],
        controls: [],
        approved_only: false,
        snapshot: null,
        created: null,
        overwrite: false,
      },
    },
  ],
  ['set_control', { id: 'A.5.1', edits: [{ field: 'gap', value: 'bench' }] }],
];

const app = await launch({ env: { ANNEXA_WORKSPACE: process.env.BIG_WORKSPACE } });
const { browser } = app;
try {
  await browser.setWindowSize(1440, 900);
  console.log('| view | opens in (median of ' + RUNS + ') |');
  console.log('| --- | ---: |');
  for (const [view, marker] of VIEWS) {
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      await browser.$('[data-testid="view-mapping"]').click();
      await browser.$('[data-testid="mapping-table"]').waitForExist();
      times.push(
        await browser.executeAsync(
          (id, shown, done) => {
            const t0 = performance.now();
            document.querySelector(`[data-testid="view-${id}"]`).click();
            const check = () => {
              if (document.querySelector(shown)) {
                requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
              } else if (performance.now() - t0 > 30_000) done(-1);
              else requestAnimationFrame(check);
            };
            check();
          },
          view,
          marker,
        ),
      );
    }
    console.log(`| ${view} | ${median(times).toFixed(0)} ms |`);
  }
  // An edit as a workshop makes it: a status key pressed on A.5.1's row in the Annex A table,
  // timed to the first frame that shows the new status in the row (the save's round trip
  // included; what the app re-reads after it goes on behind).
  await browser.$('[data-testid="view-assessment"]').click();
  await browser.$('[data-testid="assessment-row"][data-id="A.5.1"]').waitForExist();
  const edits = [];
  for (let i = 0; i < RUNS; i++) {
    const [key, value] = i % 2 === 0 ? ['3', 'partially_implemented'] : ['2', 'planned'];
    edits.push(
      await browser.executeAsync(
        (k, v, done) => {
          const row = '[data-testid="assessment-row"][data-id="A.5.1"]';
          const button = document.querySelector(`${row} button.control`);
          button.focus();
          const t0 = performance.now();
          button.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
          const check = () => {
            if (document.querySelector(`${row} [data-testid="status"]`)?.dataset.value === v) {
              requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
            } else if (performance.now() - t0 > 30_000) done(-1);
            else requestAnimationFrame(check);
          };
          check();
        },
        key,
        value,
      ),
    );
    // A bench, not a test: leave the re-read that follows each change time to finish.
    await browser.pause(500);
  }
  console.log(`| an edit (a status key in Annex A) shows | ${median(edits).toFixed(0)} ms |`);
  console.log('');
  console.log('| IPC command | round trip (median of ' + RUNS + ') | reply |');
  console.log('| --- | ---: | ---: |');
  for (const [command, args] of COMMANDS) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(
        await browser.executeAsync(
          (cmd, a, done) => {
            const t0 = performance.now();
            window.__TAURI_INTERNALS__.invoke(cmd, a).then(
              (reply) => done([performance.now() - t0, JSON.stringify(reply).length]),
              (e) => done([-1, String(e).length]),
            );
          },
          command,
          args,
        ),
      );
    }
    const label = `${command} ${JSON.stringify(args)}`;
    const bytes = runs[0][1];
    console.log(
      `| \`${label}\` | ${median(runs.map((r) => r[0])).toFixed(1)} ms | ${(bytes / 1024).toFixed(0)} KiB |`,
    );
  }
} finally {
  await app.stop();
}
