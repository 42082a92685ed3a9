/**
 * autocannon 8's per-connection response queue (lib/pipelinedRequestsQueue.js),
 * which its own types do not describe: only the method bench:api replaces.
 */
declare module 'autocannon/lib/pipelinedRequestsQueue' {
  class PipelinedRequestsQueue {
    /** Appends a body chunk to the answer's body string. */
    addBody(data: Buffer): void;
  }
  export = PipelinedRequestsQueue;
}
