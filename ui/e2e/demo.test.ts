/**
 * The demo person never sits beside the user's own data: the banner says
 * which one is on screen, "Remove demo data" works from the banner and from
 * Settings, and the Export page does not choose a hidden demo for you.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { CsvExportArgs } from '../src/ipc';
import { SHOTS, suite } from './support/suite';

const withApp = suite();

describe('demo data beside your own', () => {
  test('while the demo is all there is, the banner says so and removes it', async () => {
    await withApp(async ({ page, calls }) => {
      const banner = page.getByTestId('demo-banner');
      await banner.waitFor();
      assert.match(await banner.innerText(), /Demo data\.\s+A made-up person, not you\. Connect a provider to see your own\./);
      await page.screenshot({ path: join(SHOTS, 'demo-banner-shown-1280x800.png') });
      await banner.getByRole('button', { name: 'Remove demo data' }).click();
      await banner.waitFor({ state: 'detached' });
      assert.ok((await calls()).some((c) => c.cmd === 'remove_demo'));
      assert.equal(await page.getByTestId('demo-hidden-banner').count(), 0);
    });
  });

  test('once your own data is there, a quiet notice offers to remove the hidden demo', async () => {
    await withApp(
      async ({ page }) => {
        const notice = page.getByTestId('demo-hidden-banner');
        await notice.waitFor();
        assert.equal(await page.getByTestId('demo-banner').count(), 0, 'no "Demo data" banner over your data');
        assert.match(await notice.innerText(), /Your own data is on screen; the demo person is hidden/);
        await page.screenshot({ path: join(SHOTS, 'demo-hidden-notice-1280x800.png') });
        await notice.getByRole('button', { name: 'Keep it for now' }).click();
        await notice.waitFor({ state: 'detached' });
      },
      { demo: 'hidden' },
    );
  });

  test('Settings removes the demo person', async () => {
    await withApp(
      async ({ page, calls }) => {
        const section = page.getByTestId('settings-demo');
        await section.waitFor();
        assert.match(await section.innerText(), /stored but hidden/);
        await section.getByRole('button', { name: 'Remove demo data' }).click();
        await section.waitFor({ state: 'detached' });
        assert.equal((await calls()).filter((c) => c.cmd === 'remove_demo').length, 1);
      },
      { demo: 'hidden' },
      'settings',
    );
  });

  test('the Export page lists a hidden demo but does not choose it', async () => {
    await withApp(
      async ({ page, calls }) => {
        const demo = page.getByRole('checkbox', { name: 'Demo data' });
        await demo.waitFor();
        assert.equal(await demo.isChecked(), false);
        await page.getByRole('checkbox', { name: 'Weight', exact: true }).check();
        await page.getByRole('button', { name: 'Export CSV…' }).click();
        await page.getByText(/^Saved /).waitFor();
        const sent = (await calls()).find((c) => c.cmd === 'export_csv')?.args as { args: CsvExportArgs } | undefined;
        assert.ok(sent, 'export_csv was called');
        assert.ok(!sent.args.sources.includes('demo'), `sources ${sent.args.sources.join(',')}`);
      },
      { demo: 'hidden' },
      'export',
    );
  });
});
