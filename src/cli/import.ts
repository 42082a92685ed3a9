import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { createStandaloneContext } from './standalone';
import { runCli } from './run-cli';
import { ImportRejected, OrganisationImportService } from '../modules/organisation/import/organisation-import.service';
import { decodeSpreadsheetText } from '../common/spreadsheet-text';

/**
 * `npm run import -- units.csv people.csv`: the whole organisation, all or
 * nothing. Prints every bad row (file:line column: reason) and exits 1 when the
 * files are refused; shows progress for large files.
 */
runCli(async () => {
  const [unitsPath, peoplePath, enhederPath] = process.argv.slice(2);
  if (!unitsPath) {
    throw Object.assign(new Error('Brug: npm run import -- enheder.csv [personer.csv [tilsynsenheder.csv]]'), { operatorError: true });
  }
  const read = (path: string) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      throw Object.assign(new Error(`Kan ikke læse ${path}`), { operatorError: true });
    }
    const decoded = decodeSpreadsheetText(bytes);
    if (!decoded.ok) throw Object.assign(new Error(`${path}: ${decoded.problem}`), { operatorError: true });
    return { name: basename(path), text: decoded.text };
  };
  const files = { units: read(unitsPath), people: peoplePath ? read(peoplePath) : undefined, enheder: enhederPath ? read(enhederPath) : undefined };
  const context = await createStandaloneContext();
  const bar = new SingleBar({ format: 'Importerer [{bar}] {value}/{total} rækker', stream: process.stderr }, Presets.shades_classic);
  try {
    let started = false;
    const result = await context.app.get(OrganisationImportService).import(files, (done, total) => {
      if (total < 200) return;
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    }, { actor: null, source: 'import (npm run import)' });
    bar.stop();
    console.log(
      `Importeret. Enheder: ${result.units.created} nye, ${result.units.updated} ændrede, ${result.units.unchanged} uændrede. ` +
        `Personer: ${result.people.created} nye, ${result.people.updated} ændrede, ${result.people.unchanged} uændrede. ` +
        `Tildelinger: ${result.assignments.created} nye, ${result.assignments.unchanged} uændrede.` +
        (result.enheder ? ` Tilsynsenheder: ${result.enheder.created} nye, ${result.enheder.updated} ændrede, ${result.enheder.unchanged} uændrede.` : ''),
    );
  } catch (error) {
    bar.stop();
    if (!(error instanceof ImportRejected)) throw error;
    console.error(`${error.message}:`);
    for (const p of error.problems) console.error(`  ${p.file}:${p.line}${p.column ? ` (${p.column})` : ''}: ${p.message}`);
    process.exitCode = 1;
  } finally {
    await context.close();
  }
});
