// Inline edits of schedule rows: shown at once (optimistic), sent with the
// row's version, replaced by the server's answer, and rolled back with a
// message when refused. A stale version opens the conflict dialog instead of
// overwriting anyone. Edits of one row run one after another, each with the
// version the previous one produced. An edit is sent with the version the row
// had when its editor opened: a change someone else made meanwhile (shown by a
// live refresh under the open editor) is a conflict, not overwritten.
import { useQueryClient, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useUpdateItemGroup } from '../../api/generated/hooks/item-groups/item-groups';
import type { ItemGroup, ItemGroupsList } from '../../api/generated/model';
import { isApiError } from '../../api/http';
import { notifyError } from '../../components/toast';
import { displayValue, fieldLabels, patchPages, type EditableField, type FieldValue } from './edits';

export interface EditConflict {
  /** The record as it is now on the server. */
  current: ItemGroup;
  field: EditableField;
  mine: FieldValue;
}

function isItemGroup(value: unknown): value is ItemGroup {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { sid?: unknown }).sid === 'string' &&
    typeof (value as { version?: unknown }).version === 'number'
  );
}

/** "PO-1042 · MPN-55": how a row is named in messages. */
export function rowName(row: ItemGroup): string {
  const order = row.context?.orderUniqueName ?? row.orderSid;
  const part = row.context?.manufacturerPartNumber ?? row.context?.itemUniqueName ?? row.itemSid;
  return `${order} · ${part}`;
}

export function useRowEdits(queryKey: QueryKey, refresh: (sids: string[]) => Promise<void>) {
  const queryClient = useQueryClient();
  const [conflict, setConflict] = useState<EditConflict | null>(null);
  const queues = useRef(new Map<string, Promise<void>>());
  // The versions this page's own saves produced, per row: they do not make an earlier seen version stale.
  const ownVersions = useRef(new Map<string, Set<number>>());
  const update = useUpdateItemGroup();

  const patch = (sid: string, change: Partial<ItemGroup>) => {
    queryClient.setQueryData<InfiniteData<ItemGroupsList>>(queryKey, (data) =>
      patchPages(data, new Map([[sid, change]])),
    );
  };
  const currentRow = (sid: string): ItemGroup | undefined => {
    const data = queryClient.getQueryData<InfiniteData<ItemGroupsList>>(queryKey);
    for (const page of data?.pages ?? []) {
      const found = page.itemGroups.find((g) => g.sid === sid);
      if (found) return found;
    }
    return undefined;
  };

  /** The version to send: the one the user saw, unless every change since was this page's own. */
  const baseVersion = (sid: string, current: number, seen: number | undefined): number => {
    if (seen === undefined || seen >= current) return current;
    const own = ownVersions.current.get(sid);
    for (let v = seen + 1; v <= current; v++) if (!own?.has(v)) return seen;
    return current;
  };

  const send = async (sid: string, field: EditableField, value: FieldValue, seenVersion?: number) => {
    const row = currentRow(sid);
    if (!row) return;
    const before = row[field];
    patch(sid, { [field]: value });
    try {
      const version = baseVersion(sid, row.version, seenVersion);
      const saved = await update.mutateAsync({ sidOrUniqueName: sid, data: { [field]: value, version } });
      const own = ownVersions.current.get(sid) ?? new Set<number>();
      own.add(saved.version);
      ownVersions.current.set(sid, own);
      patch(sid, saved);
      await refresh([sid]);
    } catch (error) {
      if (isApiError(error) && error.status === 409 && isItemGroup(error.current)) {
        const current = { ...error.current, context: row.context };
        patch(sid, current);
        setConflict({ current, field, mine: value });
        return;
      }
      patch(sid, { [field]: before });
      const why = isApiError(error) ? error.message : 'the server could not be reached';
      notifyError(
        `${fieldLabels[field]} of ${rowName(row)} was not saved (${displayValue(field, value)}): ${why}. It is back to ${displayValue(field, before)}.`,
      );
    }
  };

  const save = (sid: string, field: EditableField, value: FieldValue, seenVersion?: number): Promise<void> => {
    const previous = queues.current.get(sid) ?? Promise.resolve();
    const next = previous.then(() => send(sid, field, value, seenVersion));
    queues.current.set(sid, next);
    void next.finally(() => {
      if (queues.current.get(sid) === next) queues.current.delete(sid);
    });
    return next;
  };

  return {
    save,
    conflict,
    /** Sends the user's value again, on top of the version now on the server. */
    keepMine: () => {
      if (!conflict) return;
      setConflict(null);
      void save(conflict.current.sid, conflict.field, conflict.mine);
    },
    /** The server's value is already in the table; just close. */
    takeTheirs: () => {
      setConflict(null);
    },
  };
}
