import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.factory';
import { Clock } from '../src/common/clock';
import { createTestDatabase, TEST_JWT_SECRET } from './support/test-app';

describe('keep-alive behind a load balancer', () => {
  it('the running service keeps an idle connection open 65 s and says so, above a balancer’s 60 s', async () => {
    const database = await createTestDatabase();
    const app = await createApp({ databaseUrl: database.url, clock: new Clock('2026-11-22'), scheduler: false, auth: { secret: TEST_JWT_SECRET } });
    try {
      await app.listen(0, '127.0.0.1');
      const { port } = app.getHttpServer().address() as AddressInfo;
      const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
        get({ host: '127.0.0.1', port, path: '/health', headers: { connection: 'keep-alive' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.headers));
        }).on('error', reject);
      });
      expect(headers['keep-alive']).toBe('timeout=65');
      expect(app.getHttpServer().headersTimeout).toBeGreaterThan(app.getHttpServer().keepAliveTimeout);
    } finally {
      await app.close().catch(() => undefined);
      await database.drop();
    }
  });
});
