// The sandbox worker's entry (sandbox.ts starts it): the sources are TypeScript run through tsx, and a worker thread
// does not inherit the loader its parent registered, so it registers its own before loading the task.
import { register } from 'tsx/esm/api';

register();
await import('./sandbox-task.ts');
