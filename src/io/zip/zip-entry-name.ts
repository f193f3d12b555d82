import { TextDecoder } from 'node:util';
import yauzl, { type Entry } from 'yauzl';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const strictSjis = new TextDecoder('shift_jis', { fatal: true });

/**
 * The entry's name: from the Info-ZIP Unicode Path field when there is one; else strict UTF-8 (flagged or not:
 * some tools set the flag wrongly), else Shift_JIS (Japanese Windows Explorer zips carry no flag), else CP437.
 */
export function entryName(entry: Entry): string | undefined {
  const raw = entry.fileNameRaw;
  const declared = () =>
    yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
  try {
    const unicodeField = entry.extraFields.some((f) => f.id === 0x7075);
    const ascii = raw.every((b) => b < 0x80);
    const name =
      unicodeField || ascii
        ? declared()
        : (decodeOrUndefined(strictUtf8, raw) ?? decodeOrUndefined(strictSjis, raw) ?? declared());
    return name.replaceAll('\\', '/').normalize('NFC');
  } catch {
    return undefined;
  }
}

function decodeOrUndefined(decoder: TextDecoder, bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}
