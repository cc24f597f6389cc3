// The new words of an email reply, without the quoted history or signature.
import { describe, expect, it } from 'vitest';
import { trimQuotedReply } from '../../server/domain/messages/reply-text.ts';

describe('trimQuotedReply', () => {
  it('cuts at Gmail and Apple Mail attributions, on one line or two', () => {
    expect(trimQuotedReply('Friday.\n\nOn Mon, 7 Dec 2026 at 09:00, Ada <a@x> wrote:\n> When?')).toBe('Friday.');
    expect(trimQuotedReply('Friday.\nOn Mon, 7 Dec 2026 at 09:00, Ada Buyer\n<a@x> wrote:\n> When?')).toBe('Friday.');
    expect(trimQuotedReply('Freitag.\n\nAm 07.12.2026 um 09:00 schrieb Ada <a@x>:\n> Wann?')).toBe('Freitag.');
  });
  it("cuts at Outlook's original message and its header block", () => {
    expect(trimQuotedReply('Yes.\r\n\r\n-----Original Message-----\r\nFrom: Ada\r\nSent: Monday')).toBe('Yes.');
    expect(trimQuotedReply('Yes.\n\nFrom: Ada Buyer <a@x>\nSent: Monday, December 7\nTo: Mara\n\nWhen?')).toBe('Yes.');
    expect(trimQuotedReply('Yes.\n________________________________\nFrom: Ada')).toBe('Yes.');
  });
  it('cuts at a signature and a trailing quote, and keeps a "From:" that is not a header block', () => {
    expect(trimQuotedReply('Friday.\n-- \nMara Stein\nVoltaris')).toBe('Friday.');
    expect(trimQuotedReply('Friday.\n\n> When can you ship?\n>')).toBe('Friday.');
    expect(trimQuotedReply('From: our plant in Lyon, as agreed.\nFriday.')).toBe(
      'From: our plant in Lyon, as agreed.\nFriday.',
    );
  });
  it('answers nothing for an email that is all quote', () => {
    expect(trimQuotedReply('> When?\n> Ada')).toBe('');
  });
});
