// The bodies of an outbox email. Most emails are stored rendered; an update
// request's email is stored as what it is rendered from (migration 0042) and
// rendered here when it is sent or read, the same email every time. Pure.
import * as z from 'zod/mini';
import { renderUpdateRequestEmail, type UpdateRequestEmailInput } from '../follow-up/email.ts';

const nullableText = z.nullable(z.string());

/** What an update request's email is rendered from, checked when read back from the database. */
const UpdateRequestEmailSchema = z.object({
  organizationName: z.string(),
  senderName: nullableText,
  vendorName: z.string(),
  recipientName: nullableText,
  orderNumber: z.string(),
  orderTitle: nullableText,
  lines: z.array(
    z.object({
      lineLabel: z.string(),
      part: nullableText,
      description: nullableText,
      quantity: z.string(),
      dueDate: nullableText,
      promise: z.object({ shipDate: nullableText, arrivalDate: nullableText, confirmed: z.boolean() }),
      kind: z.enum(['request', 'reminder']),
    }),
  ),
  portalUrl: z.string(),
  unsubscribeUrl: z.string(),
  oneClickUnsubscribeUrl: z.optional(z.string()),
  linkExpiresInDays: z.number(),
  logoUrl: z.optional(nullableText),
});

/** The columns of an outbox row its bodies come from. */
export interface StoredOutboxBodies {
  textBody: string | null;
  htmlBody: string | null;
  headers: unknown;
  updateRequestEmail: unknown;
}

export interface OutboxBodies {
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** The email's text, HTML and extra headers, rendered now when it was stored as what it is rendered from. */
export function outboxBodies(row: StoredOutboxBodies): OutboxBodies {
  if (row.updateRequestEmail !== null && row.updateRequestEmail !== undefined) {
    const input: UpdateRequestEmailInput = UpdateRequestEmailSchema.parse(parsedJson(row.updateRequestEmail));
    const { text, html, headers } = renderUpdateRequestEmail(input);
    return { text, html, headers };
  }
  if (row.textBody === null || row.htmlBody === null)
    throw new Error('The email has neither bodies nor what they are rendered from');
  return { text: row.textBody, html: row.htmlBody, headers: headerRecord(parsedJson(row.headers)) };
}

/**
 * The bodies to show a reader (the Mailbox): those of outboxBodies, or, for a row that cannot be rendered, a text
 * saying so and why. The relay does not send such a row: its send fails and is recorded.
 */
export function readableOutboxBodies(row: StoredOutboxBodies): OutboxBodies {
  try {
    return outboxBodies(row);
  } catch (error) {
    const reason = error instanceof z.core.$ZodError ? z.prettifyError(error) : String(error);
    return {
      text: `This email could not be rendered from what was stored, so it is not sent.\n\n${reason}`,
      html: '',
      headers: {},
    };
  }
}

/** jsonb comes back parsed on both engines; a string is what an older writer stored as text. */
function parsedJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function headerRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
