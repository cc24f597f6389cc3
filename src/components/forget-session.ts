import type { QueryClient } from '@tanstack/react-query';

/**
 * Forgets everything read under the session that just ended: reads still
 * under way are cancelled first, so none of them fills the cache afterwards
 * with the previous user's data.
 */
export async function forgetSession(queryClient: QueryClient): Promise<void> {
  await queryClient.cancelQueries();
  queryClient.clear();
}
