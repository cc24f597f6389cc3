// The open order lines that supply the BOM lines on screen: requests of at
// most 100 lines per page of lines (getBomLineSupply), so the forecast of a
// 2,000-line BOM stays numbers and only the lines shown are listed with their
// supply.
import { useQueries } from '@tanstack/react-query';
import { getGetBomLineSupplyQueryOptions } from '../../api/generated/hooks/bom-forecasts/bom-forecasts';
import { getBomLineSupplyQueryLineSidMax } from '../../api/generated/zod/bom-forecasts/bom-forecasts.zod';
import type { BomLineSupply } from '../../api/generated/model';

/** A line's listed supply with its part number, as the supply cell and its link buttons name it. */
export type SuppliedLine = BomLineSupply & { partNumber: string };

export interface LineSupplyRead {
  /** Each line's supply by line sid, for the pages read so far. */
  bySid: ReadonlyMap<string, BomLineSupply>;
  /** The lines whose supply could not be read (they say so). */
  failed: ReadonlySet<string>;
}

/** A page's line sids in requests of at most `size` (the most one request may name). */
export function inRequests(sids: readonly string[], size: number): string[][] {
  const requests: string[][] = [];
  for (let i = 0; i < sids.length; i += size) requests.push(sids.slice(i, i + size));
  return requests;
}

/**
 * The supply of the lines of each page shown (`pages`: each page's line sids), as the forecast's `alone` reads it:
 * a page of 200 lines in two requests, each a stable query of its own as more pages load.
 */
export function useLineSupply(bomSid: string, pages: readonly (readonly string[])[], alone: boolean): LineSupplyRead {
  const requests = pages.flatMap((sids) => inRequests(sids, getBomLineSupplyQueryLineSidMax));
  const results = useQueries({
    queries: requests.map((sids) =>
      getGetBomLineSupplyQueryOptions(bomSid, { lineSid: sids, ...(alone ? { alone } : {}) }),
    ),
  });
  const bySid = new Map<string, BomLineSupply>();
  const failed = new Set<string>();
  results.forEach((result, i) => {
    if (result.data) for (const line of result.data.lines) bySid.set(line.sid, line);
    else if (result.isError) for (const sid of requests[i]) failed.add(sid);
  });
  return { bySid, failed };
}
