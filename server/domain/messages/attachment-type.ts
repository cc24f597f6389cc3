// What a message attachment is, judged by its bytes (never by its name or the
// content type the client claimed): the kinds buyers and vendors exchange
// about orders. Anything else, a script or an executable, is refused. Pure.
import { isUtf8 } from 'node:buffer';

/** The largest attachment: 10 MB. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export const ALLOWED_ATTACHMENTS = 'a PDF, a PNG, JPEG, GIF or WebP image, an XLSX, DOCX or XLS file, or plain text';

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...Buffer.from(text, 'latin1')];

/** Whether `needle` occurs in the bytes (ZIP entry names are stored as plain text). */
function contains(bytes: Uint8Array, needle: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle, 0, 'latin1');
}

/** A PNG, JPEG, GIF or WebP image's content type, by its first bytes; null for anything else (SVG included: it runs script). */
export function imageContentType(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

/** The content type to store and serve the attachment as; null when it is not a kind that is accepted. */
export function attachmentContentType(bytes: Uint8Array, name: string): string | null {
  if (bytes.length === 0) return null;
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  const image = imageContentType(bytes);
  if (image) return image;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (contains(bytes, 'xl/workbook.xml')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    if (contains(bytes, 'word/document.xml'))
      return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    return null;
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'application/vnd.ms-excel';
  if (!bytes.includes(0) && isUtf8(bytes)) return /\.csv$/i.test(name) ? 'text/csv' : 'text/plain';
  return null;
}

/** The name kept for a file: its last path segment, without control characters, at most 200 characters. */
export function attachmentName(sent: string): string {
  const base = sent.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean || 'attachment').slice(0, 200);
}
