// Builds dist/ before a command (`npm start`, `npm run token`, …), but only
// what changed since the last build: `tsc -b` compares the sources with
// dist/tsconfig.build.tsbuildinfo, so an unchanged tree costs well under a
// second. A real build says so on stderr when it takes a while, so a newcomer
// is not left looking at a silent terminal; stdout stays free for the command
// (`npm run --silent token` prints the token and nothing else).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const started = Date.now();
let announced = false;
const notice = setTimeout(() => {
  announced = true;
  process.stderr.write('Oversætter TypeScript til dist/ (kun ændrede filer; første gang tager det lidt tid) …\n');
}, 1500);
// tsc reports errors on its stdout; they go to stderr with everything else we print.
const child = spawn(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { stdio: ['ignore', 2, 2] });
child.on('exit', (code) => {
  clearTimeout(notice);
  if (code === 0) {
    if (announced) process.stderr.write(`Oversat på ${((Date.now() - started) / 1000).toFixed(1).replace('.', ',')} s.\n`);
    return;
  }
  process.stderr.write('Fejl: TypeScript kunne ikke oversættes; ret fejlene ovenfor og kør kommandoen igen.\n');
  process.exit(code ?? 1);
});
