// Builds the visualizer once before any test file runs, so the e2e files (which run in parallel)
// never race each other building dist/.
import { buildIfStale } from './e2e/buildApp';

export default function setup(): void {
  buildIfStale();
}
