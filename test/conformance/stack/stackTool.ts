// `npm run stack` in-process (tools/realStack.ts's main), its output captured, for the tests of the tool.
import { main } from '../../../tools/realStack';

export async function stack(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, (t) => void (out += t), (t) => void (err += t));
  return { code, out, err };
}
