// Which embedded view an address shows: /embed/schedule, /embed/flags,
// /embed/orders[/:sid], /embed/boms[/:sid]. Each reads only what its embed
// token allows (server/domain/embed/scope.ts).
import { BomEmbed, BomsEmbed } from './BomEmbed';
import { FlagsEmbed } from './FlagsEmbed';
import { OrderEmbed, OrdersEmbed } from './OrderEmbed';
import { ScheduleEmbed } from './ScheduleEmbed';

const ROUTE = /^\/embed\/(schedule|flags|orders|boms)(?:\/([A-Za-z0-9_-]{1,64}))?\/?$/;

export function EmbedView({ path }: { path: string }) {
  const [, view, sid] = ROUTE.exec(path) ?? [];
  if (view === 'schedule' && !sid) return <ScheduleEmbed />;
  if (view === 'flags' && !sid) return <FlagsEmbed />;
  if (view === 'orders') return sid ? <OrderEmbed sid={sid} /> : <OrdersEmbed />;
  if (view === 'boms') return sid ? <BomEmbed sid={sid} /> : <BomsEmbed />;
  return (
    <main className="p-3">
      <h1 className="text-base font-semibold">No such view</h1>
      <p className="text-sm">Embed /embed/schedule, /embed/flags, /embed/orders/… or /embed/boms/….</p>
    </main>
  );
}
