// A 127.0.0.1 port that was free a moment ago, for a server the test starts itself (PostgreSQL,
// Redis); the caller retries when another process took it meanwhile (portTakenOnce.ts).
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
