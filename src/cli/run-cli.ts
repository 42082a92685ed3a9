import { ConfigError } from '../config/config';
import { EmbeddedPostgresError } from '../database/embedded-postgres';

/** Operator errors print one line; anything else is a bug and keeps its stack. */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError || error instanceof EmbeddedPostgresError || (error as { operatorError?: boolean })?.operatorError) {
      console.error(`Fejl: ${(error as Error).message}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  });
}
