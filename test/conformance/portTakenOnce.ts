// The port choice of a server start whose first port is already taken by another server: the
// start must notice the other server and try again on a free port. `tried` collects each port offered.
import { freePort } from './freePort';

export function takenThenFree(takenPort: number, tried: number[]): (attempt: number) => Promise<number> {
  return async (attempt) => {
    const port = attempt === 1 ? takenPort : await freePort();
    tried.push(port);
    return port;
  };
}
