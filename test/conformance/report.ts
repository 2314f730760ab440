// Shared by every conformance test: records how many cases were compared with the real component,
// how many agreed, and each disagreement with its input, as test-results/conformance/<name>.json.
// `npx cachelab conformance` and docs/conformance.md are built from these files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Disagreement {
  input: unknown;
  model: unknown;
  real: unknown;
}

export interface ConformanceSection {
  /** e.g. "fullcalendar/ranges", "browser/chromium", "browser/seed-assumption", "django/locmem" */
  name: string;
  layer: 'fullcalendar' | 'browser' | 'django' | 'database' | 'redis' | 'stack';
  /** What the real component was: package and version, binary path and version. */
  real: string;
  /** false for a profile that is shown as a belief (seed-assumption), not required to agree. */
  mustAgree: boolean;
  cases: number;
  agreed: number;
  disagreements: Disagreement[];
  /** Seed of generated sequences, so a reader can replay them. */
  seed?: number;
  notes?: string[];
}

export const CONFORMANCE_DIR = join('test-results', 'conformance');

export function writeConformanceSection(section: ConformanceSection): void {
  mkdirSync(CONFORMANCE_DIR, { recursive: true });
  const file = join(CONFORMANCE_DIR, `${section.name.replace(/[^a-z0-9-]+/gi, '_')}.json`);
  writeFileSync(file, JSON.stringify(section, null, 2) + '\n');
}

/** Collects comparisons; call `record` per case, then `write` once. */
export class ConformanceRecorder {
  private readonly section: ConformanceSection;
  constructor(init: Omit<ConformanceSection, 'cases' | 'agreed' | 'disagreements'>) {
    this.section = { ...init, cases: 0, agreed: 0, disagreements: [] };
  }
  record(input: unknown, model: unknown, real: unknown): boolean {
    const same = JSON.stringify(model) === JSON.stringify(real);
    this.section.cases++;
    if (same) this.section.agreed++;
    else this.section.disagreements.push({ input, model, real });
    return same;
  }
  get result(): ConformanceSection {
    return this.section;
  }
  write(): ConformanceSection {
    writeConformanceSection(this.section);
    return this.section;
  }
}
