/** Builds ui/dist when a source is newer than it, and bundles the IPC mock. */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

export const UI_DIR = join(import.meta.dirname, '..', '..');
export const DIST = join(UI_DIR, 'dist');

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))));
}

/** Runs `vite build` unless dist/ is newer than src/, public/ and the configs. */
export function ensureBuilt(): void {
  let built: number;
  try {
    built = statSync(join(DIST, 'index.html')).mtimeMs;
  } catch {
    built = 0;
  }
  const inputs = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => newest(join(UI_DIR, p)));
  if (built > Math.max(...inputs)) return;
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: UI_DIR, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
}

/** The page-side mock (e2e/fixtures/mock.ts) as one classic script for addInitScript. */
export async function mockScript(): Promise<string> {
  const out = await build({
    entryPoints: [join(UI_DIR, 'e2e', 'fixtures', 'mock.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome110',
    write: false,
    logLevel: 'warning',
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output');
  return file.text;
}

/** The CSP the desktop app enforces (src-tauri/tauri.conf.json), if readable. */
export function appCsp(): string | undefined {
  try {
    const conf = JSON.parse(readFileSync(join(UI_DIR, '..', 'src-tauri', 'tauri.conf.json'), 'utf8')) as {
      app?: { security?: { csp?: string } };
    };
    return conf.app?.security?.csp;
  } catch {
    return undefined;
  }
}
