// At start the app tells the user, through the desktop's notification service, of evidence
// that has expired or expires soon. The test gives the app a private D-Bus session bus and
// watches it with dbus-monitor for the standard Notify call and its text.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launch, cli } from './harness.mjs';

/** Resolves with the first output of `child` that satisfies `test`, within `ms`. */
function waitForOutput(child, read, test, ms, what) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not appear within ${ms} ms`)), ms);
    const check = () => {
      const text = read();
      if (test(text)) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve(text);
      }
    };
    child.stdout.on('data', check);
    check();
  });
}

describe('the desktop notification of expiring evidence', () => {
  let dir;
  let bus;
  let monitor;
  let seen = '';
  let app;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'annexa-e2e-notify-'));
    const workspace = join(dir, 'client.annexa');
    cli(workspace, 'init', workspace, '--org', 'Notify & Co');
    cli(
      workspace,
      'evidence',
      'note',
      'Fire drill held',
      '--control',
      '7.5',
      '--valid-until',
      '2020-05-31',
    );

    bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let busOut = '';
    bus.stdout.on('data', (d) => (busOut += d));
    const address = (
      await waitForOutput(
        bus,
        () => busOut,
        (t) => t.includes('\n'),
        10_000,
        'the bus address',
      )
    ).trim();

    monitor = spawn(
      'dbus-monitor',
      ['--address', address, "type='method_call',interface='org.freedesktop.Notifications'"],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    monitor.stdout.on('data', (d) => (seen += d));
    // dbus-monitor is listening once the bus has named it.
    await waitForOutput(
      monitor,
      () => seen,
      (t) => t.includes('NameAcquired'),
      10_000,
      'dbus-monitor',
    );

    app = await launch({
      env: { ANNEXA_WORKSPACE: workspace, DBUS_SESSION_BUS_ADDRESS: address },
    });
  });

  after(async () => {
    await app?.stop();
    monitor?.kill();
    bus?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends one Notify call naming the organisation and the expired evidence', async () => {
    const text = await waitForOutput(
      monitor,
      () => seen,
      (t) => t.includes('member=Notify') && t.includes('Evidence needs renewing'),
      20_000,
      'the Notify call',
    );
    assert.match(text, /string "Annexa"/);
    assert.match(text, /string "Evidence needs renewing"/);
    assert.match(text, /string "Notify & Co: 1 piece\(s\) of evidence 1 expired\."/);
  });
});
