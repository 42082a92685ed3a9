/**
 * Loaded into the service by bench:api (`node --require`), never by the
 * service itself: how long each request spent inside the service, and how
 * late its event loop ran, so the table can tell the service's share of a
 * row's p99 from the client's and the machine's (autocannon measures from
 * its own write to its own parse, on the same two cores).
 *
 * - A request's time runs from Node's `http.server.request.start` (the
 *   headers parsed, before any middleware) to `http.server.response.finish`
 *   (the last byte handed to the socket), in µs.
 * - The event loop's delay: perf_hooks' monitorEventLoopDelay at 1 ms
 *   resolution, in µs. A request that arrives while the loop is busy (a
 *   batch of answers, a garbage collection) waits about that long before
 *   its time starts.
 *
 * Asked over the IPC channel bench:api opens to the service (a message
 * `'probe'`), it answers with both (a ProbeReading) and starts again; bench:api
 * asks before and after each row's load. (Not a signal: Nest's shutdown
 * hooks stop the service on SIGUSR2.)
 */
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { createHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';

/** What the probe answers: request times and event-loop delays in µs. */
export interface ProbeReading {
  requests: number;
  p50: number;
  p99: number;
  loopDelayP99: number;
  loopDelayMax: number;
}

if (process.send) {
  const started = new WeakMap<IncomingMessage, number>();
  let requests = createHistogram();
  let loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  subscribe('http.server.request.start', (message) => started.set((message as { request: IncomingMessage }).request, performance.now()));
  subscribe('http.server.response.finish', (message) => {
    const begun = started.get((message as { request: IncomingMessage }).request);
    if (begun !== undefined) requests.record(Math.max(1, Math.round((performance.now() - begun) * 1000)));
  });
  process.on('message', (message) => {
    if (message !== 'probe') return;
    const reading: ProbeReading = {
      requests: requests.count,
      p50: requests.count > 0 ? requests.percentile(50) : 0,
      p99: requests.count > 0 ? requests.percentile(99) : 0,
      loopDelayP99: loop.count > 0 ? loop.percentile(99) / 1000 : 0,
      loopDelayMax: loop.count > 0 ? loop.max / 1000 : 0,
    };
    process.send!(reading);
    requests = createHistogram();
    loop.disable();
    loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
  });
  // The channel must not keep the service alive when it stops.
  process.channel?.unref();
}
