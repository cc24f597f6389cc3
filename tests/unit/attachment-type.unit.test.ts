import { describe, expect, it } from 'vitest';
import { attachmentContentType, attachmentName } from '../../server/domain/messages/attachment-type.ts';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('attachmentContentType', () => {
  it('knows the accepted kinds by their bytes, whatever the name says', () => {
    expect(attachmentContentType(bytes('%PDF-1.7\n'), 'quote.exe')).toBe('application/pdf');
    expect(attachmentContentType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'a')).toBe('image/png');
    expect(attachmentContentType(bytes([0xff, 0xd8, 0xff, 0xe0]), 'photo.png')).toBe('image/jpeg');
    expect(attachmentContentType(bytes('GIF89a'), 'x')).toBe('image/gif');
    expect(attachmentContentType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'x')).toBe('image/webp');
    expect(attachmentContentType(bytes([0x50, 0x4b, 3, 4], 'xl/workbook.xml'), 'x.zip')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(attachmentContentType(bytes([0x50, 0x4b, 3, 4], 'word/document.xml'), 'x')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(attachmentContentType(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'x')).toBe(
      'application/vnd.ms-excel',
    );
    expect(attachmentContentType(bytes('PO,Qty\nPO-1,4\n'), 'lines.CSV')).toBe('text/csv');
    expect(attachmentContentType(new Uint8Array(Buffer.from('Liefertermin: 12. März', 'utf8')), 'note.txt')).toBe(
      'text/plain',
    );
  });

  it('refuses executables, other archives, binary data and empty files', () => {
    expect(attachmentContentType(bytes('MZ', [0x90, 0, 3, 0]), 'invoice.pdf')).toBeNull();
    expect(attachmentContentType(bytes([0x50, 0x4b, 3, 4], 'payload.js'), 'x.docx')).toBeNull();
    expect(attachmentContentType(bytes([0x7f, 0x45, 0x4c, 0x46, 0]), 'x')).toBeNull();
    expect(attachmentContentType(bytes([0xc3, 0x28]), 'x.txt')).toBeNull();
    expect(attachmentContentType(new Uint8Array(), 'x.txt')).toBeNull();
  });
});

describe('attachmentName', () => {
  it('keeps the last path segment without control characters', () => {
    expect(attachmentName('C:\\Users\\mara\\quote.pdf')).toBe('quote.pdf');
    expect(attachmentName('../../etc/passwd')).toBe('passwd');
    expect(attachmentName('a\u0000b\nc.pdf')).toBe('abc.pdf');
    expect(attachmentName('   ')).toBe('attachment');
    expect(attachmentName('x'.repeat(300))).toHaveLength(200);
  });
});
