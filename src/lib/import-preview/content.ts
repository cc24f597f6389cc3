// What a dropped file is, judged by its first bytes as the server judges it
// (server/domain/file-type.ts): CSV text (UTF-8 or Windows-1252), an XLSX or
// XLS workbook, or something else, described for the message. Pure.

export type FileType = 'csv' | 'xlsx' | 'xls';
export type Encoding = 'utf-8' | 'windows-1252';

export type FileContent =
  | { kind: 'csv'; encoding: Encoding }
  | { kind: 'xlsx' }
  | { kind: 'xls' }
  | { kind: 'empty' }
  | { kind: 'other'; description: string };

/** The largest file the server takes (50 MB). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** The file name extensions offered and accepted. */
export const ACCEPTED_EXTENSIONS = ['.csv', '.xlsx', '.xls'] as const;

const ascii = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));

const startsWith = (bytes: Uint8Array, signature: readonly number[]): boolean =>
  bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

const KNOWN_BINARIES: readonly { signature: number[]; description: string }[] = [
  { signature: ascii('%PDF-'), description: 'a PDF document' },
  { signature: [0x89, 0x50, 0x4e, 0x47], description: 'a PNG image' },
  { signature: [0xff, 0xd8, 0xff], description: 'a JPEG image' },
  { signature: ascii('GIF8'), description: 'a GIF image' },
  { signature: [0x1f, 0x8b], description: 'a gzip archive' },
  { signature: ascii('Rar!'), description: 'a RAR archive' },
  { signature: [0x37, 0x7a, 0xbc, 0xaf], description: 'a 7-Zip archive' },
  { signature: [0xff, 0xfe], description: 'UTF-16 text (save the CSV as UTF-8 instead)' },
  { signature: [0xfe, 0xff], description: 'UTF-16 text (save the CSV as UTF-8 instead)' },
];

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
/** Bytes Windows-1252 leaves undefined. */
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * The text of the bytes: UTF-8 without its byte order mark when valid, else
 * Windows-1252. `partial` says the bytes are the start of a longer file, so a
 * character cut at the end is not held against UTF-8.
 */
export function decodeText(bytes: Uint8Array, partial = false): { text: string; encoding: Encoding } | null {
  try {
    // TextDecoder drops the UTF-8 byte order mark by default.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: partial });
    return { text, encoding: 'utf-8' };
  } catch {
    if (bytes.some((b) => UNDEFINED_IN_1252.has(b))) return null;
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** What the first bytes of a file are (the whole file when `partial` is false). */
export function sniffContent(bytes: Uint8Array, partial = false): FileContent {
  if (bytes.length === 0) return { kind: 'empty' };
  if (startsWith(bytes, ZIP)) return { kind: 'xlsx' };
  if (startsWith(bytes, OLE)) return { kind: 'xls' };
  const known = KNOWN_BINARIES.find((k) => startsWith(bytes, k.signature));
  if (known) return { kind: 'other', description: known.description };
  if (bytes.includes(0)) return { kind: 'other', description: 'binary data (it contains NUL bytes)' };
  const decoded = decodeText(bytes, partial);
  if (!decoded) return { kind: 'other', description: 'data that is neither UTF-8 nor Windows-1252 text' };
  return { kind: 'csv', encoding: decoded.encoding };
}

/** The extension of a file name, lower case with its dot ("" when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot).toLowerCase();
}

/** "12 KB", "3.4 MB": a size for people. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / 1024 / 1024;
  return `${mb < 10 ? mb.toFixed(1).replace(/\.0$/, '') : Math.round(mb)} MB`;
}
