import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NODE_FLAGS } from './node-flags';

const root = join(__dirname, '..');

describe('the service runs with SERVICE_NODE_FLAGS wherever it is started (issue 15: RSS)', () => {
  it('npm start passes them to node', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.start).toBe(`node scripts/build.mjs && ${['node', ...SERVICE_NODE_FLAGS, 'dist/src/main.js'].join(' ')}`);
  });

  it("the Dockerfile's CMD passes them to node", () => {
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(root, 'Dockerfile'), 'utf8'))?.[1];
    expect(JSON.parse(cmd ?? 'null')).toEqual(['node', ...SERVICE_NODE_FLAGS, 'dist/src/main.js']);
  });
});
