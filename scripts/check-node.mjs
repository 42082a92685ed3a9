// The one check of the Node version for every npm script that runs our code
// (`npm start`, `npm run token`, the CLIs and benches all begin with
// scripts/build.mjs, which imports this first). On an older Node the first
// failure would otherwise be a stack trace from wherever Node 24's API is first
// used (`enableCompileCache` in build.mjs on Node 20), which says nothing about
// the cause. The minimum is package.json's `engines.node`; the advice is Node
// 24, as .nvmrc says. Nothing here may use an API newer than Node 18, and it
// writes only to stderr (stdout stays the command's: `npm run --silent token`).
import { readFileSync } from 'node:fs';

const engines = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines?.node ?? '>=22.12';
const minimum = /(\d+)\.(\d+)/.exec(engines)?.slice(1, 3).map(Number) ?? [22, 12];
// KL_NODE_VERSION_FOR_TEST stands in for the running version in the test of this check (src/cli/check-node.spec.ts).
const running = (process.env.KL_NODE_VERSION_FOR_TEST || process.versions.node).split('.').map(Number);

if (running[0] < minimum[0] || (running[0] === minimum[0] && running[1] < minimum[1])) {
  process.stderr.write(
    `Fejl: Kvalitetsloop kræver Node.js ${minimum.join('.')} eller nyere (helst Node 24, som .nvmrc siger); ` +
      `denne shell bruger Node ${running.join('.')}.\n` +
      'Kør `source scripts/use-node.sh` i samme shell først (den henter Node 24 fra npm-registret til .ci/.node/ ' +
      'og sætter den først på PATH), eller skift version med fx `nvm use`, og kør så kommandoen igen.\n',
  );
  process.exit(1);
}
