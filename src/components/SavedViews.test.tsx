import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { useSearchParams } from 'react-router';
import { describe, expect, it } from 'vitest';
import {
  getCreateSavedViewMockHandler,
  getDeleteSavedViewMockHandler,
  getListSavedViewsMockHandler,
  getUpdateSavedViewMockHandler,
} from '../api/generated/hooks/saved-views/saved-views.msw';
import type { SavedView } from '../api/generated/model';
import { renderRoutes } from '../test/render';
import { mswServer } from '../test/setup';
import { SavedViews } from './SavedViews';

/** A page whose view is its URL query, as the orders and schedule pages are. */
function Harness() {
  const [params, setParams] = useSearchParams();
  return (
    <SavedViews
      page="schedule"
      search={params.toString()}
      onApply={(search) => {
        setParams(new URLSearchParams(search));
      }}
    />
  );
}
const routes = [{ path: '/x', Component: Harness }];

function view(sid: string, name: string, search: string): SavedView {
  return { sid, name, search, page: 'schedule', created: '2026-11-02T09:30:00Z', updated: '2026-11-02T09:30:00Z' };
}
const noPage = { previousPageToken: null, nextPageToken: null };

/** A small in-memory store behind the four operations, recording what was sent. */
function serveViews(initial: SavedView[]) {
  let views = [...initial];
  const sent: { method: string; sid?: string; body?: unknown; page?: string | null }[] = [];
  mswServer.use(
    getListSavedViewsMockHandler(({ request }) => {
      sent.push({ method: 'GET', page: new URL(request.url).searchParams.get('page') });
      return { savedViews: [...views].sort((a, b) => a.name.localeCompare(b.name)), page: noPage };
    }),
    getCreateSavedViewMockHandler(async ({ request }) => {
      const body = (await request.json()) as { name: string; search: string };
      sent.push({ method: 'POST', body });
      const created = view(`SV${views.length + 10}`, body.name, body.search);
      views.push(created);
      return created;
    }),
    getUpdateSavedViewMockHandler(async ({ request, params }) => {
      const body = (await request.json()) as { name?: string; search?: string };
      const sid = String(params.sid);
      sent.push({ method: 'PATCH', sid, body });
      views = views.map((v) => (v.sid === sid ? { ...v, ...body } : v));
      return views.find((v) => v.sid === sid) ?? view(sid, '?', '');
    }),
    getDeleteSavedViewMockHandler(({ params }) => {
      const sid = String(params.sid);
      sent.push({ method: 'DELETE', sid });
      views = views.filter((v) => v.sid !== sid);
    }),
  );
  return sent;
}

const nameTaken = () =>
  HttpResponse.json({ code: 'name_taken', message: 'A view with this name exists.', field: 'name' }, { status: 409 });

describe('SavedViews', () => {
  it("lists the page's views, marks the one shown, and applies another through the page", async () => {
    const sent = serveViews([view('SV1', 'Past due', 'pastDue=1'), view('SV2', 'Acme open', 'q=acme&unconfirmed=1')]);
    const { router } = renderRoutes(routes, '/x?unconfirmed=1&q=acme');
    const region = screen.getByRole('region', { name: 'Saved views' });
    const shown = await within(region).findByRole('button', { name: 'Apply Acme open' });
    // Same parameters in another order are the same view.
    expect(shown.getAttribute('aria-current')).toBe('true');
    expect(within(region).getByText('(shown)')).toBeTruthy();
    expect(within(region).getByRole('button', { name: 'Apply Past due' }).getAttribute('aria-current')).toBeNull();
    expect(sent[0]).toEqual({ method: 'GET', page: 'schedule' });

    await userEvent.click(within(region).getByRole('button', { name: 'Apply Past due' }));
    await waitFor(() => {
      expect(router.state.location.search).toBe('?pastDue=1');
    });
    expect(within(region).getByRole('button', { name: 'Apply Past due' }).getAttribute('aria-current')).toBe('true');
    expect(screen.getByText('Showing the saved view “Past due”.')).toBeTruthy();
  });

  it('says when there are none yet, and saves the current view under a name', async () => {
    const sent = serveViews([]);
    renderRoutes(routes, '/x?pastDue=1');
    expect(await screen.findByText(/No saved views yet/)).toBeTruthy();
    const name = screen.getByLabelText<HTMLInputElement>('Name for the current view');

    // An empty name is refused before asking the server.
    await userEvent.click(screen.getByRole('button', { name: 'Save view' }));
    expect(screen.getByRole('alert').textContent).toBe('Enter a name for the view.');
    expect(sent.filter((s) => s.method === 'POST')).toHaveLength(0);

    await userEvent.type(name, '  Late lines  ');
    await userEvent.click(screen.getByRole('button', { name: 'Save view' }));
    expect(await screen.findByRole('button', { name: 'Apply Late lines' })).toBeTruthy();
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({
      page: 'schedule',
      name: 'Late lines',
      search: 'pastDue=1',
    });
    expect(name.value).toBe('');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('offers to replace a view whose name is taken, and replaces its query only when asked', async () => {
    const sent = serveViews([view('SV1', 'Weekly', 'pastDue=1')]);
    mswServer.use(http.post('*/v1/savedViews', nameTaken));
    const { router } = renderRoutes(routes, '/x?q=bolt');
    await screen.findByRole('button', { name: 'Apply Weekly' });
    await userEvent.type(screen.getByLabelText('Name for the current view'), 'Weekly');
    await userEvent.click(screen.getByRole('button', { name: 'Save view' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('You already have a view named “Weekly”. Replace it with the current view?');

    // "Keep it" leaves the saved view alone.
    await userEvent.click(within(alert).getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.activeElement).toBe(screen.getByLabelText('Name for the current view'));
    expect(sent.filter((s) => s.method === 'PATCH')).toHaveLength(0);

    await userEvent.click(screen.getByRole('button', { name: 'Save view' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Replace “Weekly”' }));
    await waitFor(() => {
      expect(sent.filter((s) => s.method === 'PATCH')).toEqual([
        { method: 'PATCH', sid: 'SV1', body: { search: 'q=bolt' } },
      ]);
    });
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Apply Weekly' }).getAttribute('aria-current')).toBe('true');
    });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(router.state.location.search).toBe('?q=bolt');
  });

  it('shows the server message when saving fails for another reason', async () => {
    serveViews([]);
    mswServer.use(
      http.post('*/v1/savedViews', () =>
        HttpResponse.json({ code: 'invalid', message: 'search is too long', field: 'search' }, { status: 400 }),
      ),
    );
    renderRoutes(routes, '/x');
    await screen.findByText(/No saved views yet/);
    await userEvent.type(screen.getByLabelText('Name for the current view'), 'Huge');
    await userEvent.click(screen.getByRole('button', { name: 'Save view' }));
    expect((await screen.findByRole('alert')).textContent).toBe('search is too long');
    expect(screen.queryByRole('button', { name: /Replace/ })).toBeNull();
  });

  it('renames a view, and says when the new name is taken', async () => {
    serveViews([view('SV1', 'Weekly', 'pastDue=1'), view('SV2', 'Daily', 'unconfirmed=1')]);
    renderRoutes(routes, '/x');
    await userEvent.click(await screen.findByRole('button', { name: 'Rename Weekly' }));
    const input = screen.getByLabelText<HTMLInputElement>('New name for “Weekly”');
    expect(document.activeElement).toBe(input);

    mswServer.use(http.patch('*/v1/savedViews/:sid', nameTaken));
    await userEvent.clear(input);
    await userEvent.type(input, 'Daily');
    await userEvent.click(screen.getByRole('button', { name: 'Save name' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'You already have a view named “Daily”. Choose another name.',
    );
    expect(document.activeElement).toBe(input);

    // Back to the store's handler: the next name is free.
    mswServer.resetHandlers();
    const later = serveViews([view('SV1', 'Weekly', 'pastDue=1'), view('SV2', 'Daily', 'unconfirmed=1')]);
    await userEvent.clear(input);
    await userEvent.type(input, 'Every Monday');
    await userEvent.click(screen.getByRole('button', { name: 'Save name' }));
    expect(await screen.findByRole('button', { name: 'Apply Every Monday' })).toBeTruthy();
    expect(later.filter((s) => s.method === 'PATCH')).toEqual([
      { method: 'PATCH', sid: 'SV1', body: { name: 'Every Monday' } },
    ]);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Rename Every Monday' }));
  });

  it('cancels a rename with Escape, back on the rename button', async () => {
    const sent = serveViews([view('SV1', 'Weekly', 'pastDue=1')]);
    renderRoutes(routes, '/x');
    await userEvent.click(await screen.findByRole('button', { name: 'Rename Weekly' }));
    await userEvent.type(screen.getByLabelText('New name for “Weekly”'), 'x{Escape}');
    expect(screen.queryByLabelText('New name for “Weekly”')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Rename Weekly' }));
    expect(sent.filter((s) => s.method === 'PATCH')).toHaveLength(0);
  });

  it('asks before deleting, in a modal dialog, and deletes only when confirmed', async () => {
    const sent = serveViews([view('SV1', 'Weekly', 'pastDue=1'), view('SV2', 'Daily', 'unconfirmed=1')]);
    renderRoutes(routes, '/x');
    const deleteWeekly = await screen.findByRole('button', { name: 'Delete Weekly' });
    await userEvent.click(deleteWeekly);
    const dialog = screen.getByRole('dialog', { name: 'Delete the saved view?' });
    expect((dialog as HTMLDialogElement).open).toBe(true);
    expect(dialog.textContent).toContain('“Weekly” will be deleted');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));

    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => {
      expect((dialog as HTMLDialogElement).open).toBe(false);
    });
    expect(document.activeElement).toBe(deleteWeekly);
    expect(sent.filter((s) => s.method === 'DELETE')).toHaveLength(0);

    await userEvent.click(deleteWeekly);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete view' }));
    await waitFor(() => {
      expect(screen.queryByRole('button', { name: 'Apply Weekly' })).toBeNull();
    });
    expect(sent.filter((s) => s.method === 'DELETE')).toEqual([{ method: 'DELETE', sid: 'SV1' }]);
    expect((dialog as HTMLDialogElement).open).toBe(false);
    expect(screen.getByRole('button', { name: 'Apply Daily' })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Saved views' }));
  });

  it('keeps the dialog open with the message when the delete fails', async () => {
    serveViews([view('SV1', 'Weekly', 'pastDue=1')]);
    mswServer.use(
      http.delete('*/v1/savedViews/:sid', () =>
        HttpResponse.json({ code: 'not_found', message: 'That view no longer exists.' }, { status: 404 }),
      ),
    );
    renderRoutes(routes, '/x');
    await userEvent.click(await screen.findByRole('button', { name: 'Delete Weekly' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete the saved view?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete view' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('That view no longer exists.');
    expect((dialog as HTMLDialogElement).open).toBe(true);
  });

  it('says when the views cannot be loaded, and retries', async () => {
    let fail = true;
    mswServer.use(
      http.get('*/v1/savedViews', () =>
        fail
          ? HttpResponse.json({ code: 'unavailable', message: 'Try later.' }, { status: 503 })
          : HttpResponse.json({ savedViews: [view('SV1', 'Weekly', 'pastDue=1')], page: noPage }),
      ),
    );
    renderRoutes(routes, '/x');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load saved views. Try later.');
    fail = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Apply Weekly' })).toBeTruthy();
  });
});
