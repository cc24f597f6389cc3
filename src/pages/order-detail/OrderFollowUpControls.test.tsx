import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { useParams } from 'react-router';
import { describe, expect, it } from 'vitest';
import { getListCadencesMockHandler } from '../../api/generated/hooks/cadences/cadences.msw';
import {
  getGetOrderFollowUpMockHandler,
  getUpdateOrderFollowUpMockHandler,
} from '../../api/generated/hooks/follow-up/follow-up.msw';
import { getGetOrganizationSettingsMockHandler } from '../../api/generated/hooks/organization-settings/organization-settings.msw';
import { getGetSessionMockHandler, getGetSessionResponseMock } from '../../api/generated/hooks/session/session.msw';
import type {
  AppliedFollowUp,
  FollowUpChoiceUpdate,
  OrderFollowUp,
  OrganizationSettings,
  Role,
  VendorFollowUp,
} from '../../api/generated/model';
import { cadenceRecord } from '../../test/records';
import { renderRoutes } from '../../test/render';
import { mswServer } from '../../test/setup';
import { OrderFollowUpControls } from './OrderFollowUpControls';

const ORDER = 'OR0000000000000000000000000123';
const at = '2026-11-02T09:30:00Z';
const noPage = { previousPageToken: null, nextPageToken: null };

const cadence = (sid: string, title: string) => cadenceRecord(sid, title);
const standard = cadence('CAstandard', 'Standard');
const escalation = cadence('CAescalation', 'Escalation');

const voltaris: VendorFollowUp = {
  vendorSid: 'VE1',
  vendorName: 'Voltaris Components',
  paused: false,
  cadenceSid: null,
  cadenceTitle: null,
};

const nothingApplies: AppliedFollowUp = {
  state: 'default',
  pausedBy: null,
  cadenceSid: null,
  cadenceTitle: null,
  cadenceFrom: null,
};

function followUp(changes: Partial<OrderFollowUp> = {}): OrderFollowUp {
  return {
    orderSid: ORDER,
    orderUniqueName: 'PO-123',
    paused: false,
    cadenceSid: null,
    cadenceTitle: null,
    vendor: voltaris,
    applies: nothingApplies,
    ...changes,
  };
}

const organizationSettings: OrganizationSettings = {
  sid: 'OSdemo',
  created: at,
  vendorChangesNeedApproval: false,
  updated: at,
  version: 4,
  holidays: [],
  businessWeekdays: [1, 2, 3, 4, 5],
  senderName: null,
  replyTo: null,
  cadenceSid: escalation.sid,
  defaultTimeZone: 'Europe/Berlin',
  defaultUnresponsiveAfterBusinessDays: 5,
  defaultItemGroupCadence: null,
  sendAutomatedUpdateRequests: true,
  pastDueBusinessDays: 1,
  defaultPastDueCadenceSid: null,
};

/**
 * The order's follow-up in memory: a PATCH changes what the next read answers
 * (as the server decides what applies), and every request is recorded.
 */
function serve({ role = 'buyer', initial = followUp() }: { role?: Role; initial?: OrderFollowUp } = {}) {
  const state = { followUp: initial };
  const sent: FollowUpChoiceUpdate[] = [];
  const reads: string[] = [];
  mswServer.use(
    getGetSessionMockHandler(() => {
      reads.push('session');
      return getGetSessionResponseMock({
        role,
        organization: { sid: 'OGdemo', name: 'Northwind Robotics', created: at, updated: at },
      });
    }),
    getListCadencesMockHandler({ cadences: [standard, escalation], page: noPage }),
    getGetOrganizationSettingsMockHandler(() => {
      reads.push('organizationSettings');
      return organizationSettings;
    }),
    getGetOrderFollowUpMockHandler(({ params }) => {
      reads.push(`followUp ${String(params.sidOrUniqueName)}`);
      return state.followUp;
    }),
    getUpdateOrderFollowUpMockHandler(async ({ request }) => {
      const change = (await request.json()) as FollowUpChoiceUpdate;
      sent.push(change);
      const next = { ...state.followUp, ...change };
      const own = next.cadenceSid ? [standard, escalation].find((c) => c.sid === next.cadenceSid) : undefined;
      state.followUp = {
        ...next,
        cadenceTitle: own?.title ?? null,
        applies: next.paused
          ? { ...nothingApplies, state: 'paused', pausedBy: 'order' }
          : own
            ? { state: 'custom', pausedBy: null, cadenceSid: own.sid, cadenceTitle: own.title, cadenceFrom: 'order' }
            : nothingApplies,
      };
      return state.followUp;
    }),
  );
  return { sent, reads, state };
}

function Page() {
  const { sid = '' } = useParams();
  return <OrderFollowUpControls orderSid={sid} />;
}

const routes = [{ path: '/orders/:sid', Component: Page }];

describe('OrderFollowUpControls', () => {
  it.each<{ name: string; initial: OrderFollowUp; sentence: string; nextLevel: string }>([
    {
      name: 'the default tiers',
      initial: followUp(),
      sentence: 'Lines follow the default cadence.',
      nextLevel: "Vendor's or organization's (default tiers)",
    },
    {
      name: "the vendor's cadence",
      initial: followUp({
        vendor: { ...voltaris, cadenceSid: escalation.sid, cadenceTitle: 'Escalation' },
        applies: {
          state: 'custom',
          pausedBy: null,
          cadenceSid: escalation.sid,
          cadenceTitle: 'Escalation',
          cadenceFrom: 'vendor',
        },
      }),
      sentence: "Lines follow Escalation, the vendor's cadence.",
      nextLevel: "Vendor's or organization's (Escalation, the vendor's)",
    },
    {
      name: "the organization's cadence",
      initial: followUp({
        applies: {
          state: 'custom',
          pausedBy: null,
          cadenceSid: escalation.sid,
          cadenceTitle: 'Escalation',
          cadenceFrom: 'organization',
        },
      }),
      sentence: "Lines follow Escalation, the organization's cadence.",
      nextLevel: "Vendor's or organization's (Escalation, the organization's)",
    },
    {
      name: 'a pause of the order',
      initial: followUp({ paused: true, applies: { ...nothingApplies, state: 'paused', pausedBy: 'order' } }),
      sentence: 'Follow-up is paused for this order.',
      // Paused, what applies says nothing of the next level: the organization's settings do.
      nextLevel: "Vendor's or organization's (Escalation, the organization's)",
    },
    {
      name: 'a pause of the vendor',
      initial: followUp({
        vendor: { ...voltaris, paused: true },
        applies: { ...nothingApplies, state: 'paused', pausedBy: 'vendor' },
      }),
      sentence: 'Follow-up is paused for Voltaris Components: none of its orders are asked.',
      nextLevel: "Vendor's or organization's (Escalation, the organization's)",
    },
  ])('says in one sentence what applies: $name', async ({ initial, sentence, nextLevel }) => {
    const { reads } = serve({ initial });
    renderRoutes(routes, `/orders/${ORDER}`);
    expect(await screen.findByText(sentence)).toBeTruthy();
    const select = screen.getByLabelText<HTMLSelectElement>('Cadence of this order');
    await waitFor(() => {
      expect(
        within(select)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual([nextLevel, 'Standard', 'Escalation']);
    });
    expect(select.value).toBe('');
    expect(screen.getByRole('button', { name: initial.paused ? 'Resume follow-up' : 'Pause follow-up' })).toBeTruthy();
    // The organization's settings are read only when what applies does not tell the next level.
    expect(reads.includes('organizationSettings')).toBe(initial.applies.state === 'paused');
  });

  it('pauses the order with { paused: true }, then offers to resume it', async () => {
    const { sent } = serve();
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    mswServer.use(
      http.patch('*/v1/orders/:sid/followUp', async ({ request }) => {
        sent.push((await request.json()) as FollowUpChoiceUpdate);
        await answered;
        return HttpResponse.json(
          followUp({ paused: true, applies: { ...nothingApplies, state: 'paused', pausedBy: 'order' } }),
        );
      }),
    );
    renderRoutes(routes, `/orders/${ORDER}`);
    const pause = await screen.findByRole('button', { name: 'Pause follow-up' });
    await userEvent.click(pause);

    // While it saves, the controls take no second change; the pressed button keeps the focus.
    const pausing = await screen.findByRole('button', { name: 'Pausing…' });
    expect(pausing.getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(pausing);
    expect(screen.getByLabelText<HTMLSelectElement>('Cadence of this order').disabled).toBe(true);
    await userEvent.click(pausing);
    answer();

    expect(await screen.findByText('Follow-up is paused for this order.')).toBeTruthy();
    const resume = screen.getByRole('button', { name: 'Resume follow-up' });
    expect(resume.getAttribute('aria-disabled')).toBe('false');
    expect(sent).toEqual([{ paused: true }]);
  });

  it('resumes a paused order with { paused: false }', async () => {
    const { sent } = serve({
      initial: followUp({ paused: true, applies: { ...nothingApplies, state: 'paused', pausedBy: 'order' } }),
    });
    renderRoutes(routes, `/orders/${ORDER}`);
    await userEvent.click(await screen.findByRole('button', { name: 'Resume follow-up' }));
    expect(await screen.findByText('Lines follow the default cadence.')).toBeTruthy();
    expect(sent).toEqual([{ paused: false }]);
  });

  it('saves a chosen cadence as { cadenceSid }, and null to follow the next level again', async () => {
    const { sent } = serve();
    renderRoutes(routes, `/orders/${ORDER}`);
    const select = await screen.findByLabelText<HTMLSelectElement>('Cadence of this order');
    const save = screen.getByRole('button', { name: 'Save cadence' });
    // Nothing to save until another cadence is picked.
    expect(save.getAttribute('aria-disabled')).toBe('true');
    await userEvent.click(save);
    expect(sent).toEqual([]);

    await userEvent.selectOptions(select, 'Standard');
    await userEvent.click(save);
    expect(await screen.findByText("Lines follow Standard, this order's cadence.")).toBeTruthy();
    expect(select.value).toBe('CAstandard');

    // With a cadence of its own, the next level is the organization's (its settings say which).
    const nextLevel = await screen.findByRole('option', {
      name: "Vendor's or organization's (Escalation, the organization's)",
    });
    await userEvent.selectOptions(select, nextLevel);
    await userEvent.click(save);
    expect(await screen.findByText('Lines follow the default cadence.')).toBeTruthy();
    expect(sent).toEqual([{ cadenceSid: 'CAstandard' }, { cadenceSid: null }]);
  });

  it('shows a 400 naming cadenceSid next to the select, and any other one above the controls', async () => {
    serve();
    mswServer.use(
      http.patch('*/v1/orders/:sid/followUp', async ({ request }) => {
        const change = (await request.json()) as FollowUpChoiceUpdate;
        return change.cadenceSid !== undefined
          ? HttpResponse.json(
              { code: 'invalid_request', message: 'No cadence CAstandard in your organization.', field: 'cadenceSid' },
              { status: 400 },
            )
          : HttpResponse.json(
              { code: 'invalid_request', message: 'Name what to change: paused, cadenceSid or both.', field: 'paused' },
              { status: 400 },
            );
      }),
    );
    renderRoutes(routes, `/orders/${ORDER}`);
    const select = await screen.findByLabelText<HTMLSelectElement>('Cadence of this order');
    await userEvent.selectOptions(select, 'Standard');
    await userEvent.click(screen.getByRole('button', { name: 'Save cadence' }));
    const error = await screen.findByText('No cadence CAstandard in your organization.');
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(select.getAttribute('aria-describedby')).toContain(error.id);
    // The unsaved choice stays, to correct or try again.
    expect(select.value).toBe('CAstandard');
    expect(screen.queryByRole('alert')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Pause follow-up' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Name what to change: paused, cadenceSid or both.',
    );
    expect(select.getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByText('Lines follow the default cadence.')).toBeTruthy();
  });

  it('says when the follow-up cannot be loaded, with a retry', async () => {
    serve();
    mswServer.use(
      http.get('*/v1/orders/:sid/followUp', () =>
        HttpResponse.json({ code: 'unavailable', message: 'Try later.' }, { status: 503 }),
      ),
    );
    renderRoutes(routes, `/orders/${ORDER}`);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Could not load the order's follow-up.");
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('shows a vendor nothing, and does not ask for what the API refuses vendors', async () => {
    const { reads } = serve({ role: 'vendor' });
    renderRoutes(routes, `/orders/${ORDER}`);
    await waitFor(() => {
      expect(reads).toContain('session');
    });
    // Give a follow-up request, were one made, the time to go out.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reads).toEqual(['session']);
    expect(screen.queryByRole('button', { name: /follow-up/ })).toBeNull();
    expect(screen.queryByLabelText('Cadence of this order')).toBeNull();
  });
});
