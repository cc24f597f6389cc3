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

  it('uploads a logo, refusing a file over 256 KB at once, shows it, and removes it', async () => {
    let organization: Organization = {
      sid: 'OGdemo',
      name: 'Northwind Robotics',
      logo100x100: null,
      created: at,
      updated: at,
    };
    const uploads: { name: string; size: number }[] = [];
    mswServer.use(
      http.get('*/v1/organizations/OGdemo', () => HttpResponse.json(organization)),
      http.put('*/v1/organizations/OGdemo/logo', async ({ request }) => {
        const file = (await request.formData()).get('file') as File;
        uploads.push({ name: file.name, size: file.size });
        organization = {
          ...organization,
          logo100x100: 'http://127.0.0.1/logos/FIlogo',
          updated: '2026-12-02T09:30:00Z',
        };
        return HttpResponse.json(organization);
      }),
      http.delete('*/v1/organizations/OGdemo/logo', () => {
        organization = { ...organization, logo100x100: null, updated: '2026-12-03T09:30:00Z' };
        return HttpResponse.json(organization);
      }),
    );
    renderRoutes(routes, '/admin');
    const field = await screen.findByLabelText('Logo');
    expect(screen.getByText('No logo')).toBeTruthy();
    const user = userEvent.setup();
    await user.upload(field, new File([new Uint8Array(300 * 1024)], 'poster.png', { type: 'image/png' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'poster.png is 300 KB; a logo may have at most 256 KB.',
    );
    expect(uploads).toEqual([]);

    await user.upload(field, new File([new Uint8Array(2048)], 'logo.png', { type: 'image/png' }));
    expect(await screen.findByText('The new logo is saved.')).toBeTruthy();
    expect(uploads).toEqual([{ name: 'logo.png', size: 2048 }]);
    const shown = await screen.findByRole('img', { name: 'The organization’s logo' });
    expect(shown.getAttribute('src')).toBe('http://127.0.0.1/logos/FIlogo');
    // The name form is not made again for the new version.
    expect(screen.getByLabelText<HTMLInputElement>('Name').value).toBe('Northwind Robotics');

    await user.click(screen.getByRole('button', { name: 'Remove logo' }));
    expect(await screen.findByText('The logo is removed.')).toBeTruthy();
    expect(await screen.findByText('No logo')).toBeTruthy();
  });
});
