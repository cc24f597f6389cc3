// Moves the session to the chosen customer once mounted, then reads every
// list again; a refusal goes back to where the choice was made.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useSwitchSessionOrganization } from '../../api/generated/hooks/session/session';
import { navigate } from '../../components/location';
import { failureText } from './lines';

export function SwitchCustomer({
  organizationSid,
  onFailed,
}: {
  organizationSid: string;
  /** Stable (a callback): the switch is sent once per customer chosen. */
  onFailed: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const { mutateAsync } = useSwitchSessionOrganization();

  useEffect(() => {
    let live = true;
    mutateAsync({ data: { organizationSid } })
      .then(async () => {
        // The request in the address belongs to the customer left behind.
        navigate('/portal', { replace: true });
        await queryClient.resetQueries();
      })
      .catch((failure: unknown) => {
        if (live) onFailed(failureText(failure));
      });
    return () => {
      live = false;
    };
  }, [organizationSid, mutateAsync, queryClient, onFailed]);

  return (
    <p role="status" className="mt-2 text-sm text-slate-700">
      Switching…
    </p>
  );
}
