/**
 * Reads an untrusted zip (an .xlsx workbook or a zip of CSV files) into memory, checking the central directory
 * before inflating anything (docs/domain.md §10): file size, entry count, declared sizes and compression ratios (zip
 * bombs), encryption, file names. Inflation is capped by the declared sizes (yauzl's validateEntrySizes) and by our
 * count.
 */
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { err, ok, type Result } from '../../domain/result.ts';
import { type FileIssue, IssueList } from '../csv/file-issue.ts';
import { entryName } from './zip-entry-name.ts';

export interface ZipLimits {
  /** The zip file itself. */
  readonly maxBytes: number;
  readonly maxEntries: number;
  /** Sum of the declared uncompressed sizes. */
  readonly maxTotalUncompressed: number;
  /** Uncompressed ÷ compressed, checked for entries of at least `ratioCheckFrom` bytes. */
  readonly maxRatio: number;
  readonly ratioCheckFrom: number;
}

const MB = 1024 * 1024;

/** 20 MB file, 1,000 entries, 100 MB uncompressed, no entry over 1 MB compressed more than 100:1. */
export const ZIP_LIMITS: ZipLimits = {
  maxBytes: 20 * MB,
  maxEntries: 1000,
  maxTotalUncompressed: 100 * MB,
  maxRatio: 100,
  ratioCheckFrom: MB,
};

export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * The files of a zip (directories left out), or located issues; `what` names the expected kind of file in
 * messages (「Excelファイル（.xlsx）」, 「zipファイル」). Never throws for bad input.
 */
export async function readZip(
  buffer: Buffer,
  file: string,
  what: string,
  limits: ZipLimits = ZIP_LIMITS,
): Promise<Result<ZipEntry[], FileIssue[]>> {
  const refused = checkSignature(buffer, file, what, limits);
  if (refused !== undefined) return err([refused]);
  let zip: ZipFile;
  try {
    zip = await openZip(buffer);
  } catch {
    return err([
      { file, message: `${what}が壊れているか、途中で切れています（zip の目録を読み取れません）。` },
    ]);
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      return err([
        {
          file,
          message: `${what}の中のファイルが多すぎます（${zip.entryCount}個、上限${limits.maxEntries}個）。`,
        },
      ]);
    }
    const listed = await listEntries(zip, file, what, limits);
    if (!listed.ok) return listed;
    return await inflateEntries(zip, listed.value, file, what, limits);
  } finally {
    zip.close();
  }
}

function checkSignature(
  buffer: Buffer,
  file: string,
  what: string,
  limits: ZipLimits,
): FileIssue | undefined {
  if (buffer.length > limits.maxBytes) {
    return {
      file,
      message: `ファイルが大きすぎます（${mb(buffer.length)}MB、上限${mb(limits.maxBytes)}MB）。`,
    };
  }
  if (buffer.subarray(0, 8).equals(OLE_SIGNATURE)) {
    return {
      file,
      message: `パスワード付き、または古い形式（.xls）のファイルは読み込めません。パスワードを外して${what}として保存し直してください。`,
    };
  }
  if (buffer.length < 4 || buffer.readUInt16BE(0) !== 0x504b) {
    return {
      file,
      message: `${what}として読み取れません（中身が zip 形式ではありません）。拡張子だけを変えたファイルや、CSV・.xls のファイルではないか確認してください。`,
    };
  }
  return undefined;
}

const mb = (bytes: number): string => (bytes / MB).toFixed(1).replace(/\.0$/, '');

const openZip = (buffer: Buffer): Promise<ZipFile> =>
  new Promise((resolve, reject) => {
    const options = { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false };
    yauzl.fromBuffer(buffer, options, (error, zip) => (error ? reject(error) : resolve(zip)));
  });

interface Listed {
  readonly entry: Entry;
  readonly name: string;
}

/** Reads the central directory only, checking every entry before anything is inflated. */
function listEntries(
  zip: ZipFile,
  file: string,
  what: string,
  limits: ZipLimits,
): Promise<Result<Listed[], FileIssue[]>> {
  return new Promise((resolve) => {
    const issues = new IssueList();
    const listed: Listed[] = [];
    const names = new Set<string>();
    let total = 0;
    zip.on('error', () => {
      issues.add({ file, message: `${what}が壊れています（zip の目録を読み取れません）。` });
      resolve(err(issues.list()));
    });
    zip.on('entry', (entry: Entry) => {
      const name = entryName(entry);
      const problem = entryProblem(entry, name, names, limits);
      if (problem !== undefined) issues.add({ file, message: `${what}の中の「${name ?? '?'}」: ${problem}` });
      total += entry.uncompressedSize;
      if (name !== undefined && !name.endsWith('/')) {
        names.add(name);
        listed.push({ entry, name });
      }
      zip.readEntry();
    });
    zip.on('end', () => {
      if (total > limits.maxTotalUncompressed) {
        issues.add({
          file,
          message: `${what}を展開すると大きすぎます（${mb(total)}MB、上限${mb(limits.maxTotalUncompressed)}MB）。zip爆弾の疑いがあります。`,
        });
      }
      resolve(issues.empty ? ok(listed) : err(issues.list()));
    });
    zip.readEntry();
  });
}

function entryProblem(
  entry: Entry,
  name: string | undefined,
  seen: Set<string>,
  limits: ZipLimits,
): string | undefined {
  if (name === undefined || yauzl.validateFileName(name) !== null) return 'ファイル名が不正です。';
  if (seen.has(name)) return '同じ名前のファイルが複数あります。';
  if (entry.isEncrypted()) return '暗号化されているため読み込めません。';
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) return '対応していない圧縮方式です。';
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (entry.uncompressedSize >= limits.ratioCheckFrom && ratio > limits.maxRatio) {
    return `圧縮率が異常に高すぎます（${Math.round(ratio)}倍、上限${limits.maxRatio}倍）。zip爆弾の疑いがあります。`;
  }
  return undefined;
}

async function inflateEntries(
  zip: ZipFile,
  listed: readonly Listed[],
  file: string,
  what: string,
  limits: ZipLimits,
): Promise<Result<ZipEntry[], FileIssue[]>> {
  const entries: ZipEntry[] = [];
  let budget = limits.maxTotalUncompressed;
  for (const { entry, name } of listed) {
    try {
      const data = await inflate(zip, entry, Math.min(budget, entry.uncompressedSize));
      budget -= data.length;
      entries.push({ name, data });
    } catch {
      return err([
        {
          file,
          message: `${what}の中の「${name}」を展開できません（ファイルが壊れているか、大きさが偽られています）。`,
        },
      ]);
    }
  }
  return ok(entries);
}

/** Inflates one entry, failing as soon as it yields more than `cap` bytes. */
async function inflate(zip: ZipFile, entry: Entry, cap: number): Promise<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size > cap) {
      stream.destroy();
      throw new Error(`entry larger than ${cap} bytes`);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}
