/**
 * Every read of an untrusted spreadsheet or archive runs here: in a worker thread with a heap limit and a
 * wall-clock timeout, so a hostile file costs at most that memory and that time, never the process (an 18 KB
 * workbook used to take the whole server's heap) nor its event loop (the site keeps answering meanwhile). The
 * pre-checks (xlsx-safety.ts, zip-read.ts) and the parsing both run inside. A worker that runs out of memory or time
 * becomes a Japanese FileIssue naming the limit. At most `concurrent` workers run at once; others wait their turn.
 */
import { Worker } from 'node:worker_threads';
import { err } from '../../domain/result.ts';
import type { readCsvZipFile } from '../csv/csv-archive.ts';
import type { FileIssue } from '../csv/file-issue.ts';
import type { SurveyExpectation } from '../survey/survey-model.ts';
import type { readSurveyWorkbook } from '../survey/survey-read.ts';
import type { readWorkbookFile } from '../xlsx/xlsx-read.ts';

export interface SandboxLimits {
  /** The worker's V8 heap (old generation), in MB. */
  readonly heapMb: number;
  readonly timeoutMs: number;
  /** Workers running at the same time in this process. */
  readonly concurrent: number;
}

export const SANDBOX_LIMITS: SandboxLimits = { heapMb: 256, timeoutMs: 60_000, concurrent: 2 };

/** What a worker is asked to read: the bytes, the name for messages, and which reader. */
export type SandboxTask =
  | { readonly kind: 'xlsx-tables'; readonly bytes: Uint8Array; readonly file: string }
  | { readonly kind: 'csv-zip'; readonly bytes: Uint8Array; readonly file: string }
  | {
      readonly kind: 'survey';
      readonly bytes: Uint8Array;
      readonly file: string;
      readonly expected: SurveyExpectation;
    };

/** Each reader's own result, whatever it is: the sandbox passes it through unchanged. */
export interface SandboxOutputs {
  readonly 'xlsx-tables': Awaited<ReturnType<typeof readWorkbookFile>>;
  readonly 'csv-zip': Awaited<ReturnType<typeof readCsvZipFile>>;
  readonly survey: Awaited<ReturnType<typeof readSurveyWorkbook>>;
}

/**
 * The worker's entry. Compiled (dist/, what the CLI and the server run) the task is JavaScript and the worker loads
 * it directly; run from the TypeScript sources (the tests, `tsx`) a worker thread does not inherit its parent's
 * loader, so sandbox-worker.mjs registers tsx before loading sandbox-task.ts.
 */
const WORKER = import.meta.url.endsWith('.ts')
  ? new URL('./sandbox-worker.mjs', import.meta.url)
  : new URL('./sandbox-task.js', import.meta.url);

/** Runs the task's reader in a fresh worker; a worker that dies or overruns gives a refusal, never a throw. */
export async function runSandboxed<T extends SandboxTask>(
  task: T,
  limits: SandboxLimits = SANDBOX_LIMITS,
): Promise<SandboxOutputs[T['kind']]> {
  await slots.acquire(limits.concurrent);
  try {
    return (await runWorker(task, limits)) as SandboxOutputs[T['kind']];
  } finally {
    slots.release();
  }
}

function runWorker(task: SandboxTask, limits: SandboxLimits): Promise<unknown> {
  return new Promise((resolve) => {
    const refuse = (message: string) => err<FileIssue[]>([{ file: task.file, message }]);
    const worker = new Worker(WORKER, {
      workerData: task,
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    });
    let settled = false;
    const settle = (value: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
      void worker.terminate();
    };
    const timer = setTimeout(() => {
      settle(
        refuse(
          `読み込みが処理時間の上限（${limits.timeoutMs / 1000}秒）を超えたため中止しました。ファイルが大きすぎるか、壊れているか、細工されています。`,
        ),
      );
    }, limits.timeoutMs);
    worker.once('message', settle);
    worker.once('error', (error: Error & { code?: string }) => {
      settle(
        refuse(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `読み込みに必要なメモリが上限（${limits.heapMb}MB）を超えたため中止しました。ファイルが大きすぎるか、細工されています。`
            : 'ファイルを読み取れませんでした（読み込みの処理が異常終了しました）。ファイルが壊れているか、細工されています。',
        ),
      );
    });
    worker.once('exit', () => {
      settle(refuse('ファイルを読み取れませんでした（読み込みの処理が途中で終了しました）。'));
    });
  });
}

/** A counting semaphore: the waiting readers start in arrival order. */
const slots = (() => {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async acquire(max: number): Promise<void> {
      if (running < max) {
        running += 1;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    release(): void {
      const next = waiting.shift();
      if (next === undefined) running -= 1;
      else next();
    },
  };
})();

/** The plan's tables (and 版 sheet) from an .xlsx, read in the sandbox (see readWorkbookFile). */
export const readTablesXlsxSandboxed = (buffer: Uint8Array, file: string) =>
  runSandboxed({ kind: 'xlsx-tables', bytes: buffer, file });

/** The plan's tables (and 版.csv) from a zip of CSV files, read in the sandbox (see readCsvZipFile). */
export const readCsvZipSandboxed = (buffer: Uint8Array, file: string) =>
  runSandboxed({ kind: 'csv-zip', bytes: buffer, file });

/** A returned 調査票, read in the sandbox (see readSurveyWorkbook). */
export const readSurveyWorkbookSandboxed = (buffer: Uint8Array, expected: SurveyExpectation, file: string) =>
  runSandboxed({ kind: 'survey', bytes: buffer, file, expected });
