// Administration (admins only): the organization's name, logo and calendar
// (the same calendar as Settings → Follow-up), its users, its vendors and
// their contacts, the API keys its servers use and the embedding of its views
// in intranet pages. Others see why they cannot use it; the API refuses them anyway.
import { useGetSession } from '../../api/generated/hooks/session/session';
import { CalendarSection } from '../../components/CalendarSection';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { ApiKeysSection } from './ApiKeysSection';
import { EmbeddingSection } from './EmbeddingSection';
import { OrganizationSection } from './OrganizationSection';
import { UsersSection } from './UsersSection';
import { VendorsSection } from './VendorsSection';

export default function AdminPage() {
  const session = useGetSession({ query: { staleTime: 5 * 60_000, retryOnMount: false } });
  return (
    <>
      <PageHeader title="Administration" />
      <QueryStatus query={session} label="your session">
        {session.data?.role === 'admin' ? (
          <>
            <OrganizationSection organizationSid={session.data.organization.sid} />
            <div className="max-w-5xl">
              <CalendarSection organizationSid={session.data.organization.sid} admin />
            </div>
            <UsersSection selfSid={session.data.user.sid} />
            <VendorsSection />
            <ApiKeysSection />
            <EmbeddingSection organizationSid={session.data.organization.sid} />
          </>
        ) : (
          <p className="max-w-3xl rounded border border-slate-200 bg-slate-50 p-3 text-slate-800">
            Only an admin of your organization can manage users, vendors, API keys and embedding. Ask one of them.
          </p>
        )}
      </QueryStatus>
    </>
  );
}
