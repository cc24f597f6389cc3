// Settings → Follow-up: where an admin runs follow-up. The engine's default
// tiers, the organization's custom cadences and which one its lines follow,
// the transitions between cadences, the calendar the engine counts in, and
// the addresses that opted out of emails. Buyers see all of it, read-only,
// but for the vendors' pause and cadence, which every staff member may change.
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { ApprovalModeSection } from './ApprovalModeSection';
import { CadencesSection } from './CadencesSection';
import { CalendarSection } from '../../components/CalendarSection';
import { DefaultTiersSection } from './DefaultTiersSection';
import { DevClockPanel } from './DevClockPanel';
import { OptOutsSection } from './OptOutsSection';
import { useSettingsSession } from './settings-api';
import { TransitionsSection } from './TransitionsSection';
import { VendorFollowUpSection } from './VendorFollowUpSection';

export default function SettingsPage() {
  const { session, admin } = useSettingsSession();
  const organizationSid = session.data?.organization.sid;
  return (
    <>
      <PageHeader title="Settings" />
      <p className="max-w-3xl text-slate-700">
        Follow-up: how often vendors are asked for updates on their open lines, what happens when they do not answer,
        and the calendar the follow-up engine counts in.
      </p>
      {!session.data || admin ? null : (
        <p className="mt-2 max-w-3xl rounded border border-slate-200 bg-slate-50 p-3 text-sm text-slate-800">
          You can see these settings; only an admin of your organization can change them, except the vendors&rsquo;
          pause and cadence.
        </p>
      )}
      <QueryStatus query={session} label="your session">
        {organizationSid ? (
          <>
            <DefaultTiersSection />
            <CadencesSection organizationSid={organizationSid} admin={admin} />
            <TransitionsSection admin={admin} />
            {/* The API refuses vendors (403); the layout keeps them off this page anyway. */}
            {session.data?.role === 'vendor' ? null : <VendorFollowUpSection organizationSid={organizationSid} />}
            <CalendarSection organizationSid={organizationSid} admin={admin} />
            <ApprovalModeSection organizationSid={organizationSid} admin={admin} />
            <OptOutsSection admin={admin} />
            <DevClockPanel admin={admin} />
          </>
        ) : null}
      </QueryStatus>
    </>
  );
}
