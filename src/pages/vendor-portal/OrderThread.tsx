// An order's conversation in the portal, loaded when the vendor opens it: the
// buyer's messages and the vendor's, about the order or its lines.
import type { ItemGroup } from '../../api/generated/model';
import { MessageThread } from '../../components/MessageThread';
import { lineLabel } from './lines';

export default function OrderThread({
  orderSid,
  orderUniqueName,
  lines,
  customer,
}: {
  orderSid: string;
  orderUniqueName: string;
  lines: readonly ItemGroup[];
  customer: string;
}) {
  return (
    <MessageThread
      scope={{ kind: 'order', sid: orderSid, name: orderUniqueName }}
      lines={lines.map((g) => ({ sid: g.sid, label: `Line ${lineLabel(g)}` }))}
      recipient={customer}
    />
  );
}
