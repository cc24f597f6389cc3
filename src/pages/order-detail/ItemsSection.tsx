// The order's items, each with its shipments (item groups) beneath it, and
// what can be done to them: add, edit, delete, schedule, split, confirm.
import { useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { useListItemCustomFieldsInfinite } from '../../api/generated/hooks/item-custom-fields/item-custom-fields';
import { cursorPaging, flattenPages } from '../../api/paging';
import { useDeleteItem } from '../../api/generated/hooks/items/items';
import type { Item, ItemGroup } from '../../api/generated/model';
import { isApiError } from '../../api/http';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ItemGroupsTable, ShipmentDialog } from '../../components/ItemGroupEditor';
import { LoadMore, type CursorPages } from '../../components/ResourceTable';
import { invalidateItemGroupQueries } from '../../components/SplitDialog';
import { notifySuccess } from '../../components/toast';
import { fromMicros, parseQuantityMicros } from '../../lib/decimal';
import { ItemDialog, invalidateItemQueries } from './ItemDialog';
import { plural } from '../../lib/format';

/**
 * The order's custom fields as columns: one list for all its items
 * (listItemCustomFields by orderSid), one column per field name.
 */
function useCustomFieldColumns(orderSid: string) {
  const fields = useListItemCustomFieldsInfinite({ orderSid, pageSize: 500 }, { query: cursorPaging });
  const rows = flattenPages(fields.data, 'itemCustomFields');
  const names = [...new Set(rows.map((f) => f.name ?? 'Unnamed'))].sort((x, y) => x.localeCompare(y));
  const values = new Map(rows.map((f) => [`${f.itemSid ?? ''}\u0000${f.name ?? 'Unnamed'}`, f.value]));
  return {
    fields,
    names,
    valueOf: (itemSid: string, name: string) => values.get(`${itemSid}\u0000${name}`) ?? '—',
  };
}

function scheduled(groups: ItemGroup[]): string {
  const active = groups.filter((g) => g.status === 'active');
  return fromMicros(active.reduce((acc, g) => acc + (parseQuantityMicros(g.quantity) ?? 0n), 0n));
}

function deleteItemQuestion(item: Item, shipments: number): string {
  const what = shipments > 0 ? ` with its ${plural(shipments, 'shipment')}` : '';
  return `Delete item ${item.uniqueName ?? item.sid}${what}? This cannot be undone.`;
}

type ItemAction = { kind: 'edit' | 'delete' | 'ship'; item: Item };

export function ItemsSection({
  orderSid,
  items,
  itemPages,
  groupsByItem,
  groupPages,
}: {
  orderSid: string;
  items: Item[];
  itemPages: CursorPages;
  groupsByItem: Map<string, ItemGroup[]>;
  groupPages: CursorPages;
}) {
  const queryClient = useQueryClient();
  // A few items start opened; the user's toggles flip that.
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const [adding, setAdding] = useState(false);
  const [action, setAction] = useState<ItemAction>();
  const [openKind, setOpenKind] = useState<ItemAction['kind']>();
  const [deleteError, setDeleteError] = useState<string>();
  const deleteItem = useDeleteItem();
  const custom = useCustomFieldColumns(orderSid);
  // Decided once, so adding a fourth item does not fold the others away.
  const [openByDefault] = useState(items.length <= 3);
  const isOpen = (sid: string) => openByDefault !== toggled.has(sid);
  const toggle = (sid: string) => {
    setToggled((prev) => {
      const next = new Set(prev);
      if (next.has(sid)) next.delete(sid);
      else next.add(sid);
      return next;
    });
  };
  const act = (kind: ItemAction['kind'], item: Item) => {
    setAction({ kind, item });
    setOpenKind(kind);
    setDeleteError(undefined);
  };
  const close = () => {
    setOpenKind(undefined);
  };

  const confirmDelete = async (item: Item) => {
    setDeleteError(undefined);
    try {
      await deleteItem.mutateAsync({ sidOrUniqueName: item.sid });
      close();
      notifySuccess(`Deleted item ${item.uniqueName ?? item.sid}.`);
      await Promise.all([
        invalidateItemQueries(queryClient, orderSid, item.sid),
        invalidateItemGroupQueries(queryClient, { orderSid, itemSid: item.sid }),
      ]);
    } catch (error) {
      setDeleteError(isApiError(error) ? error.message : 'Deleting failed. Try again.');
    }
  };

  const addButton = (
    <button
      type="button"
      onClick={() => {
        setAdding(true);
      }}
      className="min-h-11 rounded bg-blue-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-900 lg:min-h-9"
    >
      Add item
    </button>
  );

  return (
    <section aria-labelledby="items-heading" className="mt-6">
      <div className="mb-2 flex items-center justify-between gap-4">
        <h2 id="items-heading" className="text-lg font-semibold">
          Items
        </h2>
        {items.length > 0 ? addButton : null}
      </div>
      {items.length === 0 ? (
        <div className="rounded border border-dashed border-slate-300 bg-white p-8 text-center text-slate-700">
          <p className="mb-3">This order has no items yet.</p>
          {addButton}
        </div>
      ) : (
        <div
          role="region"
          aria-label="Items of this order"
          tabIndex={0}
          className="overflow-x-auto rounded border border-slate-200 bg-white"
        >
          <table className="min-w-full text-sm">
            <caption className="sr-only">Items of this order, each with its shipments</caption>
            <thead className="bg-slate-100 text-left text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2 font-semibold">
                  <span className="sr-only">Shipments shown</span>
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  Item
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  Part number
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  Description
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold">
                  Quantity
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold">
                  Scheduled
                </th>
                {custom.names.map((n) => (
                  <th key={n} scope="col" className="px-3 py-2 font-semibold">
                    {n}
                  </th>
                ))}
                <th scope="col" className="px-3 py-2 font-semibold">
                  Status
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  Actions
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const groups = groupsByItem.get(item.sid) ?? [];
                const name = item.uniqueName ?? item.sid;
                const open = isOpen(item.sid);
                const panelId = `item-${item.sid}-shipments`;
                return (
                  <Fragment key={item.sid}>
                    <tr className="border-t border-slate-200">
                      <td className="px-3 py-2">
                        <button
                          type="button"
                          aria-expanded={open}
                          aria-controls={panelId}
                          onClick={() => {
                            toggle(item.sid);
                          }}
                          className="inline-flex size-6 items-center justify-center rounded text-slate-700 hover:bg-slate-100"
                        >
                          <span aria-hidden="true">{open ? '▾' : '▸'}</span>
                          <span className="sr-only">
                            {open ? 'Hide' : 'Show'} shipments of {name}
                          </span>
                        </button>
                      </td>
                      <th scope="row" className="px-3 py-2 text-left">
                        <Link
                          to={`/items/${encodeURIComponent(item.sid)}`}
                          className="inline-flex min-h-6 min-w-6 items-center font-medium text-blue-800 hover:underline"
                        >
                          {name}
                        </Link>
                      </th>
                      <td className="px-3 py-2">{item.manufacturerPartNumber ?? '—'}</td>
                      <td className="px-3 py-2">{item.description ?? item.title ?? '—'}</td>
                      <td className="px-3 py-2 text-right tabular-nums">{item.quantity}</td>
                      <td className="px-3 py-2 text-right tabular-nums">
                        {scheduled(groups)}{' '}
                        <span className="text-slate-600">in {plural(groups.length, 'shipment')}</span>
                      </td>
                      {custom.names.map((n) => (
                        <td key={n} className="px-3 py-2">
                          {custom.valueOf(item.sid, n)}
                        </td>
                      ))}
                      <td className="px-3 py-2">{item.status === 'active' ? 'Active' : 'Canceled'}</td>
                      <td className="px-3 py-2">
                        <div className="flex flex-wrap gap-1">
                          <button
                            type="button"
                            aria-label={`Add shipment to ${name}`}
                            onClick={() => {
                              act('ship', item);
                            }}
                            className="rounded border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100"
                          >
                            Add shipment
                          </button>
                          <button
                            type="button"
                            aria-label={`Edit item ${name}`}
                            onClick={() => {
                              act('edit', item);
                            }}
                            className="rounded border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100"
                          >
                            Edit
                          </button>
                          <button
                            type="button"
                            aria-label={`Delete item ${name}`}
                            onClick={() => {
                              act('delete', item);
                            }}
                            className="rounded border border-slate-300 px-2 py-1 text-xs font-medium text-red-800 hover:bg-slate-100"
                          >
                            Delete
                          </button>
                        </div>
                      </td>
                    </tr>
                    <tr id={panelId} hidden={!open} className="bg-slate-50">
                      <td colSpan={8 + custom.names.length} className="px-3 pb-4 pt-1">
                        {open ? (
                          <div className="space-y-2 pl-6">
                            {groups.length > 0 ? (
                              <ItemGroupsTable item={item} groups={groups} caption={`Shipments of item ${name}`} />
                            ) : (
                              <p className="text-sm text-slate-700">
                                No shipments scheduled for {name} yet.{' '}
                                <button
                                  type="button"
                                  className="min-h-6 font-medium text-blue-800 underline"
                                  onClick={() => {
                                    act('ship', item);
                                  }}
                                >
                                  Add a shipment
                                </button>
                              </p>
                            )}
                          </div>
                        ) : null}
                      </td>
                    </tr>
                  </Fragment>
                );
              })}
            </tbody>
          </table>
          <LoadMore pages={itemPages} />
          {custom.fields.isError ? (
            <p role="alert" className="border-t border-slate-200 p-3 text-sm text-red-900">
              Could not load the custom fields: {custom.fields.error.message}{' '}
              <button type="button" className="min-h-6 underline" onClick={() => void custom.fields.refetch()}>
                Try again
              </button>
            </p>
          ) : null}
          <LoadMore pages={custom.fields} label="Load more custom fields" />
          {groupPages.hasNextPage ? (
            <p className="border-t border-slate-200 p-3 text-center text-sm text-slate-700">
              Some shipments are not loaded yet.{' '}
              <button
                type="button"
                className="min-h-6 font-medium text-blue-800 underline"
                disabled={groupPages.isFetchingNextPage}
                onClick={() => void groupPages.fetchNextPage()}
              >
                Load more shipments
              </button>
            </p>
          ) : null}
        </div>
      )}
      <ItemDialog
        open={adding}
        onClose={() => {
          setAdding(false);
        }}
        orderSid={orderSid}
      />
      {action ? (
        <>
          <ItemDialog open={openKind === 'edit'} onClose={close} orderSid={orderSid} item={action.item} />
          <ShipmentDialog open={openKind === 'ship'} onClose={close} item={action.item} />
        </>
      ) : null}
      <ConfirmDialog
        open={openKind === 'delete'}
        title="Delete item"
        confirmLabel="Delete item"
        pendingLabel="Deleting…"
        pending={deleteItem.isPending}
        error={deleteError}
        onCancel={close}
        onConfirm={() => {
          if (action) void confirmDelete(action.item);
        }}
      >
        {action ? <p>{deleteItemQuestion(action.item, groupsByItem.get(action.item.sid)?.length ?? 0)}</p> : null}
      </ConfirmDialog>
    </section>
  );
}
