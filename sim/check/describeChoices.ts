// The non-nominal choices of a run, in words: which latency, tie, route or jitter differs from the
// documented schedule, and how.
import type { ChoicePoint } from '../chooser';
import { LATENCY, latencyValues, type LatencyName } from '../latency';

export function describeChoice(point: ChoicePoint, index: number): string {
  switch (point.kind) {
    case 'latency': {
      const name = point.label.split(' ')[0] as LatencyName;
      const range = LATENCY[name];
      if (!range) return `${point.label}: option ${index}`;
      return `${point.label}: ${latencyValues(range)[index]} ms instead of ${range.nominalMs} ms`;
    }
    case 'tie': {
      const options = point.label.replace(/^tie at \d+ ms: /, '').split(' | ');
      const at = /^tie at (-?\d+) ms/.exec(point.label)?.[1] ?? '?';
      return `at ${at} ms, "${options[index] ?? index}" runs before "${options[0]}"`;
    }
    case 'route':
      return `${point.label}: the ${ordinal(index + 1)} idle worker after round-robin's pick`;
    case 'jitter':
      return `${point.label.replace(/^jitter /, '')}: ${index} ms later`;
  }
}

function ordinal(n: number): string {
  return n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}

/** "#i description" for each choice that is not index 0. */
export function nonNominalChoices(points: readonly ChoicePoint[], choices: readonly number[]): string[] {
  const out: string[] = [];
  choices.forEach((c, i) => {
    if (c !== 0 && points[i]) out.push(`#${i} ${describeChoice(points[i], c)}`);
  });
  return out;
}
