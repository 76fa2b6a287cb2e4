// `customerize model …` commands (check, compile, count, domains, bench), wired to the engine.
import type { Command } from 'commander';

export function registerModelCommands(program: Command): void {
  program.command('model').description('check, compile, count and benchmark product models');
}
