// The `customerize` command as a user runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildProgram } from '../src/cli/program.ts';
import { connectDatabase } from '../src/db/connect.ts';
import { listTables } from '../src/db/migrate.ts';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../bin/customerize.mjs', import.meta.url));

test('every command answers --help with its description and options', () => {
  const program = buildProgram();
  const visit = (cmd: typeof program, path: string[]): void => {
    const help = cmd.helpInformation();
    assert.match(help, /Usage: /, path.join(' '));
    assert.match(help, /-h, --help/, `${path.join(' ')} lists --help`);
    assert.ok(cmd.description().length > 0, `${path.join(' ')} has a description`);
    for (const sub of cmd.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, ['customerize']);
  const names = program.commands.map((c) => c.name());
  for (const expected of ['serve', 'db', 'model'])
    assert.ok(names.includes(expected), `has ${expected}`);
  const serve = program.commands.find((c) => c.name() === 'serve')!;
  for (const flag of ['--port', '--host', '--data-dir', '--database-url']) {
    assert.ok(
      serve.options.some((o) => o.long === flag),
      `serve has ${flag}`,
    );
  }
});

test('the installed binary prints help and migrates a fresh data folder', async () => {
  const help = await run(process.execPath, [bin, 'serve', '--help']);
  assert.match(help.stdout, /--data-dir <dir>/);
  const dir = mkdtempSync(join(tmpdir(), 'customerize-cli-'));
  try {
    const migrated = await run(process.execPath, [bin, 'db', 'migrate', '--data-dir', dir]);
    assert.match(migrated.stdout, /database is up to date/);
    const database = await connectDatabase({ dataDir: dir });
    try {
      const tables = await listTables(database);
      for (const t of ['tenants', 'staff_users', 'customers', 'sessions', 'api_keys'])
        assert.ok(tables.includes(t), t);
    } finally {
      await database.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad option value is refused with a message, not a stack trace', async () => {
  await assert.rejects(
    run(process.execPath, [bin, 'serve', '--port', 'eighty']),
    (e: { stderr: string; code: number }) => {
      assert.match(e.stderr, /must be a port number/);
      assert.notEqual(e.code, 0);
      return true;
    },
  );
});
