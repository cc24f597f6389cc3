import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Organization } from '../../api/generated/model';
import { Toaster } from '../../components/toast';
import { renderRoutes } from '../../test/render';
import { mswServer } from '../../test/setup';
import { OrganizationSection } from './OrganizationSection';

const at = '2026-12-01T09:30:00Z';
const routes = [
  {
    path: '/admin',
    Component: () => (
      <>
        <OrganizationSection organizationSid="OGdemo" />
        <Toaster />
      </>
    ),
  },
];

describe('OrganizationSection', () => {
  it('renames the organization, refusing an empty name and showing the server’s refusal', async () => {
    let organization: Organization = { sid: 'OGdemo', name: 'Northwind Robotics', created: at, updated: at };
    const sent: unknown[] = [];
    let refuse = true;
    mswServer.use(
      http.get('*/v1/organizations/OGdemo', () => HttpResponse.json(organization)),
      http.patch('*/v1/organizations/OGdemo', async ({ request }) => {
        const body = (await request.json()) as { name: string };
        sent.push(body);
        if (refuse) {
          refuse = false;
          return HttpResponse.json(
            { code: 'bad_request', message: 'name is too long.', field: 'name' },
            { status: 400 },
          );
        }
        organization = { ...organization, name: body.name, updated: '2026-12-02T09:30:00Z' };
        return HttpResponse.json(organization);
      }),
    );
    renderRoutes(routes, '/admin');
    const field = await screen.findByLabelText('Name');
    expect((field as HTMLInputElement).value).toBe('Northwind Robotics');
    const user = userEvent.setup();
    await user.clear(field);
    await user.click(screen.getByRole('button', { name: 'Save name' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Give the organization a name.');
    expect(sent).toEqual([]);
    await user.type(field, 'Northwind Robotics AG');
    await user.click(screen.getByRole('button', { name: 'Save name' }));
    expect((await screen.findByRole('alert')).textContent).toBe('name is too long.');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    await user.click(screen.getByRole('button', { name: 'Save name' }));
    expect(await screen.findByText('The organization is now called Northwind Robotics AG.')).toBeTruthy();
    await waitFor(() => {
      expect(screen.getByLabelText<HTMLInputElement>('Name').value).toBe('Northwind Robotics AG');
    });
    expect(sent).toEqual([{ name: 'Northwind Robotics AG' }, { name: 'Northwind Robotics AG' }]);
  });
});
