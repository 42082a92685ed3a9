import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const run = (node: string, script: string, version?: string) =>
  spawnSync(node, [join(root, 'scripts', script)], { cwd: root, encoding: 'utf8', env: { ...process.env, KL_NODE_VERSION_FOR_TEST: version ?? '' } });

/** The machine's own Node when it is older than the minimum (this machine's is 20): the real case, not a stand-in. */
const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find((n) => existsSync(n) && Number(spawnSync(n, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout.trim()) < 22);

describe('npm scripts on too old a Node say so in Danish, before anything else (scripts/check-node.mjs)', () => {
  it('Node 20 is refused with the hint to use Node 24 (scripts/use-node.sh), on stderr only, exit 1', () => {
    const r = run(process.execPath, 'check-node.mjs', '20.20.2');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Fejl: Kvalitetsloop kræver Node.js 22.12 eller nyere (helst Node 24');
    expect(r.stderr).toContain('denne shell bruger Node 20.20.2');
    expect(r.stderr).toContain('source scripts/use-node.sh');
  });

  it('the minimum (package.json engines) and newer pass silently', () => {
    for (const version of ['22.12.0', '24.22.3', process.versions.node]) {
      const r = run(process.execPath, 'check-node.mjs', version);
      expect([version, r.status, r.stdout, r.stderr]).toEqual([version, 0, '', '']);
    }
  });

  it('build.mjs (the first step of npm start, npm run token, the CLIs) runs the check first', () => {
    const r = run(process.execPath, 'build.mjs', '20.20.2');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Fejl: Kvalitetsloop kræver Node\.js/);
  });

  (oldNode ? it : it.skip)(`build.mjs under the machine's old Node (${oldNode ?? 'none here'}) gives the hint, not a stack trace`, () => {
    const r = run(oldNode!, 'build.mjs');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Fejl: Kvalitetsloop kræver Node\.js 22\.12 eller nyere/);
    expect(r.stderr).not.toMatch(/SyntaxError|\n\s+at /);
  });
});
