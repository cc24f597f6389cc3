import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  getCreateCadenceTransitionMockHandler,
  getDeleteCadenceTransitionMockHandler,
  getListCadenceTransitionsMockHandler,
  getUpdateCadenceTransitionMockHandler,
} from '../../api/generated/hooks/cadence-transition/cadence-transition.msw';
import {
  getCreateCadenceMockHandler,
  getDeleteCadenceMockHandler,
  getListCadencesMockHandler,
  getUpdateCadenceMockHandler,
} from '../../api/generated/hooks/cadences/cadences.msw';
import { getGetDevClockMockHandler } from '../../api/generated/hooks/dev-clock/dev-clock.msw';
import {
  getDeleteEmailOptOutMockHandler,
  getListEmailOptOutsMockHandler,
} from '../../api/generated/hooks/email-opt-out/email-opt-out.msw';
import {
  getGetPublicHolidaysMockHandler,
  getGetVendorFollowUpMockHandler,
  getListVendorFollowUpsMockHandler,
  getUpdateVendorFollowUpMockHandler,
} from '../../api/generated/hooks/follow-up/follow-up.msw';
import { getGetOrganizationSettingsMockHandler } from '../../api/generated/hooks/organization-settings/organization-settings.msw';
import { getGetSessionMockHandler, getGetSessionResponseMock } from '../../api/generated/hooks/session/session.msw';
import { getListVendorsMockHandler } from '../../api/generated/hooks/vendors/vendors.msw';
import type {
  Cadence,
  CadenceTransition,
  CreateCadenceRequest,
  CreateCadenceTransitionRequest,
  EmailOptOut,
  FollowUpChoiceUpdate,
  OrganizationSettings,
  Role,
  UpdateCadenceTransitionRequest,
  UpdateOrganizationSettingsRequest,
  VendorFollowUp,
} from '../../api/generated/model';
import { renderRoutes } from '../../test/render';
import { mswServer } from '../../test/setup';
import SettingsPage from './SettingsPage';

const routes = [{ path: '/settings', Component: SettingsPage }];
const noPage = { previousPageToken: null, nextPageToken: null };
const at = '2026-11-02T09:30:00Z';

function cadence(sid: string, title: string, days: number, maxAttempts: string | null): Cadence {
  return {
    sid,
    created: at,
    updated: at,
    organizationSid: 'OGdemo',
    delaySeconds: String(days * 86_400),
    unresponsiveAfterBusinessDays: '5',
    maxAttempts,
    messageType: 'email',
    title,
  };
}
const standard = cadence('CAstandard', 'Standard', 7, '3');
const escalation = cadence('CAescalation', 'Escalation', 2, null);

function transition(changes: Partial<CadenceTransition>): CadenceTransition {
  return {
    sid: 'TR1',
    created: at,
    updated: at,
    version: 2,
    organizationSid: 'OGdemo',
    cadenceSid: standard.sid,
    condition: 'MaxAttempts',
    conditionParameters: { maxAttempts: 3 },
    action: 'SwitchCadence',
    actionParameters: { cadenceSid: escalation.sid },
    title: null,
    ...changes,
  };
}

function settings(changes: Partial<OrganizationSettings> = {}): OrganizationSettings {
  return {
    sid: 'OSdemo',
    created: at,
    vendorChangesNeedApproval: false,
    updated: at,
    version: 4,
    holidays: ['2026-12-25'],
    businessWeekdays: [1, 2, 3, 4, 5],
    senderName: null,
    replyTo: null,
    cadenceSid: null,
    defaultTimeZone: 'Europe/Berlin',
    defaultUnresponsiveAfterBusinessDays: 5,
    defaultItemGroupCadence: null,
    sendAutomatedUpdateRequests: true,
    pastDueBusinessDays: 1,
    defaultPastDueCadenceSid: null,
    ...changes,
  };
}

const optOut: EmailOptOut = {
  sid: 'EO1',
  created: at,
  updated: at,
  email: 'sales@voltaris.example',
  optOut: 'true',
};

const voltaris: VendorFollowUp = {
  vendorSid: 'VE1',
  vendorName: 'Voltaris Components',
  paused: false,
  cadenceSid: null,
  cadenceTitle: null,
};

interface Sent {
  method: string;
  path: string;
  body?: unknown;
  ifMatch?: string | null;
}

/**
 * The follow-up settings API for one organization, in memory: what the tests
 * change is what the next read answers, and every write is recorded.
 */
function serve({
  role = 'admin',
  transitions = [transition({})],
  optOuts = [optOut],
}: { role?: Role; transitions?: CadenceTransition[]; optOuts?: EmailOptOut[] } = {}) {
  const sent: Sent[] = [];
  const state = {
    settings: settings(),
    cadences: [standard, escalation],
    transitions,
    optOuts,
    vendor: voltaris,
    reads: 0,
  };
  mswServer.use(
    getGetSessionMockHandler(
      getGetSessionResponseMock({
        role,
        organization: { sid: 'OGdemo', name: 'Northwind Robotics', created: at, updated: at },
      }),
    ),
    getGetDevClockMockHandler({ now: at, offsetDays: 0, adjustable: false }),
    getListCadencesMockHandler(() => ({ cadences: state.cadences, page: noPage })),
    getCreateCadenceMockHandler(async ({ request }) => {
      const body = (await request.json()) as CreateCadenceRequest;
      sent.push({ method: 'POST', path: '/v1/cadences', body });
      const created = { ...cadence('CAnew', body.title ?? '', 1, null), ...body, sid: 'CAnew' } as Cadence;
      state.cadences = [...state.cadences, created];
      return created;
    }),
    getUpdateCadenceMockHandler(async ({ request, params }) => {
      const body = await request.json();
      sent.push({ method: 'PATCH', path: `/v1/cadences/${String(params.sid)}`, body });
      return state.cadences.find((c) => c.sid === params.sid) ?? standard;
    }),
    getDeleteCadenceMockHandler(({ params }) => {
      sent.push({ method: 'DELETE', path: `/v1/cadences/${String(params.sid)}` });
      state.cadences = state.cadences.filter((c) => c.sid !== params.sid);
    }),
    getListCadenceTransitionsMockHandler(() => ({ cadenceTransitions: state.transitions, page: noPage })),
    getCreateCadenceTransitionMockHandler(async ({ request }) => {
      const body = (await request.json()) as CreateCadenceTransitionRequest;
      sent.push({ method: 'POST', path: '/v1/cadenceTransitions', body });
      const created = transition({ ...body, sid: 'TRnew', version: 1 });
      state.transitions = [...state.transitions, created];
      return created;
    }),
    getUpdateCadenceTransitionMockHandler(async ({ request, params }) => {
      const body = (await request.json()) as UpdateCadenceTransitionRequest;
      sent.push({ method: 'PATCH', path: `/v1/cadenceTransitions/${String(params.sid)}`, body });
      return transition({});
    }),
    getDeleteCadenceTransitionMockHandler(({ params }) => {
      sent.push({ method: 'DELETE', path: `/v1/cadenceTransitions/${String(params.sid)}` });
      state.transitions = state.transitions.filter((t) => t.sid !== params.sid);
    }),
    getGetOrganizationSettingsMockHandler(() => {
      state.reads += 1;
      return state.settings;
    }),
    http.patch('*/v1/organizationSettings/:sid', async ({ request, params }) => {
      const body = (await request.json()) as UpdateOrganizationSettingsRequest;
      const ifMatch = request.headers.get('If-Match');
      sent.push({ method: 'PATCH', path: `/v1/organizationSettings/${String(params.sid)}`, body, ifMatch });
      if (ifMatch !== `"${state.settings.version}"`) {
        return HttpResponse.json(
          { code: 'precondition_failed', message: 'The settings changed since the version in If-Match.' },
          { status: 412 },
        );
      }
      state.settings = { ...state.settings, ...body, version: state.settings.version + 1 } as OrganizationSettings;
      return HttpResponse.json(state.settings);
    }),
    getListEmailOptOutsMockHandler(({ request }) => {
      sent.push({ method: 'GET', path: `/v1/emailOptOuts${new URL(request.url).search}` });
      return { emailOptOuts: state.optOuts, page: noPage };
    }),
    getDeleteEmailOptOutMockHandler(({ params }) => {
      sent.push({ method: 'DELETE', path: `/v1/emailOptOuts/${String(params.sid)}` });
      state.optOuts = state.optOuts.filter((o) => o.sid !== params.sid);
    }),
    getListVendorsMockHandler({
      vendors: [{ sid: voltaris.vendorSid, name: voltaris.vendorName, created: at, updated: at, email: null }],
      page: noPage,
    }),
    getListVendorFollowUpsMockHandler(() => ({
      vendorFollowUps: state.vendor.paused || state.vendor.cadenceSid ? [state.vendor] : [],
      page: noPage,
    })),
    getGetVendorFollowUpMockHandler(() => state.vendor),
    getUpdateVendorFollowUpMockHandler(async ({ request, params }) => {
      const body = (await request.json()) as FollowUpChoiceUpdate;
      sent.push({ method: 'PATCH', path: `/v1/vendors/${String(params.sid)}/followUp`, body });
      state.vendor = { ...state.vendor, ...body };
      return state.vendor;
    }),
  );
  return { sent, state };
}

const writes = (sent: Sent[]) => sent.filter((s) => s.method !== 'GET');

async function openPage() {
  const result = renderRoutes(routes, '/settings');
  await screen.findByRole('table', { name: 'Cadences' });
  return result;
}

describe('SettingsPage: default tiers', () => {
  it('shows the engine’s tiers and the reminder rule', async () => {
    serve();
    await openPage();
    const tiers = screen.getByRole('table', { name: 'Default cadence tiers' });
    expect(within(tiers).getByRole('row', { name: /81 or more/ }).textContent).toContain('Every 8 weeks');
    expect(within(tiers).getByRole('row', { name: /7 or fewer/ }).textContent).toContain('on the ship date');
    expect(
      screen.getByText('A request with no answer within one business day gets one reminder the next business day.'),
    ).toBeTruthy();
  });
});

describe('SettingsPage: custom cadences', () => {
  it('creates a cadence, sending "every N days" as seconds', async () => {
    const { sent } = serve();
    await openPage();
    await userEvent.click(screen.getByRole('button', { name: 'New cadence' }));
    const dialog = screen.getByRole('dialog', { name: 'New cadence' });
    expect((dialog as HTMLDialogElement).open).toBe(true);
    await userEvent.type(within(dialog).getByLabelText('Name (optional)'), 'Fortnightly');
    const days = within(dialog).getByLabelText('Every N days');
    await userEvent.clear(days);
    await userEvent.type(days, '14');
    await userEvent.type(within(dialog).getByLabelText('Most requests (optional)'), '4');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create cadence' }));
    await waitFor(() => {
      expect((dialog as HTMLDialogElement).open).toBe(false);
    });
    expect(writes(sent)).toEqual([
      {
        method: 'POST',
        path: '/v1/cadences',
        body: {
          title: 'Fortnightly',
          delaySeconds: '1209600',
          maxAttempts: '4',
          unresponsiveAfterBusinessDays: null,
          messageType: 'email',
        },
      },
    ]);
    expect(
      await within(screen.getByRole('table', { name: 'Cadences' })).findByRole('cell', { name: 'Fortnightly' }),
    ).toBeTruthy();
  });

  it('refuses days that are not a whole number before sending anything', async () => {
    const { sent } = serve();
    await openPage();
    await userEvent.click(screen.getByRole('button', { name: 'New cadence' }));
    const dialog = screen.getByRole('dialog', { name: 'New cadence' });
    const days = within(dialog).getByLabelText('Every N days');
    await userEvent.clear(days);
    await userEvent.type(days, '1.5');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create cadence' }));
    const error = await within(dialog).findByText('Enter a whole number of days, from 1 to 365.');
    expect(days.getAttribute('aria-invalid')).toBe('true');
    expect(days.getAttribute('aria-describedby')).toContain(error.id);
    expect(writes(sent)).toEqual([]);
  });

  it('shows a 400 that names a field next to that field', async () => {
    serve();
    let answer = { field: 'maxAttempts', message: 'maxAttempts must be a whole number from 0 to 2147483647.' };
    mswServer.use(
      http.post('*/v1/cadences', () => HttpResponse.json({ code: 'invalid_request', ...answer }, { status: 400 })),
    );
    await openPage();
    await userEvent.click(screen.getByRole('button', { name: 'New cadence' }));
    const dialog = screen.getByRole('dialog', { name: 'New cadence' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create cadence' }));
    const error = await within(dialog).findByText(answer.message);
    const attempts = within(dialog).getByLabelText('Most requests (optional)');
    expect(attempts.getAttribute('aria-invalid')).toBe('true');
    expect(attempts.getAttribute('aria-describedby')).toContain(error.id);
    expect(within(dialog).queryByRole('alert')).toBeNull();

    // The API's delaySeconds is the form's "Every N days".
    answer = { field: 'delaySeconds', message: 'delaySeconds is too long.' };
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create cadence' }));
    const delayError = await within(dialog).findByText(answer.message);
    expect(within(dialog).getByLabelText('Every N days').getAttribute('aria-describedby')).toContain(delayError.id);
  });

  it('edits a cadence without sending what cannot change', async () => {
    const { sent } = serve();
    await openPage();
    await userEvent.click(screen.getByRole('button', { name: 'Edit Standard' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit Standard' });
    const days = within(dialog).getByLabelText('Every N days');
    expect((days as HTMLInputElement).value).toBe('7');
    await userEvent.clear(days);
    await userEvent.type(days, '10');
    await userEvent.clear(within(dialog).getByLabelText('Most requests (optional)'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save cadence' }));
    await waitFor(() => {
      expect(writes(sent)).toHaveLength(1);
    });
    expect(writes(sent)[0]).toEqual({
      method: 'PATCH',
      path: '/v1/cadences/CAstandard',
      body: { title: 'Standard', delaySeconds: '864000', maxAttempts: null, messageType: 'email' },
    });
  });

  it('deletes a cadence after confirmation, then focuses the heading', async () => {
    const { sent } = serve();
    await openPage();
    await userEvent.click(screen.getByRole('button', { name: 'Delete Escalation' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete cadence' });
    // A modal <dialog>: the browser moves the focus in (happy-dom does not, so only its state is checked here).
    expect((dialog as HTMLDialogElement).open).toBe(true);
    expect(dialog.textContent).toContain('Delete the cadence Escalation with its transitions?');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete cadence' }));
    await waitFor(() => {
      expect(screen.queryByRole('button', { name: 'Delete Escalation' })).toBeNull();
    });
    expect(writes(sent)).toEqual([{ method: 'DELETE', path: '/v1/cadences/CAescalation' }]);
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Custom cadences' }));
  });

  it('saves which cadence the organization follows, with If-Match', async () => {
    const { sent } = serve();
    await openPage();
    const choice = await screen.findByLabelText('Cadence for every line');
    expect((choice as HTMLSelectElement).value).toBe('');
    await userEvent.selectOptions(choice, 'CAstandard');
    await userEvent.click(screen.getByRole('button', { name: 'Save cadence choice' }));
    await waitFor(() => {
      expect(writes(sent)).toHaveLength(1);
    });
    expect(writes(sent)[0]).toEqual({
      method: 'PATCH',
      path: '/v1/organizationSettings/OGdemo',
      body: { cadenceSid: 'CAstandard' },
      ifMatch: '"4"',
    });
  });
});

describe('SettingsPage: approval mode', () => {
  it('turns approval mode on with If-Match, and a buyer only reads it', async () => {
    const { sent } = serve();
    await openPage();
    const box = await screen.findByRole('checkbox', { name: "Vendors' new dates and splits need a buyer's approval" });
    expect((box as HTMLInputElement).checked).toBe(false);
    await userEvent.click(box);
    await waitFor(() => {
      expect(writes(sent)).toEqual([
        {
          method: 'PATCH',
          path: '/v1/organizationSettings/OGdemo',
          body: { vendorChangesNeedApproval: true },
          ifMatch: '"4"',
        },
      ]);
    });
    await waitFor(() => {
      expect((box as HTMLInputElement).checked).toBe(true);
    });
  });

  it('is read-only for a buyer', async () => {
    serve({ role: 'buyer' });
    await openPage();
    const box = await screen.findByRole('checkbox', { name: "Vendors' new dates and splits need a buyer's approval" });
    expect((box as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText(/Only an admin can change this\./)).toBeTruthy();
  });
});

describe('SettingsPage: transitions', () => {
  it('shows each transition as a sentence', async () => {
    serve({
      transitions: [
        transition({}),
        transition({
          sid: 'TR2',
          condition: 'FlagCreated',
          conditionParameters: { flagTypeRegexes: ['^pastDue$', '^urgent'] },
          action: 'CallWebhook',
          actionParameters: { url: 'https://hooks.example/po' },
        }),
        transition({
          sid: 'TR3',
          cadenceSid: escalation.sid,
          condition: 'BusinessDaysInState',
          conditionParameters: { totalBusinessDaysInState: 10, businessDaysAfterFinalAttempt: 1 },
          action: 'CallWebhook',
          actionParameters: { url: 'https://hooks.example/late' },
        }),
      ],
    });
    await openPage();
    const list = await screen.findByRole('list', { name: 'Transitions' });
    const items = within(list)
      .getAllByRole('listitem')
      .map((li) => li.querySelector('p')?.textContent);
    expect(items).toEqual([
      'On Standard: after 3 attempts without an answer, switch to Escalation',
      'On Standard: when a Past due flag or a flag matching “^urgent” is raised, call https://hooks.example/po',
      'On Escalation: after 10 business days on this cadence, or 1 business day after the final attempt, call https://hooks.example/late',
    ]);
  });

  it('refuses a webhook that is not https, and accepts http on localhost', async () => {
    const { sent } = serve({ transitions: [] });
    await openPage();
    await userEvent.click(await screen.findByRole('button', { name: 'New transition' }));
    const dialog = screen.getByRole('dialog', { name: 'New transition' });
    await userEvent.selectOptions(within(dialog).getByLabelText('On the cadence'), 'CAstandard');
    await userEvent.selectOptions(within(dialog).getByLabelText('When'), 'ItemGroupBusinessDays');
    await userEvent.type(within(dialog).getByLabelText('Business days before the line’s date'), '5');
    await userEvent.selectOptions(within(dialog).getByLabelText('Then'), 'CallWebhook');
    const url = within(dialog).getByLabelText('Webhook URL');
    await userEvent.type(url, 'http://hooks.example/po');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create transition' }));
    const error = await within(dialog).findByText(/^Enter an https:\/\/ URL/);
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(url.getAttribute('aria-describedby')).toContain(error.id);
    expect(writes(sent)).toEqual([]);

    await userEvent.clear(url);
    await userEvent.type(url, 'http://localhost:8080/hook');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create transition' }));
    await waitFor(() => {
      expect((dialog as HTMLDialogElement).open).toBe(false);
    });
    expect(writes(sent)).toEqual([
      {
        method: 'POST',
        path: '/v1/cadenceTransitions',
        body: {
          cadenceSid: 'CAstandard',
          condition: 'ItemGroupBusinessDays',
          conditionParameters: { businessDays: 5 },
          action: 'CallWebhook',
          actionParameters: { url: 'http://localhost:8080/hook' },
        },
      },
    ]);
  });

  it('asks for the parameters of the chosen condition and a different cadence to switch to', async () => {
    const { sent } = serve({ transitions: [] });
    await openPage();
    await userEvent.click(await screen.findByRole('button', { name: 'New transition' }));
    const dialog = screen.getByRole('dialog', { name: 'New transition' });
    await userEvent.selectOptions(within(dialog).getByLabelText('On the cadence'), 'CAstandard');
    await userEvent.type(within(dialog).getByLabelText('Requests without an answer'), '0');
    await userEvent.selectOptions(within(dialog).getByLabelText('Switch to'), 'CAstandard');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create transition' }));
    expect(await within(dialog).findByText('Enter a whole number, 1 or more.')).toBeTruthy();
    expect(within(dialog).getByText('Choose another cadence than the one the rule watches.')).toBeTruthy();

    await userEvent.selectOptions(within(dialog).getByLabelText('When'), 'FlagCreated');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create transition' }));
    expect(await within(dialog).findByText('Choose at least one kind of flag.')).toBeTruthy();
    expect(writes(sent)).toEqual([]);
  });

  it('edits a transition with its current version', async () => {
    const { sent } = serve();
    await openPage();
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Edit: On Standard: after 3 attempts without an answer, switch to Escalation',
      }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Edit transition' });
    const attempts = within(dialog).getByLabelText('Requests without an answer');
    expect((attempts as HTMLInputElement).value).toBe('3');
    await userEvent.clear(attempts);
    await userEvent.type(attempts, '4');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save transition' }));
    await waitFor(() => {
      expect(writes(sent)).toHaveLength(1);
    });
    expect(writes(sent)[0].body).toEqual({
      currentVersion: '2',
      condition: 'MaxAttempts',
      conditionParameters: { maxAttempts: 4 },
      action: 'SwitchCadence',
      actionParameters: { cadenceSid: 'CAescalation' },
    });
  });

  it('deletes a transition after confirmation', async () => {
    const { sent } = serve();
    await openPage();
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Delete: On Standard: after 3 attempts without an answer, switch to Escalation',
      }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Delete transition' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete transition' }));
    expect(await screen.findByText('No transitions: lines stay on their cadence.')).toBeTruthy();
    expect(writes(sent)).toEqual([{ method: 'DELETE', path: '/v1/cadenceTransitions/TR1' }]);
  });
});

describe('SettingsPage: calendar', () => {
  it('saves the business weekdays and holidays with If-Match', async () => {
    const { sent } = serve();
    await openPage();
    const form = await screen.findByRole('form', { name: 'Calendar and emails' });
    expect(within(form).getByLabelText<HTMLSelectElement>('Time zone').value).toBe('Europe/Berlin');
    await userEvent.click(within(form).getByRole('checkbox', { name: 'Saturday' }));
    await userEvent.click(within(form).getByRole('checkbox', { name: 'Monday' }));
    await userEvent.type(within(form).getByLabelText('Date'), '2026-12-24');
    await userEvent.click(within(form).getByRole('button', { name: 'Add date' }));
    expect(within(form).getByRole('button', { name: 'Remove 24 Dec 2026' })).toBeTruthy();
    await userEvent.type(within(form).getByLabelText('Reply-to address (optional)'), 'buyers@northwind.example');
    await userEvent.click(within(form).getByRole('button', { name: 'Save calendar' }));
    await waitFor(() => {
      expect(writes(sent)).toHaveLength(1);
    });
    expect(writes(sent)[0]).toEqual({
      method: 'PATCH',
      path: '/v1/organizationSettings/OGdemo',
      ifMatch: '"4"',
      body: {
        defaultTimeZone: 'Europe/Berlin',
        businessWeekdays: [2, 3, 4, 5, 6],
        holidays: ['2026-12-24', '2026-12-25'],
        sendAutomatedUpdateRequests: true,
        senderName: null,
        replyTo: 'buyers@northwind.example',
      },
    });
  });

  it('needs at least one business day and a valid reply-to address', async () => {
    const { sent } = serve();
    await openPage();
    const form = await screen.findByRole('form', { name: 'Calendar and emails' });
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
      await userEvent.click(within(form).getByRole('checkbox', { name: day }));
    }
    await userEvent.type(within(form).getByLabelText('Reply-to address (optional)'), 'not an address');
    await userEvent.click(within(form).getByRole('button', { name: 'Save calendar' }));
    expect(await within(form).findByText('Choose at least one business day.')).toBeTruthy();
    const replyTo = within(form).getByLabelText('Reply-to address (optional)');
    expect(replyTo.getAttribute('aria-invalid')).toBe('true');
    expect(writes(sent)).toEqual([]);
  });

  it('adds the public holidays of a country and year', async () => {
    const { sent } = serve();
    const year = new Date().getFullYear();
    const asked: string[] = [];
    mswServer.use(
      getGetPublicHolidaysMockHandler(({ request }) => {
        asked.push(new URL(request.url).search);
        return {
          holidays: [
            { date: `${year}-10-03`, name: 'Day of German Unity' },
            { date: `${year}-12-25`, name: 'Christmas Day' },
          ],
        };
      }),
    );
    await openPage();
    const form = await screen.findByRole('form', { name: 'Calendar and emails' });
    await userEvent.selectOptions(within(form).getByLabelText('Country'), 'DE');
    await userEvent.selectOptions(within(form).getByLabelText('Year'), String(year));
    const add = within(form).getByRole('button', { name: 'Add public holidays' });
    await waitFor(() => {
      expect((add as HTMLButtonElement).disabled).toBe(false);
    });
    expect(asked).toContain(`?country=DE&year=${year}`);
    await userEvent.click(add);
    await userEvent.click(within(form).getByRole('button', { name: 'Save calendar' }));
    await waitFor(() => {
      expect(writes(sent)).toHaveLength(1);
    });
    const body = writes(sent)[0].body as UpdateOrganizationSettingsRequest;
    expect(body.holidays).toEqual([...new Set([`${year}-10-03`, `${year}-12-25`, '2026-12-25'])].sort());
  });

  it('tells the user when someone else changed the settings, and reloads them', async () => {
    const { sent, state } = serve();
    await openPage();
    const form = await screen.findByRole('form', { name: 'Calendar and emails' });
    // Someone else saves a new sender name after this page read the settings.
    state.settings = settings({ version: 5, senderName: 'Northwind Purchasing' });
    await userEvent.click(within(form).getByRole('checkbox', { name: 'Saturday' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Save calendar' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Someone else changed the settings');
    await waitFor(() => {
      expect(screen.getByLabelText<HTMLInputElement>('Sender name (optional)').value).toBe('Northwind Purchasing');
    });
    expect(writes(sent)).toHaveLength(1);
    expect(writes(sent)[0].ifMatch).toBe('"4"');
    expect(state.reads).toBeGreaterThanOrEqual(2);
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Saturday' }).checked).toBe(false);
  });
});

describe('SettingsPage: calendar under live updates', () => {
  it('an untouched form follows a change saved elsewhere; an edited one keeps its values and its save is refused', async () => {
    const { sent, state } = serve();
    const { queryClient } = await openPage();
    const form = await screen.findByRole('form', { name: 'Calendar and emails' });
    const sender = () => within(form).getByLabelText<HTMLInputElement>('Sender name (optional)');

    // A colleague saves; a live update reads the settings again.
    state.settings = settings({ version: 5, senderName: 'Northwind Purchasing' });
    await queryClient.invalidateQueries();
    await waitFor(() => {
      expect(sender().value).toBe('Northwind Purchasing');
    });

    // This user starts editing; the colleague saves again meanwhile.
    await userEvent.click(within(form).getByRole('checkbox', { name: 'Saturday' }));
    state.settings = settings({ version: 6, senderName: 'Northwind Buying' });
    await queryClient.invalidateQueries();
    expect(sender().value).toBe('Northwind Purchasing');
    expect(within(form).getByRole<HTMLInputElement>('checkbox', { name: 'Saturday' }).checked).toBe(true);
    await userEvent.click(within(form).getByRole('button', { name: 'Save calendar' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Someone else changed the settings');
    // Sent on the version the form's values came from, not the one refreshed in under it.
    expect(writes(sent).map((w) => w.ifMatch)).toEqual(['"5"']);
  });
});

describe('SettingsPage: email opt-outs', () => {
  it('lists the opted-out addresses and allows emails again after confirmation', async () => {
    const { sent } = serve();
    await openPage();
    const table = await screen.findByRole('table', { name: 'Opted-out addresses' });
    expect(within(table).getByRole('cell', { name: 'sales@voltaris.example' })).toBeTruthy();
    expect(sent).toContainEqual({ method: 'GET', path: '/v1/emailOptOuts?optOut=true&pageSize=50' });

    const allow = within(table).getByRole('button', { name: 'Allow emails to sales@voltaris.example again' });
    await userEvent.click(allow);
    const dialog = screen.getByRole('dialog', { name: 'Allow emails again' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(writes(sent)).toEqual([]);

    await userEvent.click(allow);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Allow emails again' }));
    expect(await screen.findByText('No one has opted out of emails.')).toBeTruthy();
    expect(writes(sent)).toEqual([{ method: 'DELETE', path: '/v1/emailOptOuts/EO1' }]);
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Email opt-outs' }));
  });

  it('says when the list cannot be loaded', async () => {
    serve();
    mswServer.use(
      http.get('*/v1/emailOptOuts', () =>
        HttpResponse.json({ code: 'unavailable', message: 'Try later.' }, { status: 503 }),
      ),
    );
    await openPage();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load email opt-outs.');
  });
});

describe('SettingsPage for a buyer', () => {
  it('shows everything read-only', async () => {
    serve({ role: 'buyer' });
    await openPage();
    expect(
      screen.getByText(
        'You can see these settings; only an admin of your organization can change them, except the vendors’ pause and cadence.',
      ),
    );
    expect(screen.queryByRole('button', { name: 'New cadence' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Edit|^Delete/ })).toBeNull();
    expect(await screen.findByRole('list', { name: 'Transitions' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'New transition' })).toBeNull();
    const form = await screen.findByRole('form', { name: 'Calendar and emails' });
    expect(within(form).getByLabelText('Time zone').closest('fieldset')?.disabled).toBe(true);
    expect(within(form).queryByRole('button', { name: 'Save calendar' })).toBeNull();
    expect(within(form).queryByRole('button', { name: 'Add public holidays' })).toBeNull();
    expect(within(form).queryByRole('button', { name: /^Remove/ })).toBeNull();
    expect(screen.getByLabelText<HTMLSelectElement>('Cadence for every line').disabled).toBe(true);
    await screen.findByRole('table', { name: 'Opted-out addresses' });
    expect(screen.queryByRole('button', { name: /^Allow emails/ })).toBeNull();
  });

  it('lets a buyer pause a vendor, as an admin may', async () => {
    const { sent } = serve({ role: 'buyer' });
    await openPage();
    const vendors = screen.getByRole('region', { name: 'Vendors' });
    expect(await within(vendors).findByText("Every vendor follows the organization's cadence.")).toBeTruthy();
    await within(vendors).findByRole('option', { name: 'Voltaris Components' });
    await userEvent.selectOptions(within(vendors).getByLabelText('Vendor'), 'Voltaris Components');
    await userEvent.click(await within(vendors).findByRole('button', { name: 'Pause follow-up' }));
    const table = await within(vendors).findByRole('table', { name: 'Vendors whose follow-up differs' });
    expect(within(table).getByRole('cell', { name: 'Paused' })).toBeTruthy();
    expect(writes(sent)).toEqual([{ method: 'PATCH', path: '/v1/vendors/VE1/followUp', body: { paused: true } }]);
  });
});
