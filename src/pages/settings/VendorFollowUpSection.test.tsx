import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { getListCadencesMockHandler } from '../../api/generated/hooks/cadences/cadences.msw';
import {
  getGetVendorFollowUpMockHandler,
  getListVendorFollowUpsMockHandler,
  getUpdateVendorFollowUpMockHandler,
} from '../../api/generated/hooks/follow-up/follow-up.msw';
import { getGetOrganizationSettingsMockHandler } from '../../api/generated/hooks/organization-settings/organization-settings.msw';
import { getListVendorsMockHandler } from '../../api/generated/hooks/vendors/vendors.msw';
import type { FollowUpChoiceUpdate, OrganizationSettings, VendorFollowUp } from '../../api/generated/model';
import { cadenceRecord, vendorFollowUp } from '../../test/records';
import { renderRoutes } from '../../test/render';
import { mswServer } from '../../test/setup';
import { VendorFollowUpSection } from './VendorFollowUpSection';

const at = '2026-11-02T09:30:00Z';
const noPage = { previousPageToken: null, nextPageToken: null };

const cadence = (sid: string, title: string) => cadenceRecord(sid, title);
const standard = cadence('CAstandard', 'Standard');
const escalation = cadence('CAescalation', 'Escalation');
const cadences = [standard, escalation];

const vendor = vendorFollowUp;

const settings: OrganizationSettings = {
  sid: 'OSdemo',
  created: at,
  vendorChangesNeedApproval: false,
  updated: at,
  version: 4,
  holidays: [],
  businessWeekdays: [1, 2, 3, 4, 5],
  senderName: null,
  replyTo: null,
  cadenceSid: standard.sid,
  defaultTimeZone: 'Europe/Berlin',
  defaultUnresponsiveAfterBusinessDays: 5,
  defaultItemGroupCadence: null,
  sendAutomatedUpdateRequests: true,
  pastDueBusinessDays: 1,
  defaultPastDueCadenceSid: null,
};

interface Sent {
  path: string;
  body: FollowUpChoiceUpdate;
}

/**
 * Three vendors in memory, by name: the exceptions list answers those paused
 * or with a cadence of their own, as the server does; every change is recorded.
 */
function serve(initial: VendorFollowUp[]) {
  const state = { vendors: initial, listReads: 0 };
  const sent: Sent[] = [];
  mswServer.use(
    getListCadencesMockHandler({ cadences, page: noPage }),
    getGetOrganizationSettingsMockHandler(settings),
    getListVendorsMockHandler(() => ({
      vendors: state.vendors.map((v) => ({
        sid: v.vendorSid,
        name: v.vendorName,
        created: at,
        updated: at,
        email: null,
      })),
      page: noPage,
    })),
    getListVendorFollowUpsMockHandler(() => {
      state.listReads += 1;
      return { vendorFollowUps: state.vendors.filter((v) => v.paused || v.cadenceSid !== null), page: noPage };
    }),
    getGetVendorFollowUpMockHandler(({ params }) => {
      const found = state.vendors.find((v) => v.vendorSid === params.sid);
      if (!found) throw new Error(`No vendor ${String(params.sid)}`);
      return found;
    }),
    getUpdateVendorFollowUpMockHandler(async ({ request, params }) => {
      const body = (await request.json()) as FollowUpChoiceUpdate;
      sent.push({ path: `/v1/vendors/${String(params.sid)}/followUp`, body });
      let saved: VendorFollowUp | undefined;
      state.vendors = state.vendors.map((v) => {
        if (v.vendorSid !== params.sid) return v;
        const next = { ...v, ...body };
        saved = { ...next, cadenceTitle: cadences.find((c) => c.sid === next.cadenceSid)?.title ?? null };
        return saved;
      });
      if (!saved) throw new Error(`No vendor ${String(params.sid)}`);
      return saved;
    }),
  );
  return { sent, state };
}

const voltaris = vendor('VE1', 'Voltaris Components');
const brightline = vendor('VE2', 'Brightline Electronics Supply');
const pinecrest = vendor('VE3', 'Pinecrest Circuits');

const routes = [{ path: '/settings', Component: () => <VendorFollowUpSection organizationSid="OGdemo" /> }];

describe('VendorFollowUpSection', () => {
  it('lists the vendors whose follow-up differs, with Resume for the paused ones', async () => {
    serve([
      brightline,
      vendor('VE3', 'Pinecrest Circuits', { cadenceSid: escalation.sid, cadenceTitle: 'Escalation' }),
      vendor('VE1', 'Voltaris Components', { paused: true }),
    ]);
    renderRoutes(routes, '/settings');
    const table = await screen.findByRole('table', { name: 'Vendors whose follow-up differs' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => [...r.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent))).toEqual([
      ['Pinecrest Circuits', 'Escalation'],
      ['Voltaris Components', 'Paused'],
    ]);
    expect(within(rows[0]).queryByRole('button', { name: /^Resume/ })).toBeNull();
    expect(within(rows[1]).getByRole('button', { name: 'Resume follow-up of Voltaris Components' })).toBeTruthy();
  });

  it('says when every vendor follows the organization', async () => {
    serve([voltaris, brightline]);
    renderRoutes(routes, '/settings');
    expect(await screen.findByText("Every vendor follows the organization's cadence.")).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('resumes a vendor from the list, which then leaves it', async () => {
    const { sent, state } = serve([voltaris, vendor('VE2', 'Brightline Electronics Supply', { paused: true })]);
    renderRoutes(routes, '/settings');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Resume follow-up of Brightline Electronics Supply' }),
    );
    expect(await screen.findByText("Every vendor follows the organization's cadence.")).toBeTruthy();
    expect(sent).toEqual([{ path: '/v1/vendors/VE2/followUp', body: { paused: false } }]);
    expect(state.listReads).toBe(2);
    // Its button went away with it: the focus goes to the section's heading.
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Vendors' }));
  });

  it('shows why a vendor could not be resumed', async () => {
    serve([vendor('VE1', 'Voltaris Components', { paused: true })]);
    mswServer.use(
      http.patch('*/v1/vendors/:sid/followUp', () =>
        HttpResponse.json({ code: 'not_found', message: 'No such vendor.' }, { status: 404 }),
      ),
    );
    renderRoutes(routes, '/settings');
    await userEvent.click(await screen.findByRole('button', { name: 'Resume follow-up of Voltaris Components' }));
    expect((await screen.findByRole('alert')).textContent).toContain('No such vendor.');
    expect(screen.getByRole('cell', { name: 'Voltaris Components' })).toBeTruthy();
  });

  it('pauses a vendor picked by name, and chooses its cadence', async () => {
    const { sent } = serve([voltaris, brightline, pinecrest]);
    renderRoutes(routes, '/settings');
    await screen.findByText("Every vendor follows the organization's cadence.");
    const picker = screen.getByLabelText<HTMLSelectElement>('Vendor');
    await screen.findByRole('option', { name: 'Pinecrest Circuits' });
    expect(picker.value).toBe('');
    await userEvent.selectOptions(picker, 'Pinecrest Circuits');

    expect(
      await screen.findByText(
        "Orders of Pinecrest Circuits follow the organization's cadence (Standard), unless an order has a cadence of its own.",
      ),
    ).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Pause follow-up' }));
    expect(
      await screen.findByText('Follow-up is paused for Pinecrest Circuits: none of its orders are asked.'),
    ).toBeTruthy();
    // The list of exceptions now holds it.
    const table = await screen.findByRole('table', { name: 'Vendors whose follow-up differs' });
    expect(within(table).getByRole('cell', { name: 'Pinecrest Circuits' })).toBeTruthy();

    const select = screen.getByLabelText<HTMLSelectElement>('Cadence of Pinecrest Circuits');
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(["Organization's (Standard)", 'Standard', 'Escalation']);
    await userEvent.selectOptions(select, 'Escalation');
    await userEvent.click(screen.getByRole('button', { name: 'Save cadence' }));
    await waitFor(() => {
      expect(within(table).getByRole('cell', { name: 'Paused (then Escalation)' })).toBeTruthy();
    });
    await userEvent.click(screen.getByRole('button', { name: 'Resume follow-up' }));
    expect(
      await screen.findByText(
        'Orders of Pinecrest Circuits follow Escalation, unless an order has a cadence of its own.',
      ),
    ).toBeTruthy();
    expect(sent).toEqual([
      { path: '/v1/vendors/VE3/followUp', body: { paused: true } },
      { path: '/v1/vendors/VE3/followUp', body: { cadenceSid: 'CAescalation' } },
      { path: '/v1/vendors/VE3/followUp', body: { paused: false } },
    ]);
  });

  it('opens a listed vendor’s follow-up with Change, and sets it back to the organization’s cadence', async () => {
    const { sent } = serve([voltaris, vendor('VE3', 'Pinecrest Circuits', { cadenceSid: escalation.sid })]);
    renderRoutes(routes, '/settings');
    await userEvent.click(await screen.findByRole('button', { name: 'Change follow-up of Pinecrest Circuits' }));
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Pause a vendor or choose its cadence' }));
    expect(screen.getByLabelText<HTMLSelectElement>('Vendor').value).toBe('VE3');
    const select = await screen.findByLabelText<HTMLSelectElement>('Cadence of Pinecrest Circuits');
    expect(select.value).toBe('CAescalation');
    await userEvent.selectOptions(select, "Organization's (Standard)");
    await userEvent.click(screen.getByRole('button', { name: 'Save cadence' }));
    expect(await screen.findByText("Every vendor follows the organization's cadence.")).toBeTruthy();
    expect(sent).toEqual([{ path: '/v1/vendors/VE3/followUp', body: { cadenceSid: null } }]);
  });
});
