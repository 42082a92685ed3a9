import { SERVICE_NODE_FLAGS } from '../src/node-flags';

/**
 * The V8 flags a bench starts the service with: those of `npm start` and the
 * Dockerfile (SERVICE_NODE_FLAGS), or `BENCH_NODE_ARGS` (space-separated;
 * empty for none) to compare others.
 */
export function benchServiceFlags(env: NodeJS.ProcessEnv = process.env): readonly string[] {
  return env.BENCH_NODE_ARGS !== undefined ? env.BENCH_NODE_ARGS.split(/\s+/).filter(Boolean) : SERVICE_NODE_FLAGS;
}
