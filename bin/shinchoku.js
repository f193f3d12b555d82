#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so the command works right after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
