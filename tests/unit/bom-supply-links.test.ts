// Links made by hand applied to the open order lines read by part number
// (server/domain/bom/supply-links.ts), with hand-written cases.
import { describe, expect, it } from 'vitest';
import { applySupplyLinks } from '../../server/domain/bom/supply-links.ts';

const row = (itemGroupSid: string, partNumber: string) => ({ itemGroupSid, partNumber, quantity: '1', linked: false });
const lines = [
  { sid: 'L1', partNumbers: ['SENS-100', 'SENS-100-ALT'] },
  { sid: 'L2', partNumbers: ['CAP-1'] },
];

describe('applySupplyLinks', () => {
  it('keeps matched order lines as they are, marked not linked', () => {
    const { supply, excluded } = applySupplyLinks([row('G2', 'sens 100'), row('G1', 'CAP-1')], [], [], lines);
    expect(supply).toEqual([row('G2', 'sens 100'), row('G1', 'CAP-1')]);
    expect(excluded.size).toBe(0);
  });

  it('counts a linked order line as the line’s own part, whatever its MPN; the earliest link of it stands', () => {
    const links = [
      { bomLineSid: 'L2', itemGroupSid: 'G9', linked: true, created: '2026-12-02T00:00:00Z' },
      { bomLineSid: 'L1', itemGroupSid: 'G9', linked: true, created: '2026-12-01T00:00:00Z' },
    ];
    const { supply } = applySupplyLinks([], [row('G9', 'VENDOR-XYZ')], links, lines);
    expect(supply).toEqual([{ ...row('G9', 'SENS-100'), linked: true }]);
  });

  it('leaves out an unlinked order line of the line’s part (or an alternative), and lists it for the line', () => {
    const links = [
      { bomLineSid: 'L1', itemGroupSid: 'G1', linked: false, created: '2026-12-01T00:00:00Z' },
      { bomLineSid: 'L1', itemGroupSid: 'G2', linked: false, created: '2026-12-01T00:00:00Z' },
      // Unlinked from a line of another part: its own part still counts.
      { bomLineSid: 'L2', itemGroupSid: 'G3', linked: false, created: '2026-12-01T00:00:00Z' },
    ];
    const matched = [row('G1', 'SENS100'), row('G2', 'sens-100-alt'), row('G3', 'SENS-100')];
    const { supply, excluded } = applySupplyLinks(matched, matched, links, lines);
    expect(supply).toEqual([row('G3', 'SENS-100')]);
    expect(excluded.get('L1')).toEqual([row('G1', 'SENS100'), row('G2', 'sens-100-alt')]);
    expect(excluded.has('L2')).toBe(false);
  });

  it('lets a link to one line win over an unlink from another, and ignores links of lines not given', () => {
    const links = [
      { bomLineSid: 'L1', itemGroupSid: 'G1', linked: false, created: '2026-12-01T00:00:00Z' },
      { bomLineSid: 'L2', itemGroupSid: 'G1', linked: true, created: '2026-12-03T00:00:00Z' },
      { bomLineSid: 'L7', itemGroupSid: 'G2', linked: true, created: '2026-12-01T00:00:00Z' },
    ];
    const { supply, excluded } = applySupplyLinks(
      [row('G1', 'SENS-100')],
      [row('G1', 'SENS-100'), row('G2', 'OTHER')],
      links,
      lines,
    );
    expect(supply).toEqual([{ ...row('G1', 'CAP-1'), linked: true }]);
    expect(excluded.size).toBe(0);
  });
});
