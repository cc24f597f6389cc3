// Every route module of the API. Each registers the operations of its tags.
import type { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { registerEvents } from './events.ts';
import { registerItemGroups } from './item-groups.ts';
import { registerItems } from './items.ts';
import { registerOrders } from './orders.ts';
import { registerSession } from './session.ts';

export function registerRoutes(app: Hono<AppEnv>): void {
  registerSession(app);
  registerOrders(app);
  registerItems(app);
  registerItemGroups(app);
  registerEvents(app);
}
