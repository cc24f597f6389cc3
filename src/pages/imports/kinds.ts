// The three kinds of import as the page shows them: their name in the URL,
// their labels and where their records are listed.
import type { ImportKind } from '../../lib/import-preview/fields';

export interface KindInfo {
  kind: ImportKind;
  /** The value of ?kind= in the URL. */
  param: string;
  tab: string;
  /** "Open-order file": names the dropzone. */
  fileLabel: string;
  /** What one record is called in sentences. */
  records: string;
  result: { to: string; label: string };
}

export const KINDS: readonly KindInfo[] = [
  {
    kind: 'openOrder',
    param: 'open-orders',
    tab: 'Open orders',
    fileLabel: 'Open-order file',
    records: 'orders',
    result: { to: '/orders', label: 'See the orders' },
  },
  {
    kind: 'bom',
    param: 'boms',
    tab: 'BOMs',
    fileLabel: 'BOM file',
    records: 'BOM lines',
    result: { to: '/clear-to-build', label: 'See the bills of materials' },
  },
  {
    kind: 'inventory',
    param: 'inventory',
    tab: 'Inventory',
    fileLabel: 'Inventory file',
    records: 'inventory counts',
    result: { to: '/clear-to-build', label: 'See clear to build' },
  },
];

/** The kind a ?kind= value names; open orders when absent or unknown. */
export function kindFromParam(param: string | null): KindInfo {
  return KINDS.find((k) => k.param === param) ?? KINDS[0];
}
