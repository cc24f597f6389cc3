import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpdateUserRequest } from '../../api/generated/model';
import { createQueryClient } from '../../app/query-client';
import { notifySuccess } from '../../components/toast';
import { mswServer } from '../../test/setup';
import { PasswordSection } from './PasswordSection';

vi.mock(import('../../components/toast'), async (original) => ({ ...(await original()), notifySuccess: vi.fn() }));

function serve(answer?: () => Response) {
  const sent: { sid: string; body: UpdateUserRequest }[] = [];
  mswServer.use(
    http.patch('*/v1/users/:sid', async ({ request, params }) => {
      sent.push({ sid: String(params.sid), body: (await request.json()) as UpdateUserRequest });
      return answer?.() ?? HttpResponse.json({ sid: String(params.sid) });
    }),
  );
  return sent;
}

function renderSection(password: boolean) {
  render(
    <QueryClientProvider client={createQueryClient()}>
      <PasswordSection
        user={{ sid: 'USmara', email: 'mara@voltaris.example', password }}
        buttonClass="primary"
        secondaryClass="secondary"
      />
    </QueryClientProvider>,
  );
  return screen.getByRole('region', { name: 'Sign in without a link' });
}

beforeEach(() => {
  vi.mocked(notifySuccess).mockClear();
});

describe('PasswordSection', () => {
  it('sets a first password, checking length and repetition before sending', async () => {
    const sent = serve();
    const region = renderSection(false);
    await userEvent.click(within(region).getByRole('button', { name: 'Set a password' }));
    const form = within(region).getByRole('form', { name: 'Set a password' });
    expect(within(form).queryByLabelText('Current password')).toBeNull();
    const next = within(form).getByLabelText('New password');
    const again = within(form).getByLabelText('New password again');
    expect(next.getAttribute('autocomplete')).toBe('new-password');

    await userEvent.type(next, 'short');
    await userEvent.click(within(form).getByRole('button', { name: 'Save password' }));
    expect(within(form).getByText('Use at least 8 characters.')).toBeTruthy();
    expect(next.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(next);

    await userEvent.clear(next);
    await userEvent.type(next, 'a long enough one');
    await userEvent.type(again, 'a long enough two');
    await userEvent.click(within(form).getByRole('button', { name: 'Save password' }));
    expect(within(form).getByText('The two passwords differ.')).toBeTruthy();
    expect(document.activeElement).toBe(again);
    expect(sent).toEqual([]);

    await userEvent.clear(again);
    await userEvent.type(again, 'a long enough one');
    await userEvent.click(within(form).getByRole('button', { name: 'Save password' }));
    await waitFor(() => {
      expect(sent).toEqual([{ sid: 'USmara', body: { newPassword: 'a long enough one' } }]);
    });
    expect(vi.mocked(notifySuccess)).toHaveBeenCalledWith(
      'Password saved. You can now sign in at /login as mara@voltaris.example.',
    );
    await waitFor(() => {
      expect(within(region).queryByRole('form')).toBeNull();
    });
  });

  it('changes a password with the current one, and shows the server refusing it next to that field', async () => {
    const sent = serve(() =>
      HttpResponse.json(
        { code: 'bad_request', message: 'currentPassword is not right.', field: 'currentPassword' },
        { status: 400 },
      ),
    );
    const region = renderSection(true);
    await userEvent.click(within(region).getByRole('button', { name: 'Change your password' }));
    const form = within(region).getByRole('form', { name: 'Change your password' });
    const current = within(form).getByLabelText('Current password');
    await userEvent.click(within(form).getByRole('button', { name: 'Save password' }));
    expect(within(form).getByText('Enter your current password.')).toBeTruthy();
    await userEvent.type(current, 'wrong one');
    await userEvent.type(within(form).getByLabelText('New password'), 'a new password');
    await userEvent.type(within(form).getByLabelText('New password again'), 'a new password');
    await userEvent.click(within(form).getByRole('button', { name: 'Save password' }));
    expect(await within(form).findByText('currentPassword is not right.')).toBeTruthy();
    expect(sent).toEqual([{ sid: 'USmara', body: { newPassword: 'a new password', currentPassword: 'wrong one' } }]);
    expect(document.activeElement).toBe(current);
    expect(vi.mocked(notifySuccess)).not.toHaveBeenCalled();
  });
});
