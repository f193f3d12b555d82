#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so the command works right after `npm install`.
import { register } from 'tsx/esm/api';

// A reader that stops early (`shinchoku evaluate | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

register();
const { run } = await import('../src/cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
