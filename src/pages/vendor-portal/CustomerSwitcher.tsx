// A vendor contact who serves several buying organizations picks the one it
// answers now. The choice shows at once with the page (so nothing moves when
// it appears); the switch itself loads when chosen. Switching moves the
// session there and reads every list again: no line of one customer ever
// shows under another's name.
import { lazy, Suspense, useCallback, useId, useState } from 'react';
import type { SessionOrganization } from '../../api/generated/model';
import { inputClass } from '../../components/input-class';

const SwitchCustomer = lazy(async () => ({ default: (await import('./SwitchCustomer')).SwitchCustomer }));

export function CustomerSwitcher({
  current,
  organizations,
}: {
  current: string;
  organizations: SessionOrganization[];
}) {
  const id = useId();
  const [target, setTarget] = useState<string>();
  const [error, setError] = useState<string>();
  const failed = useCallback((message: string) => {
    setTarget(undefined);
    setError(message);
  }, []);

  return (
    <div className="mb-4">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        Customer
      </label>
      <select
        id={id}
        value={target ?? current}
        disabled={target !== undefined}
        aria-describedby={`${id}-note`}
        onChange={(e) => {
          setError(undefined);
          if (e.target.value !== current) setTarget(e.target.value);
        }}
        className={`${inputClass} min-h-11 max-w-full sm:w-auto`}
      >
        {organizations.map((o) => (
          <option key={o.sid} value={o.sid}>
            {o.name ?? o.sid}
            {o.vendorName ? ` (as ${o.vendorName})` : ''}
          </option>
        ))}
      </select>
      <p id={`${id}-note`} className="mt-1 text-sm text-slate-700">
        You supply {organizations.length} customers; each one&apos;s requests are answered separately.
      </p>
      {target ? (
        <Suspense fallback={null}>
          <SwitchCustomer organizationSid={target} onFailed={failed} />
        </Suspense>
      ) : null}
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}
