// The retention of file exports: once an export's deleteAfter has passed its
// file is deleted. The export record stays, so the list still shows what was
// exported and when; with its deleteAfter in the past and no file, its
// download link answers 410 (routes/exports.ts). Run by the 'purge-exports'
// queue on a schedule and once when a worker starts (queue.ts).
//
// Idempotent and safe to run in several processes at once: a run only sees
// exports that still have a file, and rows another transaction holds (an
// export being deleted, or another run purging it) are left to it or to the
// next run. An export completed after its deleteAfter loses its file on the
// next run.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Rows per statement, well under PostgreSQL's limit on bound parameters. */
const CHUNK = 1000;

export interface PurgeResult {
  /** Exports whose file was removed. */
  exports: number;
  /** File rows deleted. */
  files: number;
}

function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

/** Deletes the file of every export whose deleteAfter is at or before `now`, in one transaction. */
export async function purgeExpiredExports(db: Kysely<Database>, now = new Date()): Promise<PurgeResult> {
  return db.transaction().execute(async (tx) => {
    const expired = await tx
      .selectFrom('fileExports')
      .select(['sid', 'fileSid'])
      .where('deleteAfter', '<=', now)
      .where('fileSid', 'is not', null)
      .forUpdate()
      .skipLocked()
      .execute();
    let files = 0;
    for (const chunk of chunks(expired)) {
      // Cleared here rather than left to the foreign key's set null, so `updated` says when the file went.
      await tx
        .updateTable('fileExports')
        .set({ fileSid: null, updated: now })
        .where(
          'sid',
          'in',
          chunk.map((e) => e.sid),
        )
        .execute();
      const fileSids = chunk.flatMap((e) => (e.fileSid ? [e.fileSid] : []));
      const deleted = await tx.deleteFrom('files').where('sid', 'in', fileSids).executeTakeFirst();
      files += Number(deleted.numDeletedRows);
    }
    return { exports: expired.length, files };
  });
}
