// The follow-up clock of a development setup (never in production): an admin
// moves it forward to see days of follow-up at once; the engine runs at once
// and every page then shows what it did.
import { useQueryClient } from '@tanstack/react-query';
import { useGetDevClock, useSetDevClock } from '../../api/generated/hooks/dev-clock/dev-clock';
import { isApiError } from '../../api/http';
import { notifyError, notifySuccess } from '../../components/toast';
import { formatDateTime } from '../../lib/format';

const button =
  'min-h-11 rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-50 lg:min-h-9';

const count = (n: number, one: string, many: string) => `${String(n)} ${n === 1 ? one : many}`;

export function DevClockPanel({ admin }: { admin: boolean }) {
  const queryClient = useQueryClient();
  const clock = useGetDevClock();
  const setClock = useSetDevClock();
  if (!clock.data?.adjustable) return null;
  const { offsetDays, now } = clock.data;

  const move = async (days: number) => {
    try {
      const moved = await setClock.mutateAsync({ data: { offsetDays: days } });
      // The run changed requests, emails, flags and lines: every page reads again.
      await queryClient.invalidateQueries();
      const run = moved.run;
      notifySuccess(
        `Follow-up clock at ${formatDateTime(moved.now)}${
          run
            ? `: ${count(run.updateRequests, 'update request', 'update requests')}, ${count(run.emails, 'email', 'emails')}, ${count(run.flagsRaised, 'flag raised', 'flags raised')}.`
            : '.'
        }`,
      );
    } catch (error) {
      notifyError(isApiError(error) ? error.message : 'The clock could not be moved. Try again.');
    }
  };

  return (
    <section aria-labelledby="dev-clock-heading" className="mt-8 rounded border border-amber-300 bg-amber-50 p-4">
      <h2 id="dev-clock-heading" className="text-lg font-semibold">
        Follow-up clock (development only)
      </h2>
      <p className="mt-1 text-sm text-slate-800">
        The follow-up engine reads {formatDateTime(now)}
        {offsetDays ? `, ${count(offsetDays, 'day', 'days')} ahead of real time` : ' (real time)'}. Moving it forward
        runs the engine at once, as if those days had passed. A production server always runs on real time.
      </p>
      {admin ? (
        <div className="mt-3 flex flex-wrap gap-2">
          <button
            type="button"
            className={button}
            disabled={setClock.isPending}
            onClick={() => void move(Math.min(offsetDays + 1, 400))}
          >
            Move forward 1 day
          </button>
          <button
            type="button"
            className={button}
            disabled={setClock.isPending}
            onClick={() => void move(Math.min(offsetDays + 7, 400))}
          >
            Move forward 1 week
          </button>
          <button
            type="button"
            className={button}
            disabled={setClock.isPending || offsetDays === 0}
            onClick={() => void move(0)}
          >
            Back to real time
          </button>
          {setClock.isPending ? (
            <span role="status" className="self-center text-sm text-slate-700">
              Running the follow-up engine…
            </span>
          ) : null}
        </div>
      ) : (
        <p className="mt-2 text-sm text-slate-700">Only an admin can move it.</p>
      )}
    </section>
  );
}
