// Writes one BOM of a BOM import: the BOM is created when new, and its lines
// are made exactly the file's: matched by unique name (updated when changed),
// created when new, deleted when no longer in the file.
import type { Transaction } from 'kysely';
import type { Database, Row } from '../db/schema.ts';
import type { BomPlanEntry, BomLinePlan } from '../domain/import/bom.ts';
import type { RowIssue } from '../domain/import/plan.ts';
import { newSid } from '../domain/sid.ts';
import { serializeBom } from '../routes/boms.ts';
import { decimal } from '../routes/support.ts';
import { insertEvents, type Actor, type ChunkResult } from './write-support.ts';

type Tx = Transaction<Database>;

const lineFields = (l: BomLinePlan) => ({
  requiredQuantity: l.quantity,
  customId: l.customId,
  mpn: l.mpn,
  alternativeMpns: l.alternativeMpns,
  manufacturerName: l.manufacturerName,
  referenceDesignators: l.referenceDesignators,
  description: l.description,
  value: l.value,
  footprint: l.footprint,
  doNotPlace: l.doNotPlace,
  lineNumber: l.lineNumber,
});

/** Whether a stored line already says what the file's line says (the upload check counts it unchanged). */
export function sameLine(row: Row<'bomLines'>, plan: BomLinePlan): boolean {
  return (
    decimal(row.requiredQuantity) === decimal(plan.quantity) &&
    row.customId === plan.customId &&
    row.mpn === plan.mpn &&
    JSON.stringify(row.alternativeMpns) === JSON.stringify(plan.alternativeMpns) &&
    row.manufacturerName === plan.manufacturerName &&
    JSON.stringify(row.referenceDesignators) === JSON.stringify(plan.referenceDesignators) &&
    row.description === plan.description &&
    row.value === plan.value &&
    row.footprint === plan.footprint &&
    row.doNotPlace === plan.doNotPlace &&
    row.lineNumber === plan.lineNumber
  );
}

export async function writeBom(
  tx: Tx,
  organizationSid: string,
  actor: Actor,
  uploadSid: string,
  plan: BomPlanEntry,
): Promise<ChunkResult & { issues: RowIssue[] }> {
  const now = new Date();
  const existing = await tx
    .selectFrom('boms')
    .selectAll()
    .where('organizationSid', '=', organizationSid)
    .where('uniqueName', '=', plan.uniqueName)
    .forUpdate()
    .executeTakeFirst();
  if (existing?.archived) {
    const message = `The BOM "${plan.uniqueName}" is archived; restore it or name another BOM.`;
    const issues = plan.lines.flatMap((l) =>
      l.rowNumbers.map((rowNumber) => ({ rowNumber, column: null, value: null, message })),
    );
    return { rows: 0, created: 0, updated: 0, failed: issues.length, issues };
  }
  const bom =
    existing ??
    (await tx
      .insertInto('boms')
      .values({
        sid: newSid('BO'),
        organizationSid,
        created: now,
        updated: now,
        uniqueName: plan.uniqueName,
        partNumber: null,
        archived: null,
        metadata: '{}',
      })
      .returningAll()
      .executeTakeFirstOrThrow());
  const lines = existing ? await tx.selectFrom('bomLines').selectAll().where('bomSid', '=', bom.sid).execute() : [];
  const byName = new Map(lines.map((l) => [l.uniqueName, l]));
  let created = 0;
  let updated = 0;
  let changes = 0;
  const inserts = [];
  for (const line of plan.lines) {
    const found = byName.get(line.uniqueName);
    if (!found) {
      created += line.rowNumbers.length;
      changes++;
      inserts.push({
        sid: newSid('BL'),
        organizationSid,
        created: now,
        updated: now,
        bomSid: bom.sid,
        uniqueName: line.uniqueName,
        ...lineFields(line),
      });
      continue;
    }
    updated += line.rowNumbers.length;
    byName.delete(line.uniqueName);
    if (sameLine(found, line)) continue;
    changes++;
    await tx
      .updateTable('bomLines')
      .set({ ...lineFields(line), version: found.version + 1, updated: now })
      .where('sid', '=', found.sid)
      .execute();
  }
  for (let i = 0; i < inserts.length; i += 1000)
    await tx
      .insertInto('bomLines')
      .values(inserts.slice(i, i + 1000))
      .execute();
  const gone = [...byName.values()].map((l) => l.sid);
  if (gone.length) {
    changes += gone.length;
    await tx
      .deleteFrom('clearToBuilds')
      .where('organizationSid', '=', organizationSid)
      .where('referenceSid', 'in', gone)
      .execute();
    await tx.deleteFrom('bomLines').where('sid', 'in', gone).execute();
  }
  if (existing && changes) {
    await tx
      .updateTable('boms')
      .set({ version: existing.version + 1, updated: now })
      .where('sid', '=', existing.sid)
      .execute();
  }
  if (!existing || changes) {
    await insertEvents(
      tx,
      organizationSid,
      actor,
      [
        {
          type: existing ? 'bom.updated' : 'bom.created',
          before: existing ? serializeBom(existing) : undefined,
          after: { ...serializeBom(bom), lineCount: plan.lines.length, uploadSid },
        },
      ],
      now,
    );
  }
  return { rows: created + updated, created, updated, failed: 0, issues: [] };
}
