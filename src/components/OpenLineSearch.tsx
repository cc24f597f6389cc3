// A search for open order lines (not received, not canceled) by order number,
// item or MPN: the held-email match and the BOM's manual supply link both pick
// lines with it. What to do with each found line is the caller's.
import { useDeferredValue, useId, useState, type ReactNode } from 'react';
import { useListItemGroups } from '../api/generated/hooks/item-groups/item-groups';
import type { ItemGroup } from '../api/generated/model';
import { formatDate } from '../lib/format';
import { inputClass } from './FormField';
import { QueryStatus } from './QueryStatus';

/** "PO-24007 · LM358 · Voltaris · 200 due Jan 12": what tells one open line from another. */
export function openLineText(g: ItemGroup): { name: string; details: string } {
  const order = g.context?.orderUniqueName ?? g.orderSid;
  const part = g.context?.manufacturerPartNumber ?? g.context?.itemUniqueName ?? '';
  return {
    name: [order, part].filter(Boolean).join(' · '),
    details: `${g.context?.vendorName ? ` · ${g.context.vendorName}` : ''} · ${g.quantity}${
      g.dueDate ? ` due ${formatDate(g.dueDate)}` : ''
    }`,
  };
}

export function OpenLineSearch({
  label,
  initialText = '',
  children,
}: {
  label: string;
  /** What the search starts from, e.g. an order number found in an email's subject. */
  initialText?: string;
  /** The found lines, at least one. */
  children: (lines: ItemGroup[]) => ReactNode;
}) {
  const id = useId();
  const [text, setText] = useState(initialText);
  const q = useDeferredValue(text.trim());
  const found = useListItemGroups({ q, statusNot: 'canceled', pageSize: 20 }, { query: { enabled: q.length >= 2 } });
  const open = (found.data?.itemGroups ?? []).filter((g) => !g.delivered);
  return (
    <>
      <div>
        <label htmlFor={`${id}-q`} className="block font-medium">
          {label}
        </label>
        <p id={`${id}-hint`} className="text-sm text-slate-700">
          By order number, item or MPN, at least two characters.
        </p>
        <input
          id={`${id}-q`}
          type="search"
          aria-describedby={`${id}-hint`}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
          }}
          className={inputClass}
          autoComplete="off"
        />
      </div>
      {q.length >= 2 && (
        <QueryStatus
          query={found}
          label="the order lines"
          isEmpty={open.length === 0}
          empty={`No open order line matches “${q}”.`}
        >
          {children(open)}
        </QueryStatus>
      )}
    </>
  );
}
