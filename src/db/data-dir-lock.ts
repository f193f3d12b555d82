import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Thrown when another process holds the embedded database. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes an exclusive lock on a PGlite data directory (PGlite runs in one process only): a lock file beside the
 * directory holding our pid. A lock left by a process that no longer runs is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = `${dataDir}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
      // Our own pid counts too: PGlite must not be opened twice, even within one process.
      if (Number.isInteger(pid) && isAlive(pid)) {
        throw new DataDirLockedError(
          `組み込みデータベース（${dataDir}）は別のプロセス（PID ${pid}）が使用中です。そのプロセスを終了してから実行してください。複数のプロセスから使う場合は DATABASE_URL で PostgreSQL サーバーを指定してください。`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new DataDirLockedError(`組み込みデータベース（${dataDir}）のロックを取得できませんでした。`);
}
