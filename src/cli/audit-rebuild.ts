import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { runCli } from './run-cli';
import { createStandaloneContext } from './standalone';

/**
 * `npm run audit:rebuild`: rebuilds obligation_trail_head, the coverage audit's
 * index of each obligation's latest obligation-state transition (R81), from
 * the whole audit trail. The triggers keep it current; this is for an operator
 * who restored the trail or doubts the index. Writers of the trail wait while
 * it runs (seconds at national scale). One Danish line; exit code 0.
 */
runCli(async () => {
  const context = await createStandaloneContext();
  try {
    const [{ written }] = await context.app.get(DataSource).query(`SELECT obligation_trail_head_rebuild()::int AS written`);
    console.log(`Revisionens indeks over forpligtelsernes seneste overgang er genopbygget fra revisionssporet: ${written} forpligtelser.`);
  } finally {
    await context.close();
  }
});
