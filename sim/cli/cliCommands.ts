// Every command, in the order `cachelab --help` lists them.
import { checkCommand } from './cliCheck';
import type { CliCommand } from './cliCommand';
import { configCommand } from './cliConfig';
import { conformanceCommand } from './cliConformance';
import { lessonCommandCli } from './cliLesson';
import { exploreCommand } from './cliExplore';
import { matrixCommand } from './cliMatrix';
import { mergeCommand } from './cliMerge';
import { rangeCommand } from './cliRange';
import { replayCommand } from './cliReplay';
import { runCommand } from './cliRun';
import { scenariosCommand } from './cliScenarios';

export const COMMANDS: CliCommand[] = [scenariosCommand, runCommand, rangeCommand, configCommand, conformanceCommand, lessonCommandCli, checkCommand, exploreCommand, mergeCommand, replayCommand, matrixCommand];
