// The open order lines that supply the BOM lines on screen: one request per
// page of lines (getBomLineSupply), so the forecast of a 2,000-line BOM stays
// numbers and only the lines shown are listed with their supply.
import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import { useCallback } from 'react';
import { getGetBomLineSupplyQueryOptions } from '../../api/generated/hooks/bom-forecasts/bom-forecasts';
import { getBomLineSupplyQueryLineSidMax } from '../../api/generated/zod/bom-forecasts/bom-forecasts.zod';
import type { BomLineSupply, BomLineSupplyList } from '../../api/generated/model';

/** A line's listed supply with its part number, as the supply cell and its link buttons name it. */
export type SuppliedLine = BomLineSupply & { partNumber: string };

export interface LineSupplyRead {
  /** Each line's supply by line sid, for the pages read so far. */
  bySid: ReadonlyMap<string, BomLineSupply>;
  /** Some page's supply could not be read (its lines say so). */
  failed: boolean;
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
  const combine = useCallback(
    (results: UseQueryResult<BomLineSupplyList>[]): LineSupplyRead => ({
      bySid: new Map(results.flatMap((r) => r.data?.lines ?? []).map((l) => [l.sid, l])),
      failed: results.some((r) => r.isError),
    }),
    [],
  );
  return useQueries({
    queries: pages
      .flatMap((sids) => inRequests(sids, getBomLineSupplyQueryLineSidMax))
      .map((sids) => getGetBomLineSupplyQueryOptions(bomSid, { lineSid: sids, ...(alone ? { alone } : {}) })),
    combine,
  });
}
