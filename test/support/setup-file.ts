import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';

// The server, when there is one, is for the repository tests (test/support/databases.ts), which give every
// database a schema of its own; commands under test use a private copy of the seeded embedded database.
if (process.env.DATABASE_URL && !process.env.SHINCHOKU_TEST_DATABASE_URL) {
  process.env.SHINCHOKU_TEST_DATABASE_URL = process.env.DATABASE_URL;
}
delete process.env.DATABASE_URL;

const root = mkdtempSync(join(tmpdir(), 'shinchoku-file-'));
const dataDir = join(root, 'data');
cpSync(inject('templateDataDir'), dataDir, { recursive: true });
process.env.SHINCHOKU_DATA_DIR = dataDir;
// The migrated empty database that repository tests load (test/support/databases.ts).
process.env.SHINCHOKU_TEST_MIGRATED_DUMP = inject('migratedDump');

afterAll(() => rmSync(root, { recursive: true, force: true }));
