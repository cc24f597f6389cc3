import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { getUploadMessageAttachmentMockHandler } from '../api/generated/hooks/message-inbox/message-inbox.msw';
import { getListOrderMessagesMockHandler } from '../api/generated/hooks/messages-for-orders/messages-for-orders.msw';
import {
  getCreateMessageMockHandler,
  getCreateMessageResponseMock,
} from '../api/generated/hooks/messages/messages.msw';
import type { CreateMessageRequest, Message } from '../api/generated/model';
import { createQueryClient } from '../app/query-client';
import { mswServer } from '../test/setup';
import { MessageThread } from './MessageThread';

const noPage = { previousPageToken: null, nextPageToken: null };
const at = '2026-12-01T09:30:00Z';

function message(overrides: Partial<Message>): Message {
  return {
    ...getCreateMessageResponseMock(),
    sid: 'MS1',
    created: at,
    updated: at,
    author: 'Mara Voss',
    authorRole: 'vendor',
    content: 'The quote is attached.',
    concerns: [],
    read: true,
    attachments: [],
    ...overrides,
  };
}

function renderThread() {
  const queryClient = createQueryClient();
  render(
    <QueryClientProvider client={queryClient}>
      <MessageThread scope={{ kind: 'order', sid: 'OR1', name: 'PO-1001' }} recipient="Voltaris" />
    </QueryClientProvider>,
  );
}

describe('MessageThread attachments', () => {
  it('lists attached files with their download links and sizes', async () => {
    mswServer.use(
      getListOrderMessagesMockHandler({
        messages: [
          message({
            attachments: [
              {
                sid: 'MA1',
                name: 'quote.pdf',
                size: 24_576,
                contentType: 'application/pdf',
                url: 'https://factor.example/files/FI1?expires=1&signature=abc',
                expires: at,
              },
            ],
          }),
        ],
        page: noPage,
      }),
    );
    renderThread();
    const files = await screen.findByRole('list', { name: 'Attached files' });
    const link = within(files).getByRole('link', { name: 'quote.pdf' });
    expect(link.getAttribute('href')).toBe('https://factor.example/files/FI1?expires=1&signature=abc');
    expect(within(files).getByText('(24 KB)')).toBeTruthy();
  });

  it('uploads chosen files, refuses one too large before sending, and sends the stored ones with the message', async () => {
    const sent: CreateMessageRequest[] = [];
    const uploaded: string[] = [];
    mswServer.use(
      getListOrderMessagesMockHandler({ messages: [], page: noPage }),
      getUploadMessageAttachmentMockHandler(async ({ request }) => {
        const file = (await request.formData()).get('file') as File;
        uploaded.push(file.name);
        return {
          sid: `MA${uploaded.length}`,
          name: file.name,
          size: file.size,
          contentType: 'application/pdf',
          url: 'https://factor.example/files/FI1?expires=1&signature=abc',
          expires: at,
        };
      }),
      getCreateMessageMockHandler(async ({ request }) => {
        sent.push((await request.json()) as CreateMessageRequest);
        return message({ sid: 'MS2' });
      }),
    );
    renderThread();
    const form = await screen.findByRole('form', { name: 'Write a message' });
    const big = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'huge.pdf', { type: 'application/pdf' });
    const quote = new File(['%PDF-1.4'], 'quote.pdf', { type: 'application/pdf' });
    await userEvent.upload(within(form).getByLabelText('Attach files (optional)'), [quote, big]);
    const list = within(form).getByRole('list', { name: 'Files to attach' });
    expect(within(list).getByRole('alert').textContent).toBe('Not attached: larger than 10 MB');
    await waitFor(() => {
      expect(within(list).getByText('ready')).toBeTruthy();
    });
    expect(uploaded).toEqual(['quote.pdf']);
    await userEvent.click(within(list).getByRole('button', { name: 'Remove huge.pdf' }));
    await userEvent.type(within(form).getByLabelText('New message'), 'Our quote.');
    await userEvent.click(within(form).getByRole('button', { name: 'Send message' }));
    await waitFor(() => {
      expect(sent).toEqual([{ content: 'Our quote.', orderSids: ['OR1'], attachmentSids: ['MA1'] }]);
    });
    await waitFor(() => {
      expect(within(form).queryByRole('list', { name: 'Files to attach' })).toBeNull();
    });
  });

  it('says why the server refused a file, and sends no message while a file is uploading', async () => {
    const sent: unknown[] = [];
    mswServer.use(
      getListOrderMessagesMockHandler({ messages: [], page: noPage }),
      http.post('*/v1/messageAttachments', () =>
        HttpResponse.json(
          { code: 'invalid_request', message: 'run.pdf is not a PDF, an image or text.', field: 'file' },
          { status: 400 },
        ),
      ),
      getCreateMessageMockHandler(async ({ request }) => {
        sent.push(await request.json());
        return message({ sid: 'MS3' });
      }),
    );
    renderThread();
    const form = await screen.findByRole('form', { name: 'Write a message' });
    await userEvent.upload(
      within(form).getByLabelText('Attach files (optional)'),
      new File(['MZ'], 'run.pdf', { type: 'application/pdf' }),
    );
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'Not attached: run.pdf is not a PDF, an image or text.',
    );
    await userEvent.type(within(form).getByLabelText('New message'), 'Hello');
    await userEvent.click(within(form).getByRole('button', { name: 'Send message' }));
    // The refused file is not sent; the message goes without it.
    await waitFor(() => {
      expect(sent).toEqual([{ content: 'Hello', orderSids: ['OR1'] }]);
    });
  });
});
