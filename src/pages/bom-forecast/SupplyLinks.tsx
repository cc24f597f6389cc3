// Links made by hand between order lines and a BOM line, for when the part
// numbers differ: link an open order line to the line's part, say an order
// line of the part does not supply it, or undo either. The forecast, the
// daily records and the export follow the links.
import { useState } from 'react';
import { useDeleteBomSupplyLink, useSetBomSupplyLink } from '../../api/generated/hooks/bom-forecasts/bom-forecasts';
import type { BomForecastSupply, BomSupplyOrderLine } from '../../api/generated/model';
import { errorMessage } from '../../api/http';
import { ModalDialog } from '../../components/ConfirmDialog';
import { OpenLineSearch, openLineText } from '../../components/OpenLineSearch';
import { notifyError, notifySuccess } from '../../components/toast';
import { useInvalidateBom } from './invalidate';
import type { SuppliedLine } from './line-supply-query';

const smallButton = 'min-h-6 min-w-6 rounded px-1 text-blue-800 underline disabled:opacity-60';

/** Set or remove a link, then refresh the BOM's figures; says what happened either way. */
function useSupplyLink(bomSid: string) {
  const invalidate = useInvalidateBom(bomSid);
  const set = useSetBomSupplyLink();
  const remove = useDeleteBomSupplyLink();
  const run = async (action: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await action();
    } catch (error) {
      notifyError(errorMessage(error));
      return false;
    }
    notifySuccess(done);
    await invalidate();
    return true;
  };
  return {
    pending: set.isPending || remove.isPending,
    link: (lineSid: string, itemGroupSid: string, linked: boolean, done: string) =>
      run(() => set.mutateAsync({ sid: lineSid, itemGroupSid, data: { linked } }), done),
    unset: (lineSid: string, itemGroupSid: string, done: string) =>
      run(() => remove.mutateAsync({ sid: lineSid, itemGroupSid }), done),
  };
}

const orderName = (s: { orderUniqueName: string | null; orderSid: string }) => s.orderUniqueName ?? s.orderSid;

/** The button beside a listed order line: leave it out of the line's part, or undo a link made by hand. */
export function SupplyLinkButton({
  bomSid,
  line,
  supply,
}: {
  bomSid: string;
  line: SuppliedLine;
  supply: BomForecastSupply;
}) {
  const links = useSupplyLink(bomSid);
  const order = orderName(supply);
  if (supply.linked) {
    return (
      <button
        type="button"
        className={smallButton}
        disabled={links.pending}
        aria-label={`Unlink ${order} from ${line.partNumber}`}
        onClick={() => void links.unset(line.sid, supply.itemGroupSid, `${order} is matched by part number again.`)}
      >
        Unlink
      </button>
    );
  }
  return (
    <button
      type="button"
      className={smallButton}
      disabled={links.pending}
      aria-label={`Not this part: ${order} does not supply ${line.partNumber}`}
      onClick={() =>
        void links.link(line.sid, supply.itemGroupSid, false, `${order} no longer counts for ${line.partNumber}.`)
      }
    >
      Not this part
    </button>
  );
}

/** The order lines left out of a line's part by hand, each with a way back. */
export function ExcludedSupply({ bomSid, line }: { bomSid: string; line: SuppliedLine }) {
  const links = useSupplyLink(bomSid);
  if (!line.excludedSupply.length) return null;
  return (
    <div className="mt-2">
      <p className="text-slate-700">Left out by hand:</p>
      <ul className="space-y-1">
        {line.excludedSupply.map((s: BomSupplyOrderLine) => (
          <li key={s.itemGroupSid}>
            {orderName(s)}
            {s.manufacturerPartNumber ? ` · ${s.manufacturerPartNumber}` : ''}{' '}
            <button
              type="button"
              className={smallButton}
              disabled={links.pending}
              aria-label={`Count again: ${orderName(s)} for ${line.partNumber}`}
              onClick={() =>
                void links.unset(line.sid, s.itemGroupSid, `${orderName(s)} counts for ${line.partNumber} again.`)
              }
            >
              Count again
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Open order lines found by order, item or MPN, each one click from being linked to the line. */
function LinkSearch({ bomSid, line, onLinked }: { bomSid: string; line: SuppliedLine; onLinked: () => void }) {
  const links = useSupplyLink(bomSid);
  const listed = new Set(line.supply.map((s) => s.itemGroupSid));
  return (
    <div className="space-y-3">
      <OpenLineSearch label="Find an open order line">
        {(open) => (
          <ul aria-label="Open order lines found" className="divide-y divide-slate-200 rounded border border-slate-200">
            {open.map((g) => {
              const order = g.context?.orderUniqueName ?? g.orderSid;
              const { name, details } = openLineText(g);
              return (
                <li key={g.sid} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
                  <span>
                    <span className="font-medium">{name}</span>
                    {details}
                  </span>
                  {listed.has(g.sid) ? (
                    <span className="text-slate-700">Already counted</span>
                  ) : (
                    <button
                      type="button"
                      disabled={links.pending}
                      className="min-h-11 rounded border border-blue-800 px-3 font-medium text-blue-800 disabled:opacity-60"
                      aria-label={`Link ${order} to ${line.partNumber}`}
                      onClick={() =>
                        void links
                          .link(line.sid, g.sid, true, `${order} now counts for ${line.partNumber}.`)
                          .then((linked) => {
                            if (linked) onLinked();
                          })
                      }
                    >
                      Link
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </OpenLineSearch>
    </div>
  );
}

/** "Link an order line" beside a BOM line, and the dialog it opens. */
export function LinkSupply({ bomSid, line }: { bomSid: string; line: SuppliedLine }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={`${smallButton} mt-1`}
        aria-label={`Link an order line to ${line.partNumber}`}
        onClick={() => {
          setOpen(true);
        }}
      >
        Link an order line
      </button>
      {open && (
        <ModalDialog
          open
          onClose={() => {
            setOpen(false);
          }}
          title={`Link an order line to ${line.partNumber}`}
          wide
        >
          <p className="mb-3 text-sm text-slate-700">
            When the part numbers differ: a linked order line counts as {line.partNumber}, whatever its MPN says, here
            and for every BOM that uses the part.
          </p>
          <LinkSearch
            bomSid={bomSid}
            line={line}
            onLinked={() => {
              setOpen(false);
            }}
          />
          <div className="mt-5 flex justify-end">
            <button
              type="button"
              onClick={() => {
                setOpen(false);
              }}
              className="min-h-11 rounded border border-slate-400 px-4"
            >
              Close
            </button>
          </div>
        </ModalDialog>
      )}
    </>
  );
}
