// The BOM upsert job (PUT /v1/bomUpserts): merges the raw lines of the body
// (server/domain/bom/merge-lines.ts) and writes the BOM with exactly those
// lines in one transaction, recording on the job how it ended.
import type { Kysely } from 'kysely';
import { UpsertBomAsyncBody } from '../../src/api/generated/zod/bom-upserts/bom-upserts.zod.ts';
import { deleteClearToBuildsOf } from '../db/bom-metrics.ts';
import type { Database, Row } from '../db/schema.ts';
import { LineError, type MergedLine, mergeRawLines, type RawLine } from '../domain/bom/merge-lines.ts';
import { newSid } from '../domain/sid.ts';
import type { Principal } from '../http/context.ts';
import { badRequest } from '../http/errors.ts';
import { parseWith } from '../http/validate.ts';
import { serializeBom } from '../routes/boms.ts';
import { recordEvent } from '../routes/support.ts';

/** The body's lines merged, or 400 naming the raw line's field: the upsert's check before its job is created. */
export function mergeOrReject(lines: readonly RawLine[]): MergedLine[] {
  try {
    return mergeRawLines(lines);
  } catch (e) {
    if (e instanceof LineError) throw badRequest(e.message, e.field);
    throw e;
  }
}

const INSERT_CHUNK = 500;

/** The upsert itself, in one transaction; the job records how it ended. Never rejects. */
export async function runBomUpsert(db: Kysely<Database>, p: Principal, jobSid: string): Promise<void> {
  try {
    const job = await db.selectFrom('bomUpsertJobs').selectAll().where('sid', '=', jobSid).executeTakeFirstOrThrow();
    const body = parseWith(UpsertBomAsyncBody, job.payload);
    const lines = mergeRawLines(body.lines);
    await db.transaction().execute(async (tx) => {
      const now = new Date();
      const metadata = body.version != null ? { ...body.metadata, version: body.version } : body.metadata;
      const existing = await tx
        .selectFrom('boms')
        .selectAll()
        .where('organizationSid', '=', job.organizationSid)
        .where('uniqueName', '=', body.uniqueName)
        .forUpdate()
        .executeTakeFirst();
      if (existing?.archived) throw new Error(`The BOM "${body.uniqueName}" is archived.`);
      let bom: Row<'boms'>;
      if (existing) {
        // The BOM's own clear-to-build records stay: only those of the replaced lines go.
        await deleteClearToBuildsOf(tx, job.organizationSid, { bomSid: existing.sid, withBom: false });
        await tx.deleteFrom('bomLines').where('bomSid', '=', existing.sid).execute();
        bom = await tx
          .updateTable('boms')
          .set({
            ...(body.partNumber !== undefined ? { partNumber: body.partNumber } : {}),
            ...(body.approved ? { approved: true } : {}),
            ...(metadata !== undefined ? { metadata: JSON.stringify(metadata) } : {}),
            version: existing.version + 1,
            updated: now,
          })
          .where('sid', '=', existing.sid)
          .returningAll()
          .executeTakeFirstOrThrow();
      } else {
        bom = await tx
          .insertInto('boms')
          .values({
            sid: newSid('BO'),
            organizationSid: job.organizationSid,
            created: now,
            updated: now,
            uniqueName: body.uniqueName,
            partNumber: body.partNumber ?? null,
            approved: body.approved,
            archived: null,
            metadata: JSON.stringify(metadata ?? {}),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      }
      for (let i = 0; i < lines.length; i += INSERT_CHUNK) {
        await tx
          .insertInto('bomLines')
          .values(
            lines.slice(i, i + INSERT_CHUNK).map((l) => ({
              sid: newSid('BL'),
              organizationSid: job.organizationSid,
              created: now,
              updated: now,
              bomSid: bom.sid,
              uniqueName: l.uniqueName,
              requiredQuantity: String(l.quantity),
              customId: l.customId,
              mpn: l.mpn,
              alternativeMpns: l.alternativeMpns,
              manufacturerName: l.manufacturerName,
              referenceDesignators: l.referenceDesignators,
              description: l.description,
              doNotPlace: l.doNotPlace,
              lineNumber: l.lineNumber,
            })),
          )
          .execute();
      }
      await recordEvent(tx, p, {
        type: existing ? 'bom.replaced' : 'bom.created',
        before: existing ? serializeBom(existing) : undefined,
        after: { ...serializeBom(bom), lineCount: lines.length, bomUpsertJobSid: jobSid },
      });
      await tx
        .updateTable('bomUpsertJobs')
        .set({ status: 'completed', bomSid: bom.sid, lineCount: lines.length, error: null, updated: new Date() })
        .where('sid', '=', jobSid)
        .execute();
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db
      .updateTable('bomUpsertJobs')
      .set({ status: 'failed', error: message || 'The upsert failed.', updated: new Date() })
      .where('sid', '=', jobSid)
      .execute()
      .catch((e: unknown) => {
        console.error('bom upsert: could not record the failure of', jobSid, e);
      });
  }
}
