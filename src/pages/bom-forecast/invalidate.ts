// What a change to a BOM makes stale, refreshed at once.
import { useQueryClient } from '@tanstack/react-query';
import {
  getGetBomForecastQueryKey,
  getGetBomLineSupplyQueryKey,
} from '../../api/generated/hooks/bom-forecasts/bom-forecasts';
import { getListBomLinesInfiniteQueryKey } from '../../api/generated/hooks/bom-lines/bom-lines';
import { getGetBomQueryKey, getListBomsInfiniteQueryKey } from '../../api/generated/hooks/boms/boms';

/** Everything a change to a BOM's lines or stock makes stale: its lines, its figures, its forecast, its lines' supply. */
export function useInvalidateBom(bomSid: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      [
        getListBomLinesInfiniteQueryKey(),
        getGetBomQueryKey(bomSid),
        getListBomsInfiniteQueryKey(),
        getGetBomForecastQueryKey(bomSid),
        getGetBomLineSupplyQueryKey(bomSid),
      ].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    );
}
