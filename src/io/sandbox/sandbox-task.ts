/**
 * Inside the sandbox worker: runs the one reader the task names on the bytes it was given and posts back what the
 * reader returns (a Result of plain data). Nothing here touches the database, the network or the file system.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readCsvZipFile } from '../csv/csv-archive.ts';
import { readSurveyWorkbook } from '../survey/survey-read.ts';
import { readWorkbookFile } from '../xlsx/xlsx-read.ts';
import type { SandboxOutputs, SandboxTask } from './sandbox.ts';

async function runTask(task: SandboxTask): Promise<SandboxOutputs[SandboxTask['kind']]> {
  const buffer = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
  switch (task.kind) {
    case 'xlsx-tables':
      return readWorkbookFile(buffer, task.file);
    case 'csv-zip':
      return readCsvZipFile(buffer, task.file);
    case 'survey':
      return readSurveyWorkbook(buffer, task.expected, task.file);
  }
}

parentPort?.postMessage(await runTask(workerData as SandboxTask));
