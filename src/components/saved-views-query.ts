// The saved views list as the SavedViews section reads it, and its prefetch
// for the pages that show the section (kept out of SavedViews.tsx so the
// prefetch does not bring the whole component into the first load).
import type { QueryClient } from '@tanstack/react-query';
import { getListSavedViewsInfiniteQueryOptions } from '../api/generated/hooks/saved-views/saved-views';
import type { ListSavedViewsParams, SavedViewPage } from '../api/generated/model';
import { cursorPaging } from '../api/paging';

export const savedViewsParams = (page: SavedViewPage): ListSavedViewsParams => ({ page, pageSize: 100 });

/** Asks for a page's saved views without waiting; the section shows a failure. */
export function prefetchSavedViews(queryClient: QueryClient, page: SavedViewPage): void {
  queryClient
    .infiniteQuery(getListSavedViewsInfiniteQueryOptions(savedViewsParams(page), { query: cursorPaging }))
    .catch(() => undefined);
}
