import { describe, expect, it } from 'vitest';
import { withOneCharacterChanged } from '../support/tamper.ts';

// The helper every forged-signature test leans on: if it ever returned its input, those tests
// would pass or fail by chance, as one did when it wrote a fixed "0" over a hex signature.
describe('withOneCharacterChanged', () => {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_';
  it.each(Array.from(alphabet))('changes %s, and only that character', (ch) => {
    for (const at of [0, 2, -1]) {
      const text = at === -1 ? `xy${ch}` : at === 0 ? `${ch}xy` : `xy${ch}z`;
      const changed = withOneCharacterChanged(text, at);
      expect(changed).not.toBe(text);
      expect(changed).toHaveLength(text.length);
      expect(Array.from(changed).filter((c, i) => c !== text[i])).toHaveLength(1);
    }
  });

  it('keeps digits digits and letters of the same case', () => {
    expect(withOneCharacterChanged('09', -1)).toBe('00');
    expect(withOneCharacterChanged('0A', 1)).toBe('0B');
    expect(withOneCharacterChanged('aa', 0)).toBe('ba');
  });

  it('refuses a position outside the text', () => {
    expect(() => withOneCharacterChanged('ab', 2)).toThrow(RangeError);
    expect(() => withOneCharacterChanged('', -1)).toThrow(RangeError);
  });
});
