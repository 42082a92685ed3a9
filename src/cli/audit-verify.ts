import 'reflect-metadata';
import { TrailChainService } from '../modules/audit/trail-chain';
import { runCli } from './run-cli';
import { createStandaloneContext } from './standalone';

/**
 * `npm run audit:verify`: re-computes the audit trail's hash chain (R71, R81).
 * One line; exit code 0 when it holds, 2 when a row does not match.
 */
runCli(async () => {
  const context = await createStandaloneContext();
  try {
    const result = await context.app.get(TrailChainService).verify(null);
    if (result.ok) {
      console.log(`Revisionssporet er intakt: ${result.rowsChecked} rækker kontrolleret ${result.verifiedAt}.`);
    } else {
      console.error(`Revisionssporet er brudt ved række ${result.firstBadId} (transition.id): ${result.reason}. ${result.rowsChecked} rækker kontrolleret ${result.verifiedAt}.`);
      process.exitCode = 2;
    }
  } finally {
    await context.close();
  }
});
