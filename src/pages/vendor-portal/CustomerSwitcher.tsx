// A vendor contact who serves several buying organizations picks the one it
// answers now. Switching moves the session there and reloads every list: no
// line of one customer ever shows under another's name.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useSwitchSessionOrganization } from '../../api/generated/hooks/session/session';
import type { SessionOrganization } from '../../api/generated/model';
import { inputClass } from '../../components/input-class';
import { navigate } from '../../components/location';
import { failureText } from './lines';

export function CustomerSwitcher({
  current,
  organizations,
}: {
  current: string;
  organizations: SessionOrganization[];
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const switchTo = useSwitchSessionOrganization();
  const [error, setError] = useState<string>();

  const choose = async (organizationSid: string) => {
    if (organizationSid === current || switchTo.isPending) return;
    setError(undefined);
    try {
      await switchTo.mutateAsync({ data: { organizationSid } });
      // The request in the address belongs to the customer left behind; every list is read again.
      navigate('/portal', { replace: true });
      await queryClient.resetQueries();
    } catch (failure) {
      setError(failureText(failure));
    }
  };

  return (
    <div className="mb-4">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        Customer
      </label>
      <select
        id={id}
        value={current}
        disabled={switchTo.isPending}
        aria-describedby={`${id}-note`}
        onChange={(e) => void choose(e.target.value)}
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
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}
