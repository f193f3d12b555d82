// Runs every benchmark in turn: npm run bench [-- --write-docs]. Each one can also run alone (bench:import, bench:web, bench:report, bench:staff).
import { spawnSync } from 'node:child_process';

const forward = process.argv.includes('--write-docs') ? ['--write-docs'] : [];
for (const script of [
  'bench/national-import.ts',
  'bench/web-throughput.ts',
  'bench/report-formats.ts',
  'bench/staff-writes.ts',
]) {
  process.stderr.write(`\n==> ${script}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, ...forward], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
