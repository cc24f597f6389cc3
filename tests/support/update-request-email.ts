// What an update request's email is rendered from, for tests that store or render one.
import type { UpdateRequestEmailInput } from '../../server/domain/follow-up/email.ts';

export function updateRequestEmailInput(over: Partial<UpdateRequestEmailInput> = {}): UpdateRequestEmailInput {
  return {
    organizationName: 'Acme',
    senderName: null,
    vendorName: 'Bolt & Nut Co',
    recipientName: 'Jane',
    orderNumber: 'PO-4711',
    orderTitle: null,
    lines: [
      {
        lineLabel: 'Line 10',
        part: 'BRK-2040',
        description: null,
        quantity: '250',
        dueDate: '2027-01-08',
        promise: { shipDate: null, arrivalDate: null, confirmed: false },
        kind: 'request',
      },
    ],
    portalUrl: 'https://factor.example/portal/link#token=vl_abc&request=UR1',
    unsubscribeUrl: 'https://factor.example/unsubscribe?x=1',
    oneClickUnsubscribeUrl: 'https://factor.example/v1/emailOptOuts/unsubscribe?x=1',
    linkExpiresInDays: 14,
    ...over,
  };
}
