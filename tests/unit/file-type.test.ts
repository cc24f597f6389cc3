// Content sniffing of uploaded files: what the bytes are, whatever the name or declared type says.
import { describe, expect, it } from 'vitest';
import { checkUploadFile, MAX_UPLOAD_BYTES, sniffFileContent } from '../../server/domain/file-type.ts';

const bytes = (...parts: (string | number[])[]): Uint8Array => {
  const out: number[] = [];
  for (const part of parts) {
    if (typeof part === 'string') out.push(...new TextEncoder().encode(part));
    else out.push(...part);
  }
  return Uint8Array.from(out);
};

const XLSX = bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], '[Content_Types].xml');
const XLS = bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00, 0x00]);

describe('sniffFileContent', () => {
  it('recognizes UTF-8 CSV text, with or without a byte order mark', () => {
    expect(sniffFileContent(bytes('PO,Line,Qty\nPO-1,10,5\n'))).toEqual({ kind: 'csv', encoding: 'utf-8' });
    expect(sniffFileContent(bytes([0xef, 0xbb, 0xbf], 'Bestell-Nr.,Menge\nA-ö,3\n'))).toEqual({
      kind: 'csv',
      encoding: 'utf-8',
    });
  });

  it('recognizes Windows-1252 text that is not UTF-8', () => {
    // "Größe;Preis €" saved by Excel as Windows-1252: ö = F6, ß = DF, € = 80.
    expect(sniffFileContent(bytes('Gr', [0xf6, 0xdf], 'e;Preis ', [0x80], '\n'))).toEqual({
      kind: 'csv',
      encoding: 'windows-1252',
    });
  });

  it('refuses bytes Windows-1252 leaves undefined when the text is not UTF-8', () => {
    const r = sniffFileContent(bytes('a,b\n', [0x81, 0x9d], '\n'));
    expect(r.kind).toBe('other');
  });

  it('recognizes workbooks by their magic bytes', () => {
    expect(sniffFileContent(XLSX)).toEqual({ kind: 'xlsx' });
    expect(sniffFileContent(XLS)).toEqual({ kind: 'xls' });
  });

  it('says what other files are', () => {
    const describe = (b: Uint8Array) => {
      const r = sniffFileContent(b);
      return r.kind === 'other' ? r.description : r.kind;
    };
    expect(describe(bytes('%PDF-1.7\n', [0xe2, 0xe3, 0xcf, 0xd3]))).toMatch(/PDF/);
    expect(describe(bytes([0x89], 'PNG\r\n', [0x1a], '\n', [0, 0, 0, 13]))).toMatch(/PNG/);
    expect(describe(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16]))).toMatch(/JPEG/);
    expect(describe(bytes([0x1f, 0x8b, 8, 0]))).toMatch(/gzip/);
    expect(describe(bytes([0xff, 0xfe], 'a', [0], ',', [0]))).toMatch(/UTF-16/);
    expect(describe(bytes('MZ', [0x90, 0, 3, 0]))).toMatch(/Windows executable/);
    expect(describe(bytes('abc', [0], 'def'))).toMatch(/NUL/);
  });

  it('does not mistake a CSV whose header starts with MZ for an executable', () => {
    expect(sniffFileContent(bytes('MZ code,Qty\nX,1\n'))).toEqual({ kind: 'csv', encoding: 'utf-8' });
  });

  it('calls zero bytes empty', () => {
    expect(sniffFileContent(new Uint8Array(0))).toEqual({ kind: 'empty' });
  });
});

describe('checkUploadFile', () => {
  it('accepts CSV text, with or without a declared csv fileType', () => {
    const csv = bytes('a,b\n1,2\n');
    expect(checkUploadFile(csv, undefined)).toEqual({ ok: true, fileType: 'csv', encoding: 'utf-8' });
    expect(checkUploadFile(csv, 'csv')).toEqual({ ok: true, fileType: 'csv', encoding: 'utf-8' });
  });

  it('takes the type from the content when none is declared', () => {
    expect(checkUploadFile(XLSX, null)).toMatchObject({ ok: true, fileType: 'xlsx', encoding: null });
    expect(checkUploadFile(XLS, undefined)).toMatchObject({ ok: true, fileType: 'xls' });
  });

  it('refuses a declared fileType the content contradicts, naming both', () => {
    const r = checkUploadFile(bytes('a,b\n'), 'xlsx', 'orders.xlsx');
    expect(r).toMatchObject({ ok: false, field: 'fileType', tooLarge: false });
    if (!r.ok) expect(r.message).toBe('fileType is "xlsx" but "orders.xlsx" is CSV text.');
    expect(checkUploadFile(XLSX, 'csv')).toMatchObject({ ok: false, field: 'fileType' });
    expect(checkUploadFile(XLSX, 'xls')).toMatchObject({ ok: false, field: 'fileType' });
    expect(checkUploadFile(XLS, 'xlsx')).toMatchObject({ ok: false, field: 'fileType' });
  });

  it('refuses an empty file on the file field', () => {
    const r = checkUploadFile(new Uint8Array(0), 'csv', 'orders.csv');
    expect(r).toMatchObject({ ok: false, field: 'file', tooLarge: false });
    if (!r.ok) expect(r.message).toMatch(/empty/);
  });

  it('refuses a file that is neither text nor a workbook, saying what it is', () => {
    const r = checkUploadFile(bytes('%PDF-1.4\n'), undefined, 'scan.pdf');
    expect(r).toMatchObject({ ok: false, field: 'file' });
    if (!r.ok) expect(r.message).toMatch(/"scan.pdf" is a PDF document/);
  });

  it('refuses a file over the limit as too large', () => {
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(0x61);
    expect(checkUploadFile(big, 'csv')).toMatchObject({ ok: false, field: 'file', tooLarge: true });
    const atLimit = new Uint8Array(MAX_UPLOAD_BYTES).fill(0x61);
    expect(checkUploadFile(atLimit, 'csv')).toMatchObject({ ok: true, fileType: 'csv' });
  });
});
