import { createServer, type Server } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { assertPortFree, configureHttpServer, portProblem } from './http-server';

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

describe('the HTTP port', () => {
  it('refuses a port another program holds with one Danish line naming the cause and the fix', async () => {
    const { server, port } = await listen();
    try {
      const refusal = assertPortFree(port);
      await expect(refusal).rejects.toMatchObject({ operatorError: true });
      await expect(refusal).rejects.toThrow(new RegExp(`^Port ${port} er allerede i brug .*Stop det andet program, eller start på en anden port, fx PORT=${port + 1} npm start\\.$`));
    } finally {
      server.close();
    }
  });

  it('lets a free port through and leaves it free', async () => {
    const { server, port } = await listen();
    await new Promise((resolve) => server.close(resolve));
    await expect(assertPortFree(port)).resolves.toBeUndefined();
    const again = await new Promise<Server>((resolve, reject) => {
      const s = createServer().once('error', reject);
      s.listen(port, () => resolve(s));
    });
    again.close();
  });

  it('names a port that needs privileges, and leaves other errors to the stack trace', () => {
    expect(portProblem(80, 'EACCES')?.message).toMatch(/^Port 80 må dette program ikke lytte på/);
    expect(portProblem(3000, 'ECONNRESET')).toBeUndefined();
  });
});

describe('keep-alive', () => {
  it("outlasts a load balancer's 60 s idle timeout, with the headers timeout above it", () => {
    const server = createHttpServer();
    configureHttpServer(server);
    expect(server.keepAliveTimeout).toBeGreaterThan(60_000);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
  });
});
