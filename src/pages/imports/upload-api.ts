// The generated upload operations of the three kinds behind one shape: they
// differ only by path and by a few fields the page does not use.
import { useQueries, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import {
  getGetBomUploadQueryKey,
  getListBomUploadsInfiniteQueryKey,
  useDeleteBomUpload,
  useListBomUploadsInfinite,
} from '../../api/generated/hooks/bom-uploads/bom-uploads';
import { useCreateBomUpload } from '../../api/generated/hooks/bom-uploads-create/bom-uploads-create';
import {
  useCreateFieldMapping,
  useDeleteFieldMapping,
  useListFieldMappings,
  getListFieldMappingsQueryKey,
} from '../../api/generated/hooks/field-mappings/field-mappings';
import {
  getGetInventoryUploadQueryKey,
  getListInventoryUploadsInfiniteQueryKey,
  useDeleteInventoryUpload,
  useListInventoryUploadsInfinite,
} from '../../api/generated/hooks/inventory-uploads/inventory-uploads';
import { useCreateInventoryUpload } from '../../api/generated/hooks/inventory-uploads-create/inventory-uploads-create';
import {
  getListMappedFieldsQueryOptions,
  useCreateMappedField,
} from '../../api/generated/hooks/mapped-fields/mapped-fields';
import {
  getListOpenOrderUploadsInfiniteQueryKey,
  useListOpenOrderUploadsInfinite,
} from '../../api/generated/hooks/open-order-uploads/open-order-uploads';
import {
  getGetOpenOrderUploadQueryKey,
  useCreateOpenOrderUpload,
  useDeleteOpenOrderUpload,
} from '../../api/generated/hooks/upload-an-open-order-file/upload-an-open-order-file';
import {
  useCheckBomUpload,
  useCheckInventoryUpload,
  useCheckOpenOrderUpload,
} from '../../api/generated/hooks/upload-checks/upload-checks';
import type {
  BomUpload,
  InventoryUpload,
  MappedFieldsList,
  OpenOrderUpload,
  UploadCheck,
} from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import type { FileType } from '../../lib/import-preview/content';
import type { DateOrder } from '../../lib/import-preview/date-order';
import {
  type ColumnMapping,
  type FileColumn,
  isMappingOfKind,
  mappingName,
  reusableMapping,
  type SavedMapping,
} from '../../lib/import-preview/mapping';
import { IMPORT_KINDS, type ImportKind, normalizeHeader } from '../../lib/import-preview/fields';

export type AnyUpload = OpenOrderUpload | BomUpload | InventoryUpload;

/** Newest first: the upload just made is on top. */
const HISTORY_PARAMS = { pageSize: 20, sortOrder: 'Desc' } as const;

/** Past uploads of a kind, newest first, with the cursor paging the table needs. */
export function useUploadHistory(kind: ImportKind) {
  const paging = { ...cursorPaging };
  const openOrder = useListOpenOrderUploadsInfinite(HISTORY_PARAMS, {
    query: { ...paging, enabled: kind === 'openOrder' },
  });
  const bom = useListBomUploadsInfinite(HISTORY_PARAMS, { query: { ...paging, enabled: kind === 'bom' } });
  const inventory = useListInventoryUploadsInfinite(HISTORY_PARAMS, {
    query: { ...paging, enabled: kind === 'inventory' },
  });
  if (kind === 'openOrder') return { query: openOrder, rows: flattenPages(openOrder.data, 'openOrderUploads') };
  if (kind === 'bom') return { query: bom, rows: flattenPages(bom.data, 'bomUploads') as AnyUpload[] };
  return { query: inventory, rows: flattenPages(inventory.data, 'inventoryUploads') as AnyUpload[] };
}

const LIST_KEYS = {
  openOrder: getListOpenOrderUploadsInfiniteQueryKey(),
  bom: getListBomUploadsInfiniteQueryKey(),
  inventory: getListInventoryUploadsInfiniteQueryKey(),
} as const;

const GET_KEYS = {
  openOrder: getGetOpenOrderUploadQueryKey,
  bom: getGetBomUploadQueryKey,
  inventory: getGetInventoryUploadQueryKey,
} as const;

/** Deletes an upload (with its file and logs) of a kind, then refreshes its list. */
export function useDeleteUpload(kind: ImportKind) {
  const queryClient = useQueryClient();
  const openOrder = useDeleteOpenOrderUpload();
  const bom = useDeleteBomUpload();
  const inventory = useDeleteInventoryUpload();
  const mutation = kind === 'openOrder' ? openOrder : kind === 'bom' ? bom : inventory;
  const remove = useCallback(
    async (sid: string) => {
      await mutation.mutateAsync({ sid });
      queryClient.removeQueries({ queryKey: GET_KEYS[kind](sid) });
      await queryClient.invalidateQueries({ queryKey: LIST_KEYS[kind] });
    },
    [mutation, queryClient, kind],
  );
  return { remove, isPending: mutation.isPending, error: mutation.error, reset: mutation.reset };
}

/** What the page sends with a file, to upload it or to check it: the same multipart form either way. */
export interface UploadFormData {
  file: File;
  fileType: FileType;
  fieldMappingSid: string | null;
  sheetName: string | null;
}

/** Sends a file of a kind; the answer (status processing) primes the upload's status query. */
export function useCreateUpload(kind: ImportKind) {
  const queryClient = useQueryClient();
  const openOrder = useCreateOpenOrderUpload();
  const bom = useCreateBomUpload();
  const inventory = useCreateInventoryUpload();
  const create = useCallback(
    async (data: UploadFormData): Promise<AnyUpload> => {
      const created: AnyUpload =
        kind === 'openOrder'
          ? await openOrder.mutateAsync({ data })
          : kind === 'bom'
            ? await bom.mutateAsync({ data })
            : await inventory.mutateAsync({ data });
      queryClient.setQueryData(GET_KEYS[kind](created.sid), created);
      await queryClient.invalidateQueries({ queryKey: LIST_KEYS[kind] });
      return created;
    },
    [kind, openOrder, bom, inventory, queryClient],
  );
  return create;
}

/** What useCheckUpload gives: the check to run, and the last one's answer (for CheckSummary). */
export interface UploadCheckState {
  /** Checks the file as it would be uploaded (same form); resolves with what its import would do. */
  check: (data: UploadFormData) => Promise<UploadCheck>;
  data: UploadCheck | undefined;
  error: unknown;
  isPending: boolean;
  /** Forgets the answer: call it when the file, sheet or mapping changes. */
  reset: () => void;
}

/**
 * Checks a file of a kind before it is sent (checkOpenOrderUpload and the others): the records its import
 * would create and update, its rejected rows, the vendors it would create. Nothing is written, so nothing is
 * refreshed. Only the latest check's answer is kept: one still running when another starts is ignored.
 */
export function useCheckUpload(kind: ImportKind): UploadCheckState {
  const openOrder = useCheckOpenOrderUpload();
  const bom = useCheckBomUpload();
  const inventory = useCheckInventoryUpload();
  const mutation = kind === 'openOrder' ? openOrder : kind === 'bom' ? bom : inventory;
  const { mutateAsync, data, error, isPending, reset } = mutation;
  const check = useCallback((form: UploadFormData) => mutateAsync({ data: form }), [mutateAsync]);
  return { check, data, error, isPending, reset };
}

/** How many saved mappings are read to pre-fill a mapping. */
const SAVED_MAPPINGS_READ = 10;

/**
 * The organization's saved field mappings to pre-fill from: this kind's
 * (saved by this page) first, then ones made elsewhere; newest first.
 */
export function useSavedMappings(kind: ImportKind): { mappings: SavedMapping[]; isPending: boolean } {
  const list = useListFieldMappings({ pageSize: 500 });
  const chosen = useMemo(() => {
    const all = (list.data?.fieldMappings ?? []).filter((m) => m.importAllowed);
    // ISO timestamps order as plain strings (no locale collation needed).
    const newest = (a: { created: string }, b: { created: string }) =>
      a.created < b.created ? 1 : a.created > b.created ? -1 : 0;
    const own = all.filter((m) => isMappingOfKind(kind, m.name)).sort(newest);
    const foreign = all.filter((m) => !IMPORT_KINDS.some((k) => isMappingOfKind(k, m.name))).sort(newest);
    return [...own, ...foreign].slice(0, SAVED_MAPPINGS_READ).map((m) => m.sid);
  }, [list.data, kind]);
  const combine = useCallback(
    (results: UseQueryResult<MappedFieldsList>[]) => {
      const mappings: SavedMapping[] = [];
      results.forEach((result, i) => {
        if (!result.data) return;
        const fields = new Map<string, string>();
        const dateOrders = new Map<string, DateOrder>();
        for (const f of result.data.mappedFields) {
          if (f.name && f.mappedFieldType) fields.set(normalizeHeader(f.name), f.mappedFieldType);
          if (f.name && f.dateOrder) dateOrders.set(normalizeHeader(f.name), f.dateOrder);
        }
        mappings.push({ sid: chosen[i], fields, dateOrders });
      });
      // Pending until the first mapping's fields are read: a mapping saved since (a colleague's import, read through
      // a live update) is added when its fields come, and does not hold up a form that is ready.
      return { mappings, isPending: results.length > 0 && results.every((r) => r.isPending) };
    },
    [chosen],
  );
  const saved = useQueries({
    queries: chosen.map((sid) => getListMappedFieldsQueryOptions({ fieldMappingSid: sid, pageSize: 500 })),
    combine,
  });
  // Without access to saved mappings (an error), the file is mapped from the header synonyms alone.
  return { mappings: saved.mappings, isPending: list.isPending || saved.isPending };
}

/**
 * The sid of a saved mapping reading the file's columns as `mapping` says:
 * an existing one when one matches, else a new one saved now (so the next
 * file of this shape is mapped the same way).
 */
export function useSaveMapping() {
  const queryClient = useQueryClient();
  const createMapping = useCreateFieldMapping();
  const createField = useCreateMappedField();
  const deleteMapping = useDeleteFieldMapping();
  return useCallback(
    async (
      kind: ImportKind,
      fileName: string,
      columns: readonly FileColumn[],
      mapping: ColumnMapping,
      saved: readonly SavedMapping[],
      dateOrders: Readonly<Record<string, DateOrder>> = {},
    ): Promise<string> => {
      const reused = reusableMapping(kind, columns, mapping, saved, dateOrders);
      if (reused) return reused;
      const created = await createMapping.mutateAsync({
        data: { name: mappingName(kind, fileName), importAllowed: true, exportAllowed: false },
      });
      try {
        await Promise.all(
          columns
            .filter((c) => c.name.length <= 255)
            .map((c) =>
              createField.mutateAsync({
                data: {
                  fieldMappingSid: created.sid,
                  name: c.name,
                  mappedFieldType: mapping[c.normalized],
                  dateOrder: dateOrders[c.normalized] ?? null,
                },
              }),
            ),
        );
      } catch (error) {
        // A half-saved mapping would pre-fill the next file wrongly: it goes, and the error is shown.
        await deleteMapping.mutateAsync({ sid: created.sid }).catch(() => undefined);
        throw error;
      }
      await queryClient.invalidateQueries({ queryKey: getListFieldMappingsQueryKey() });
      return created.sid;
    },
    [createMapping, createField, deleteMapping, queryClient],
  );
}
