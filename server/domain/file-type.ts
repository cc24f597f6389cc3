// What an uploaded file is, judged by its bytes (never by its name or the
// content type the client claimed): CSV text, an XLSX or an XLS workbook, or
// something else, described for the error message. Pure: no I/O.
import { isUtf8 } from 'node:buffer';

export type UploadFileType = 'csv' | 'xlsx' | 'xls';

/** The largest upload accepted: 50 MB. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export type TextEncoding = 'utf-8' | 'windows-1252';

export type FileContent =
  | { kind: 'csv'; encoding: TextEncoding }
  | { kind: 'xlsx' }
  | { kind: 'xls' }
  | { kind: 'empty' }
  | { kind: 'other'; description: string };

/** The content type stored for a file of this type when the client sent none. */
export const CONTENT_TYPES: Record<UploadFileType, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
};

const LABELS: Record<UploadFileType, string> = {
  csv: 'CSV text',
  xlsx: 'an XLSX workbook',
  xls: 'an XLS (Excel 97-2003) workbook',
};

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

const ascii = (text: string): number[] => Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));

interface Signature {
  signature: number[];
  description: string;
}

/** Signatures of files people upload by mistake, distinctive enough to win over the text test. */
const KNOWN_BINARIES: readonly Signature[] = [
  { signature: ascii('%PDF-'), description: 'a PDF document' },
  { signature: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], description: 'a PNG image' },
  { signature: [0xff, 0xd8, 0xff], description: 'a JPEG image' },
  { signature: ascii('GIF87a'), description: 'a GIF image' },
  { signature: ascii('GIF89a'), description: 'a GIF image' },
  { signature: [0x1f, 0x8b], description: 'a gzip archive' },
  { signature: [0x50, 0x4b, 0x05, 0x06], description: 'an empty ZIP archive' },
  { signature: [0x50, 0x4b, 0x07, 0x08], description: 'a split ZIP archive' },
  { signature: ascii('Rar!\x1a\x07'), description: 'a RAR archive' },
  { signature: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], description: 'a 7-Zip archive' },
  { signature: [0x7f, 0x45, 0x4c, 0x46], description: 'an ELF executable' },
  { signature: [0xff, 0xfe], description: 'UTF-16 text (save the CSV as UTF-8 instead)' },
  { signature: [0xfe, 0xff], description: 'UTF-16 text (save the CSV as UTF-8 instead)' },
];

/** Signatures too short to trust on their own ("MZ" may start a CSV header): only said of what is not text. */
const WEAK_SIGNATURES: readonly Signature[] = [{ signature: ascii('MZ'), description: 'a Windows executable' }];

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

/** Bytes Windows-1252 leaves undefined: text that has them is in some other encoding. */
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

// Node's own checks over the bytes, without decoding them into a string: a 50 MB upload is checked in
// milliseconds, where decoding it (UTF-8) or looping over it (Windows-1252) held the server 0.15-0.6 s.
function isWindows1252(bytes: Uint8Array): boolean {
  for (const b of UNDEFINED_IN_1252) if (bytes.includes(b)) return false;
  return true;
}

/** What the bytes are. */
export function sniffFileContent(bytes: Uint8Array): FileContent {
  if (bytes.length === 0) return { kind: 'empty' };
  if (startsWith(bytes, ZIP)) return { kind: 'xlsx' };
  if (startsWith(bytes, OLE)) return { kind: 'xls' };
  const known = KNOWN_BINARIES.find((k) => startsWith(bytes, k.signature));
  if (known) return { kind: 'other', description: known.description };
  const hasNul = bytes.includes(0);
  if (!hasNul && isUtf8(bytes)) return { kind: 'csv', encoding: 'utf-8' };
  if (!hasNul && isWindows1252(bytes)) return { kind: 'csv', encoding: 'windows-1252' };
  const weak = WEAK_SIGNATURES.find((k) => startsWith(bytes, k.signature));
  if (weak) return { kind: 'other', description: weak.description };
  return {
    kind: 'other',
    description: hasNul ? 'binary data (it contains NUL bytes)' : 'data that is neither UTF-8 nor Windows-1252 text',
  };
}

export type UploadCheck =
  | { ok: true; fileType: UploadFileType; encoding: TextEncoding | null }
  | { ok: false; field: 'file' | 'fileType'; message: string; tooLarge: boolean };

function refuse(field: 'file' | 'fileType', message: string, tooLarge = false): UploadCheck {
  return { ok: false, field, message, tooLarge };
}

/**
 * Whether an uploaded file may be accepted, and as which type: it must be
 * non-empty, at most MAX_UPLOAD_BYTES, CSV text or an XLSX/XLS workbook, and
 * agree with the declared fileType; with none declared, the content decides.
 */
export function checkUploadFile(
  bytes: Uint8Array,
  declared: UploadFileType | null | undefined,
  fileName = '',
): UploadCheck {
  const named = fileName ? `"${fileName}"` : 'the file';
  if (bytes.length > MAX_UPLOAD_BYTES) {
    return refuse('file', `${named} is over the ${MAX_UPLOAD_BYTES / 1024 / 1024} MB upload limit.`, true);
  }
  const content = sniffFileContent(bytes);
  if (content.kind === 'empty') return refuse('file', `${named} is empty.`);
  if (content.kind === 'other') {
    return refuse(
      'file',
      `file must be CSV text (UTF-8 or Windows-1252), an XLSX or an XLS workbook; ${named} is ${content.description}.`,
    );
  }
  if (declared && declared !== content.kind) {
    return refuse('fileType', `fileType is "${declared}" but ${named} is ${LABELS[content.kind]}.`);
  }
  return { ok: true, fileType: content.kind, encoding: content.kind === 'csv' ? content.encoding : null };
}
