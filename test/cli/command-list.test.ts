import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, selectedCommand } from '../../src/cli/main.ts';
import { runCli } from './cli-harness.ts';

describe('the command list main.ts shows without loading the commands', () => {
  it.each(COMMANDS.map((entry) => [entry.name, entry]))(
    '%s: the listed description is the command’s own',
    async (name, entry) => {
      const program = new Command('shinchoku');
      (await entry.load())(program, { out: () => {}, err: () => {} }, () => {});
      expect(program.commands.map((c) => c.name())).toEqual([name]);
      expect(entry.description).toBe(program.commands[0]?.description());
    },
  );

  it('selects the command that runs or whose help is asked for', () => {
    expect(selectedCommand(['summary', '--fy', 'R6'])).toBe('summary');
    expect(selectedCommand(['help', 'report'])).toBe('report');
    expect(selectedCommand(['--help', 'db', 'backup'])).toBe('db');
    expect(selectedCommand(['help'])).toBeUndefined();
    expect(selectedCommand(['--version'])).toBeUndefined();
    expect(selectedCommand([])).toBeUndefined();
  });

  it('a command’s help shows its options; the list shows every command once', async () => {
    const summary = await runCli('summary', '--help');
    expect(summary.code).toBe(0);
    expect(summary.out).toContain('--fy <year>');
    const list = await runCli('--help');
    const names = [...list.out.matchAll(/^ {2}([a-z]+)\s/gm)].map((m) => m[1]);
    expect(names).toEqual([
      'summary',
      'evaluate',
      'check',
      'validate',
      'serve',
      'import',
      'export',
      'db',
      'report',
      'user',
      'organisation',
      'operator',
      'help',
    ]);
  });
});
