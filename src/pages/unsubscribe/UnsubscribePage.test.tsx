import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  getCheckUnsubscribeLinkMockHandler,
  getUnsubscribeMockHandler,
} from '../../api/generated/hooks/unsubscribe/unsubscribe.msw';
import type { UnsubscribeStatus } from '../../api/generated/model';
import { renderRoutes } from '../../test/render';
import { recordRequests } from '../../test/requests';
import { mswServer } from '../../test/setup';
import UnsubscribePage from './UnsubscribePage';

const routes = [{ path: '/unsubscribe', Component: UnsubscribePage }];
const LINK = '/unsubscribe?organization=OGdemo&email=sales%40voltaris.example&signature=s1gn3d';
const STATUS: UnsubscribeStatus = {
  organizationName: 'Northwind Robotics',
  email: 'sales@voltaris.example',
  optedOut: false,
};

// Every request the page makes, to show it never asks for a session.
const requests = recordRequests();

describe('UnsubscribePage', () => {
  it('checks the link, unsubscribes on the button, and confirms', async () => {
    const checks: URLSearchParams[] = [];
    const posts: URLSearchParams[] = [];
    mswServer.use(
      getCheckUnsubscribeLinkMockHandler(({ request }) => {
        checks.push(new URL(request.url).searchParams);
        return STATUS;
      }),
      getUnsubscribeMockHandler(({ request }) => {
        posts.push(new URL(request.url).searchParams);
        return { ...STATUS, optedOut: true };
      }),
    );
    renderRoutes(routes, LINK);
    expect(
      await screen.findByText('Stop update-request emails from Northwind Robotics to sales@voltaris.example?'),
    ).toBeTruthy();
    expect(Object.fromEntries(checks[0])).toEqual({
      organization: 'OGdemo',
      email: 'sales@voltaris.example',
      signature: 's1gn3d',
    });
    // Opening the page writes nothing.
    expect(posts).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Unsubscribe' }));
    expect(
      await screen.findByText(
        'You will get no more update-request emails from Northwind Robotics at sales@voltaris.example.',
      ),
    ).toBeTruthy();
    expect(posts.map((p) => Object.fromEntries(p))).toEqual([
      { organization: 'OGdemo', email: 'sales@voltaris.example', signature: 's1gn3d' },
    ]);
    expect(screen.queryByRole('button', { name: 'Unsubscribe' })).toBeNull();
    expect(requests.list()).toEqual(['GET /v1/emailOptOuts/unsubscribe', 'POST /v1/emailOptOuts/unsubscribe']);
  });

  it('says so at once when the address has opted out already', async () => {
    mswServer.use(getCheckUnsubscribeLinkMockHandler({ ...STATUS, optedOut: true }));
    renderRoutes(routes, LINK);
    expect(
      await screen.findByText(
        'You will get no more update-request emails from Northwind Robotics at sales@voltaris.example.',
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Unsubscribe' })).toBeNull();
  });

  it('explains a link whose signature is wrong', async () => {
    mswServer.use(
      http.get('*/v1/emailOptOuts/unsubscribe', () =>
        HttpResponse.json(
          { code: 'invalid', message: 'The unsubscribe link is not valid.', field: 'signature' },
          { status: 400 },
        ),
      ),
    );
    renderRoutes(routes, LINK);
    expect((await screen.findByRole('alert')).textContent).toContain('This unsubscribe link is not valid.');
    expect(screen.queryByRole('button', { name: 'Unsubscribe' })).toBeNull();
    expect(requests.list()).toEqual(['GET /v1/emailOptOuts/unsubscribe']);
  });

  it('explains an incomplete link without asking the server', async () => {
    renderRoutes(routes, '/unsubscribe?organization=OGdemo&email=sales%40voltaris.example');
    expect((await screen.findByRole('alert')).textContent).toContain('This unsubscribe link is not valid.');
    expect(screen.getByRole('heading', { name: 'Unsubscribe' })).toBeTruthy();
    expect(requests.list()).toEqual([]);
  });
});
