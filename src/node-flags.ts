/**
 * The V8 flags the service runs with: `npm start`, the Dockerfile's CMD and
 * bench:api's child all pass exactly these (node-flags.spec.ts keeps them in
 * step). Why and what they cost: README → Configuration → Memory.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--max-old-space-size=160'];
