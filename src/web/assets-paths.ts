import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The installed package's folder (dkfds does not export its package.json, so no require.resolve). */
function packageDir(name: string): string {
  for (const base of require.resolve.paths(name) ?? []) {
    if (existsSync(join(base, name, 'package.json'))) return join(base, name);
  }
  throw new Error(`Pakken ${name} er ikke installeret`);
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;
}

/** src/web/<name> both from the sources (tests) and from dist/src/web (npm start, the image copies it). */
function sourceDir(name: string): string {
  const candidates = [join(__dirname, name), join(__dirname, '..', '..', '..', 'src', 'web', name)];
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`Mappen src/web/${name} findes ikke`);
  return found;
}

export const VIEWS_DIR = sourceDir('views');
export const OWN_ASSETS_DIR = sourceDir('assets');
export const DKFDS_DIST = join(packageDir('dkfds'), 'dist');
export const HTMX_DIST = join(packageDir('htmx.org'), 'dist');

/** Our own files change with the code, so their path carries a hash of their contents. */
function ownAssetsHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(OWN_ASSETS_DIR).sort()) hash.update(file).update(readFileSync(join(OWN_ASSETS_DIR, file)));
  return hash.digest('hex').slice(0, 10);
}

/**
 * Versioned paths: a new package version or changed own file gets a new URL,
 * so every file under /static can be cached for a year.
 */
export const STATIC_PATHS = {
  dkfds: `/static/dkfds-${packageVersion('dkfds')}`,
  htmx: `/static/htmx-${packageVersion('htmx.org')}`,
  app: `/static/app-${ownAssetsHash()}`,
};
