// portal.html asks for the session and the vendor's lines with the page; the
// browser hands those answers to the page only when the page asks for the
// very same URLs with the same credentials. A change to the list's parameters
// that portal.html does not follow would fetch the lines twice.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getGetSessionUrl } from '../../src/api/generated/hooks/session/session.ts';
import { getListItemGroupsUrl } from '../../src/api/generated/hooks/item-groups/item-groups.ts';
import { PORTAL_LIST_PARAMS } from '../../src/pages/vendor-portal/lines.ts';

const html = readFileSync(new URL('../../portal.html', import.meta.url), 'utf8');
const preloads = [...html.matchAll(/<link\s+([^>]*rel="preload"[^>]*)>/g)].map((m) => m[1].replace(/\s+/g, ' '));

describe('portal.html preloads', () => {
  it('what the portal asks first, at the URLs it asks them, with its credentials', () => {
    const hrefs = preloads.map((attributes) => /href="([^"]+)"/.exec(attributes)?.[1]?.replaceAll('&amp;', '&'));
    expect(hrefs).toEqual([getGetSessionUrl(), getListItemGroupsUrl(PORTAL_LIST_PARAMS)]);
    for (const attributes of preloads) {
      expect(attributes).toContain('as="fetch"');
      // The API client sends the session cookie (credentials: 'include').
      expect(attributes).toContain('crossorigin="use-credentials"');
    }
  });
});
