import yazl from 'yazl';

// A fixed time built from local fields (DOS times are local), stored without the UTC extra field: the same files
// give the same zip bytes on every machine and every day.
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);

/**
 * Writes files into a deterministic zip (fixed times, fixed modes, names as given, in the order given);
 * `compress: false` stores them (faster, for zips that stay in memory).
 */
export function writeZip(
  files: Iterable<readonly [string, Buffer]>,
  options: { readonly compress?: boolean } = {},
): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const compress = options.compress ?? true;
  for (const [name, data] of files) {
    zip.addBuffer(data, name, { mtime: FIXED_MTIME, mode: 0o100644, forceDosTimestamp: true, compress });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.end();
  });
}
