// Builds dist/ before a command (`npm start`, `npm run token`, …), but only
// what changed since the last build: TypeScript's solution builder (`tsc -b`)
// compares the sources with dist/tsconfig.build.tsbuildinfo, so an unchanged
// tree costs a fraction of a second. It asks first whether anything needs
// compiling, so it can say so before a build and stay quiet otherwise.
// Everything goes to stderr: stdout stays free for the command
// (`npm run --silent token` prints the token and nothing else).
// First: an older Node gets a Danish hint, not a stack trace (the check runs before this module's body).
import './check-node.mjs';
import { existsSync } from 'node:fs';
// The namespace, not named imports: a missing named export (enableCompileCache on Node 20) fails the whole import graph
// before check-node.mjs could say why.
import * as nodeModule from 'node:module';

// As tsc does: V8 keeps the compiled compiler on disk, which halves the cost of loading it.
nodeModule.enableCompileCache?.();
// require, not import: importing the 9 MB CommonJS file would first scan it for its export names.
const ts = nodeModule.createRequire(import.meta.url)('typescript');

const CONFIG = 'tsconfig.build.json';
const started = Date.now();
const firstBuild = !existsSync('dist/tsconfig.build.tsbuildinfo');
const formatHost = {
  getCanonicalFileName: (file) => file,
  getCurrentDirectory: ts.sys.getCurrentDirectory,
  getNewLine: () => ts.sys.newLine,
};
const reportDiagnostic = (diagnostic) =>
  process.stderr.write(
    process.stderr.isTTY ? ts.formatDiagnosticsWithColorAndContext([diagnostic], formatHost) : ts.formatDiagnostics([diagnostic], formatHost),
  );
const host = ts.createSolutionBuilderHost({ ...ts.sys, write: (text) => process.stderr.write(text) }, undefined, reportDiagnostic, () => {}, () => {});
const builder = ts.createSolutionBuilder(host, [CONFIG], {});

let compiled = false;
let failed = false;
for (let project = builder.getNextInvalidatedProject(); project; project = builder.getNextInvalidatedProject()) {
  // UpdateOutputFileStamps: the sources were touched but not changed; nothing to compile.
  if (project.kind === ts.InvalidatedProjectKind.Build && !compiled) {
    compiled = true;
    process.stderr.write(`Oversætter TypeScript til dist/ (${firstBuild ? 'første gang; det tager lidt tid' : 'kun de ændrede filer'}) …\n`);
  }
  if (project.done() !== ts.ExitStatus.Success) failed = true;
}

if (failed) {
  process.stderr.write('Fejl: TypeScript kunne ikke oversættes; ret fejlene ovenfor og kør kommandoen igen.\n');
  process.exit(1);
}
if (compiled) process.stderr.write(`Oversat på ${((Date.now() - started) / 1000).toFixed(1).replace('.', ',')} s.\n`);
