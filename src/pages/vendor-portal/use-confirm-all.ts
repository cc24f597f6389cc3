// Confirming many lines in one request (an order's, or an update request's):
// all or none, as the server applies a bulk update. On a conflict the server
// names the line that changed; that line says so, as it stands now.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type RefObject } from 'react';
import {
  getListItemGroupsInfiniteQueryKey,
  useBulkUpdateItemGroups,
} from '../../api/generated/hooks/item-groups/item-groups';
import type { ItemGroup } from '../../api/generated/model';
import { isApiError } from '../../api/http';
import { notifySuccess } from '../../components/toast';
import { conflictText, failureText, isVersionConflict, lineLabel } from './lines';

/** The lines "Confirm all" takes: not confirmed, and not ones the vendor said it cannot supply (a change of mind is confirmed on its own). */
export function confirmable(lines: readonly ItemGroup[]): ItemGroup[] {
  return lines.filter((g) => !g.confirmed && !g.cannotSupply);
}

export function useConfirmAll(heading: RefObject<HTMLElement | null>) {
  const queryClient = useQueryClient();
  const bulk = useBulkUpdateItemGroups();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  // After a conflict: the line that changed, and what to say next to it.
  const [conflict, setConflict] = useState<{ sid: string; text: string }>();

  const confirmAll = async (lines: ItemGroup[], done: string) => {
    if (saving || lines.length === 0) return;
    setSaving(true);
    setError(undefined);
    setConflict(undefined);
    try {
      await bulk.mutateAsync({ data: lines.map((g) => ({ sid: g.sid, version: g.version, confirmed: true })) });
      notifySuccess(done);
      heading.current?.focus();
    } catch (e) {
      if (isVersionConflict(e)) {
        // Only its sid is read: the zod schemas are not worth their weight in the portal's bundle.
        const current: unknown = isApiError(e) ? e.current : undefined;
        const sid = typeof current === 'object' && current !== null && 'sid' in current ? current.sid : undefined;
        const changed = lines.find((g) => g.sid === sid) ?? lines[0];
        setConflict({ sid: changed.sid, text: conflictText(lineLabel(changed)) });
      } else {
        setError(failureText(e));
      }
    } finally {
      setSaving(false);
      void queryClient.invalidateQueries({ queryKey: getListItemGroupsInfiniteQueryKey() });
    }
  };

  return { confirmAll, saving, error, conflict };
}
