// The sandbox worker's entry when running from the TypeScript sources (tests, tsx); compiled, sandbox.ts starts
// sandbox-task.js directly. A worker thread does not inherit the loader its parent registered, so it registers its own
// before loading the task.
import { register } from 'tsx/esm/api';

register();
await import('./sandbox-task.ts');
