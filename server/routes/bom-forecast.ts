// A BOM's clear-to-build forecast (our addition, getBomForecast), and the open
// order lines listed for the BOM lines a page shows (getBomLineSupply): the
// forecast gives every line's numbers, the listing only the lines asked for,
// so a 2,000-line BOM's forecast is not 2,000 lines of order lines. Parses and
// authorizes, reads through server/db/bom-forecast.ts, computes with
// server/domain/bom/forecast.ts, and serializes. Staff only.
import type { Hono } from 'hono';
import {
  DeleteBomSupplyLinkParams,
  GetBomForecastParams,
  GetBomForecastQueryParams,
  GetBomLineSupplyParams,
  GetBomLineSupplyQueryParams,
  RecordBomClearToBuildsParams,
  SetBomSupplyLinkBody,
  SetBomSupplyLinkParams,
} from '../../src/api/generated/zod/bom-forecasts/bom-forecasts.zod.ts';
import { fromMicros, toMicros } from '../../src/lib/decimal.ts';
import {
  forecastInputs,
  lineSupplyInputs,
  type ListedOrder,
  listedOrders,
  type OpenOrderLine,
} from '../db/bom-forecast.ts';
import {
  firstByArrival,
  firstByArrivalPerPart,
  ForecastRangeError,
  forecastClearToBuild,
  normalizePartNumber,
  normalizedPartNumbers,
  partKeys,
  supplyArrival,
} from '../domain/bom/forecast.ts';
import { addDays } from '../domain/follow-up/calendar.ts';
import type { AppEnv } from '../http/context.ts';
import { jsonBody, parseWith, queryParams } from '../http/validate.ts';
import { snapshotClearToBuilds } from '../jobs/clear-to-build-snapshot.ts';
import { databaseClock, organizationToday } from '../jobs/clock.ts';
import { serializeClearToBuild } from './clear-to-build.ts';
import { findBom } from './boms.ts';
import { notFound, unprocessable } from '../http/errors.ts';
import {
  type Db,
  dbOf,
  decimal,
  isoRequired,
  leavesAsIs,
  principalOf,
  recordEvent,
  requireStaff,
  strictQuery,
  unchanged,
} from './support.ts';

const ForecastQuery = strictQuery(GetBomForecastQueryParams);
const LineSupplyQuery = strictQuery(GetBomLineSupplyQueryParams);
/**
 * Open order lines listed per BOM line: the first three by arrival, as the page shows them; the count says how
 * many there are, and the schedule lists them all. Five made a 2,000-line BOM's answer 3 MB.
 */
const SUPPLY_LISTED = 3;

/** A line's open order lines as listed, from its parts' (firstByArrivalPerPart): the first by arrival, and how many. */
function listedSupply(
  parts: readonly ({ first: readonly OpenOrderLine[]; total: number } | undefined)[],
  today: string,
) {
  const first = parts.length === 1 ? (parts[0]?.first ?? []) : parts.flatMap((p) => p?.first ?? []);
  return {
    supply: (parts.length === 1 ? first : firstByArrival(first, today, SUPPLY_LISTED)).map((s) => {
      const arrival = supplyArrival(s, today);
      return {
        itemGroupSid: s.itemGroupSid,
        orderSid: s.orderSid,
        quantity: decimal(s.openQuantity) ?? '0',
        arrivalDate: arrival.date,
        basis: arrival.basis,
        pastDue: arrival.pastDue,
        confirmed: s.confirmed,
        linked: s.linked === true,
      };
    }),
    supplyCount: parts.reduce((sum, p) => sum + (p?.total ?? 0), 0),
  };
}

/** The forecast, or 422 when its quantities are too large to add up exactly (ForecastRangeError). */
function forecastOrRefuse<T>(forecast: () => T): T {
  try {
    return forecast();
  } catch (error) {
    if (error instanceof ForecastRangeError) throw unprocessable(error.message);
    throw error;
  }
}

/** The BOM line and the order line a link names, both of the organization (else 404). */
async function linkEnds(db: Db, organizationSid: string, bomLineSid: string, itemGroupSid: string) {
  const [line, group] = await Promise.all([
    db
      .selectFrom('bomLines')
      .select(['sid', 'bomSid'])
      .where('organizationSid', '=', organizationSid)
      .where('sid', '=', bomLineSid)
      .executeTakeFirst(),
    db
      .selectFrom('itemGroups')
      .select(['sid', 'orderSid', 'itemSid'])
      .where('organizationSid', '=', organizationSid)
      .where('sid', '=', itemGroupSid)
      .executeTakeFirst(),
  ]);
  if (!line) throw notFound('bom line');
  if (!group) throw notFound('item group');
  return { line, group };
}

const serializeSupplyLink = (l: { bomLineSid: string; itemGroupSid: string; linked: boolean; created: Date }) => ({
  bomLineSid: l.bomLineSid,
  itemGroupSid: l.itemGroupSid,
  linked: l.linked,
  created: isoRequired(l.created),
});

export function registerBomForecast(app: Hono<AppEnv>): void {
  // Links made by hand between an order line and a BOM line (server/domain/bom/supply-links.ts applies them).
  app.put('/v1/bomLines/:sid/supplyLinks/:itemGroupSid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const { sid, itemGroupSid } = parseWith(SetBomSupplyLinkParams, c.req.param());
    const { linked } = await jsonBody(c, SetBomSupplyLinkBody);
    const link = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const { group } = await linkEnds(tx, p.organizationSid, sid, itemGroupSid);
        const before = await tx
          .selectFrom('bomSupplyLinks')
          .selectAll()
          .where('bomLineSid', '=', sid)
          .where('itemGroupSid', '=', itemGroupSid)
          .executeTakeFirst();
        if (before && leavesAsIs(before, { linked })) return unchanged(c, before);
        const row = await tx
          .insertInto('bomSupplyLinks')
          .values({ organizationSid: p.organizationSid, bomLineSid: sid, itemGroupSid, linked, createdBy: p.userSid })
          .onConflict((oc) =>
            oc
              .columns(['bomLineSid', 'itemGroupSid'])
              .doUpdateSet({ linked, created: new Date(), createdBy: p.userSid }),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordEvent(tx, p, {
          type: linked ? 'bomLine.supplyLinked' : 'bomLine.supplyUnlinked',
          orderSid: group.orderSid,
          itemSid: group.itemSid,
          itemGroupSid,
          before: before ? serializeSupplyLink(before) : undefined,
          after: serializeSupplyLink(row),
        });
        return row;
      });
    return c.json(serializeSupplyLink(link));
  });

  app.delete('/v1/bomLines/:sid/supplyLinks/:itemGroupSid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const { sid, itemGroupSid } = parseWith(DeleteBomSupplyLinkParams, c.req.param());
    await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const { group } = await linkEnds(tx, p.organizationSid, sid, itemGroupSid);
        const removed = await tx
          .deleteFrom('bomSupplyLinks')
          .where('organizationSid', '=', p.organizationSid)
          .where('bomLineSid', '=', sid)
          .where('itemGroupSid', '=', itemGroupSid)
          .returningAll()
          .executeTakeFirst();
        if (!removed) throw notFound('supply link');
        await recordEvent(tx, p, {
          type: 'bomLine.supplyLinkRemoved',
          orderSid: group.orderSid,
          itemSid: group.itemSid,
          itemGroupSid,
          before: serializeSupplyLink(removed),
        });
      });
    return c.body(null, 204);
  });

  app.get('/v1/boms/:sidOrUniqueName/forecast', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const { sidOrUniqueName } = parseWith(GetBomForecastParams, c.req.param());
    const query = queryParams(c, ForecastQuery);
    const db = dbOf(c);
    const [bom, today] = await Promise.all([findBom(db, p, sidOrUniqueName), organizationToday(db, p.organizationSid)]);
    const { boms, self, priority, stock, supply } = await forecastInputs(db, p.organizationSid, bom.sid, today, {
      alone: query.alone,
    });
    // Stock and supply by normalized part number, looked up per line (a 2,000-line BOM, 50,000 open lines). The
    // supply is counted here and listed, for the lines a page shows, by getBomLineSupply.
    const onHandByKey = new Map<string, bigint>();
    for (const count of stock) {
      const key = normalizePartNumber(count.partNumber);
      onHandByKey.set(key, (onHandByKey.get(key) ?? 0n) + toMicros(count.quantity));
    }
    // Counted by the part number as read (normalized, but for a line linked by hand: its BOM line's, as written), then
    // by normalized part.
    const supplyCountByNumber = new Map<string, number>();
    for (const s of supply) supplyCountByNumber.set(s.partNumber, (supplyCountByNumber.get(s.partNumber) ?? 0) + 1);
    const supplyCountByKey = new Map<string, number>();
    for (const [partNumber, count] of supplyCountByNumber) {
      const key = normalizePartNumber(partNumber);
      supplyCountByKey.set(key, (supplyCountByKey.get(key) ?? 0) + count);
    }
    const onHandOf = (keys: string[]) => fromMicros(keys.reduce((sum, k) => sum + (onHandByKey.get(k) ?? 0n), 0n));
    const dates = Array.from({ length: query.weeks + 1 }, (_, week) => addDays(today, week * 7));
    // The lines are shown at the target's date, or at the last point without a target.
    const linesDate = self.target?.date ?? dates[dates.length - 1];
    const results = forecastOrRefuse(() =>
      forecastClearToBuild(boms, stock, supply, [...dates, linesDate], {
        today,
        includeUnconfirmed: query.includeUnconfirmed,
      }),
    ).map((atDate) => atDate[atDate.length - 1]);
    const atLinesDate = results[results.length - 1];
    const linesAt = new Map(atLinesDate.lines.map((l) => [l.lineSid, l]));
    return c.json({
      bomSid: bom.sid,
      today,
      includeUnconfirmed: query.includeUnconfirmed,
      alone: query.alone,
      priority,
      target:
        self.target && self.targetSid
          ? { sid: self.targetSid, quantity: decimal(self.target.quantity) ?? '0', date: self.target.date }
          : null,
      points: results.slice(0, dates.length).map((r) => ({
        date: r.date,
        clearToBuild: r.clearToBuild,
        atRisk: r.atRisk,
        usesUnconfirmed: r.usesUnconfirmed,
        limitingLineSids: r.limitingLineSids,
      })),
      lines: self.lines.map((line) => {
        const keys = normalizedPartNumbers(line.partNumbers);
        const at = linesAt.get(line.sid);
        return {
          sid: line.sid,
          partNumber: line.partNumbers[0] ?? '',
          quantity: decimal(line.quantity) ?? '0',
          doNotPlace: line.doNotPlace,
          onHand: onHandOf(keys),
          available: at?.available ?? '0',
          clearToBuild: at?.clearToBuild ?? null,
          shortage: at?.shortage ?? '0',
          supplyCount: keys.reduce((sum, k) => sum + (supplyCountByKey.get(k) ?? 0), 0),
        };
      }),
    });
  });

  app.get('/v1/boms/:sidOrUniqueName/lineSupply', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const { sidOrUniqueName } = parseWith(GetBomLineSupplyParams, c.req.param());
    const query = queryParams(c, LineSupplyQuery, ['lineSid']);
    const db = dbOf(c);
    const [bom, today] = await Promise.all([findBom(db, p, sidOrUniqueName), organizationToday(db, p.organizationSid)]);
    const { lines, supply, excluded } = await lineSupplyInputs(db, p.organizationSid, bom.sid, today, query.lineSid, {
      alone: query.alone,
    });
    const keyOf = partKeys();
    const supplyByKey = firstByArrivalPerPart(supply, (s) => keyOf(s.partNumber), today, SUPPLY_LISTED);
    const listed = lines.map((line) => ({
      sid: line.sid,
      ...listedSupply(
        normalizedPartNumbers(line.partNumbers).map((k) => supplyByKey.get(k)),
        today,
      ),
      excluded: excluded.get(line.sid) ?? [],
    }));
    const orders = await listedOrders(
      db,
      p.organizationSid,
      listed.flatMap((l) => [...l.supply, ...l.excluded].map((s) => s.orderSid)),
    );
    // An order line whose order was deleted since it was read is left out.
    const withOrder = <S extends { orderSid: string }, R>(
      rows: readonly S[],
      serialize: (row: S, order: ListedOrder) => R,
    ): R[] =>
      rows.flatMap((row) => {
        const order = orders.get(row.orderSid);
        return order ? [serialize(row, order)] : [];
      });
    return c.json({
      lines: listed.map((l) => ({
        sid: l.sid,
        supply: withOrder(l.supply, (s, order) => ({
          ...s,
          orderUniqueName: order.uniqueName,
          vendorName: order.vendorName,
        })),
        supplyCount: l.supplyCount,
        excludedSupply: withOrder(l.excluded, (s, order) => ({
          itemGroupSid: s.itemGroupSid,
          orderSid: s.orderSid,
          orderUniqueName: order.uniqueName,
          manufacturerPartNumber: s.partNumber === '' ? null : s.partNumber,
        })),
      })),
    });
  });

  // Today's records now, as the daily job writes them (server/jobs/clear-to-build-snapshot.ts).
  app.post('/v1/boms/:sidOrUniqueName/clearToBuilds/today', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const { sidOrUniqueName } = parseWith(RecordBomClearToBuildsParams, c.req.param());
    const db = dbOf(c);
    const bom = await findBom(db, p, sidOrUniqueName);
    const { written, refused } = await snapshotClearToBuilds(db, {
      now: await databaseClock(db).now(),
      organizationSid: p.organizationSid,
      bomSid: bom.sid,
    });
    const refusal = refused.get(bom.sid);
    if (refusal !== undefined) throw unprocessable(refusal);
    const sids = written.get(bom.sid) ?? [];
    const rows = sids.length
      ? await db.selectFrom('clearToBuilds').selectAll().where('sid', 'in', sids).orderBy('type').execute()
      : [];
    return c.json({
      clearToBuilds: rows.map(serializeClearToBuild),
      page: { previousPageToken: null, nextPageToken: null },
    });
  });
}
