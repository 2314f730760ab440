// The course, in order. docs/lessons/ is generated from these (npx cachelab lesson <n> --markdown).
import { UsageError } from '../../src/config';
import { runScenario } from '../run';
import { getScenario } from '../scenarios/index';
import type { Trace } from '../trace';
import { lesson1 } from './lesson1';
import { lesson2 } from './lesson2';
import { lesson3 } from './lesson3';
import { lesson4 } from './lesson4';
import { lesson5 } from './lesson5';
import { lesson6 } from './lesson6';
import { lesson7 } from './lesson7';
import { lesson8 } from './lesson8';
import { lesson9 } from './lesson9';
import { lesson10 } from './lesson10';
import { lesson11 } from './lesson11';
import type { Lesson } from './types';

export const LESSONS: Lesson[] = [lesson1, lesson2, lesson3, lesson4, lesson5, lesson6, lesson7, lesson8, lesson9, lesson10, lesson11];

export function getLesson(n: number): Lesson {
  const l = LESSONS.find((x) => x.n === n);
  if (!l) throw new UsageError(`no lesson ${n}; lessons: ${LESSONS.map((x) => `${x.n} (${x.title})`).join(', ')}`);
  return l;
}

export function runLesson(lesson: Lesson): Trace {
  const { scenario, preset, overrides, seed } = lesson.run;
  return runScenario(getScenario(scenario), { preset, overrides, seed });
}

export function lessonCommand(lesson: Lesson): string {
  const { scenario, preset, overrides, seed } = lesson.run;
  return ['npx cachelab run', scenario, '--config', preset, ...overrides.flatMap((o) => ['--set', o]), ...(seed === null ? [] : ['--seed', String(seed)]), '--format timing'].join(' ');
}
