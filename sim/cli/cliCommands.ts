// Every command, in the order `cachelab --help` lists them.
import type { CliCommand } from './cliCommand';
import { configCommand } from './cliConfig';
import { conformanceCommand } from './cliConformance';
import { lessonCommandCli } from './cliLesson';
import { rangeCommand } from './cliRange';
import { runCommand } from './cliRun';
import { scenariosCommand } from './cliScenarios';

export const COMMANDS: CliCommand[] = [scenariosCommand, runCommand, rangeCommand, configCommand, conformanceCommand, lessonCommandCli];
