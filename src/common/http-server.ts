import type { Server } from 'node:http';
import { createServer } from 'node:net';

/**
 * Keep-alive above a load balancer's idle timeout (60 s on AWS ALB, nginx's
 * upstream keepalive_timeout, Azure and GCP alike). With Node's default of 5 s
 * the service closes an idle connection the balancer still counts as open, and
 * the balancer's next request on it fails with a 502. The headers timeout must
 * exceed the keep-alive timeout, or Node may drop a connection while a request
 * on it is still arriving.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
export const HEADERS_TIMEOUT_MS = 66_000;

export function configureHttpServer(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
}

/** A refusal the operator can act on: runCli prints it as one line. */
export function portProblem(port: number, code: string | undefined): Error | undefined {
  const message =
    code === 'EADDRINUSE'
      ? `Port ${port} er allerede i brug af et andet program (måske en Kvalitetsloop, der allerede kører). ` +
        `Stop det andet program, eller start på en anden port, fx PORT=${port === 65535 ? 3000 : port + 1} npm start.`
      : code === 'EACCES'
        ? `Port ${port} må dette program ikke lytte på (porte under 1024 kræver særlige rettigheder). Vælg en anden port, fx PORT=3000 npm start.`
        : undefined;
  return message ? Object.assign(new Error(message), { operatorError: true }) : undefined;
}

/**
 * Fails in a second when the port is taken, instead of after the database,
 * the migrations and the demo have started. Binds the way `app.listen(port)`
 * does (every address); the listen itself still reports a port taken since.
 */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(portProblem(port, error.code) ?? error));
    probe.listen(port, () => probe.close(() => resolve()));
  });
}
