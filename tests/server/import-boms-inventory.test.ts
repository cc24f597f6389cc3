// BOM and inventory imports end to end: KiCad and Altium BOMs as BOM lines
// (designators, merged parts, do-not-place), a BOM replaced by its new file,
// inventory counts per part and date; re-uploads never duplicate, bad rows
// are logged, and a bad file writes nothing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTenant, runJobs, server, type Tenant } from './support/harness.ts';

interface Upload {
  sid: string;
  status: string;
  rowCountTotal: number;
  rowCountSuccess: number;
  rowCountFailure: number;
  rowCountCreated: number;
  rowCountUpdated: number;
  rowsProcessed: number;
  failureMessage: string | null;
  fileName: string | null;
}
interface Log {
  rowNumber: number;
  column: string | null;
  value: string | null;
  message: string;
}

const fixtureText = (name: string) => readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url), 'utf8');
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url)));

async function imported(
  t: Tenant,
  path: string,
  content: string | Uint8Array<ArrayBuffer>,
  name: string,
  fields: Record<string, string> = {},
) {
  const fd = new FormData();
  fd.append('file', new Blob([content]), name);
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  const r = await t.buyer.request<Upload>('POST', path, fd);
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  await runJobs();
  const got = await t.buyer.request<Upload>('GET', `${path}/${r.body.sid}`);
  expect(got.status).toBe(200);
  return got.body;
}

async function logsOf(t: Tenant, sid: string) {
  const r = await t.buyer.request<{ openOrderUploadLogs: Log[] }>(
    'GET',
    `/v1/openOrderUploadLogs?openOrderUploadSid=${sid}`,
  );
  expect(r.status).toBe(200);
  return r.body.openOrderUploadLogs;
}

async function linesOf(t: Tenant, bomUniqueName: string) {
  const { db } = await server();
  return db
    .selectFrom('bomLines')
    .innerJoin('boms', 'boms.sid', 'bomLines.bomSid')
    .select([
      'bomLines.sid',
      'bomLines.uniqueName',
      'bomLines.requiredQuantity',
      'bomLines.referenceDesignators',
      'bomLines.doNotPlace',
      'bomLines.mpn',
      'bomLines.manufacturerName',
      'bomLines.version',
    ])
    .where('boms.organizationSid', '=', t.organizationSid)
    .where('boms.uniqueName', '=', bomUniqueName)
    .orderBy('bomLines.uniqueName')
    .execute();
}

describe('BOM imports', () => {
  it('imports a KiCad BOM named after its file, and re-importing it changes nothing', async () => {
    const t = await createTenant();
    const first = await imported(t, '/v1/bomUploads', fixture('kicad-bom.csv'), 'Main Board.csv');
    expect(first).toMatchObject({
      status: 'completed',
      rowCountTotal: 6,
      rowCountSuccess: 6,
      rowCountCreated: 6,
      rowCountFailure: 0,
      rowsProcessed: 6,
    });
    const boms = await t.buyer.request<{ boms: { uniqueName: string; sid: string }[] }>('GET', '/v1/boms');
    expect(boms.body.boms.map((b) => b.uniqueName)).toEqual(['Main Board']);
    const lines = await linesOf(t, 'Main Board');
    expect(lines.map((l) => [l.uniqueName, Number(l.requiredQuantity), l.referenceDesignators, l.doNotPlace])).toEqual([
      ['CL21A106KAYNNNE', 2, ['C3', 'C4'], false],
      // J1 has no MPN: its value in its footprint names it.
      ['Conn_01x04 PinHeader_1x04_P2.54mm_Vertical', 1, ['J1'], false],
      ['GRM155R71C104KA88D', 3, ['C1', 'C2', 'C5'], false],
      ['RC0402FR-0710KL', 2, ['R1', 'R2'], false],
      ['RC0402JR-070RL', 1, ['R3'], true],
      ['STM32F103C8T6', 1, ['U1'], false],
    ]);
    const listed = await t.buyer.request<{ bomLines: unknown[] }>(
      'GET',
      `/v1/bomLines?bomSid=${boms.body.boms[0].sid}`,
    );
    expect(listed.body.bomLines).toHaveLength(6);

    const again = await imported(t, '/v1/bomUploads', fixture('kicad-bom.csv'), 'Main Board.csv');
    expect(again).toMatchObject({ status: 'completed', rowCountCreated: 0, rowCountUpdated: 6 });
    expect(await linesOf(t, 'Main Board')).toEqual(lines);
  });

  it('imports an Altium BOM under a title block: duplicate rows summed, a bad quantity logged; a new file replaces the lines', async () => {
    const t = await createTenant();
    const result = await imported(t, '/v1/bomUploads', fixture('altium-bom.csv'), 'controller.csv');
    expect(result).toMatchObject({ status: 'completed', rowCountTotal: 5, rowCountSuccess: 4, rowCountFailure: 1 });
    expect((await logsOf(t, result.sid)).map((l) => [l.rowNumber, l.column, l.value])).toEqual([
      [9, 'Quantity', 'one'],
    ]);
    const lines = await linesOf(t, 'controller');
    expect(lines.map((l) => [l.uniqueName, Number(l.requiredQuantity)])).toEqual([
      ['GRM155R71C104KA88D', 6],
      ['RC0402FR-0710KL', 2],
      ['STM32F103C8T6', 1],
    ]);
    // STM32 gone, the capacitors down to 3, the resistors as they were (R1-R2 is R1, R2)
    const revised =
      'Description,Designator,Footprint,Quantity,Manufacturer 1,Manufacturer Part Number 1\n' +
      '"Capacitor, ceramic, X7R","C1, C2, C5",0402,3,Murata,GRM155R71C104KA88D\n"Resistor, 1%",R1-R2,0402,2 pcs,Yageo,RC0402FR-0710KL\n';
    const replaced = await imported(t, '/v1/bomUploads', revised, 'controller.csv');
    expect(replaced).toMatchObject({ status: 'completed', rowCountCreated: 0, rowCountUpdated: 2 });
    const after = await linesOf(t, 'controller');
    expect(after.map((l) => [l.uniqueName, Number(l.requiredQuantity), l.version])).toEqual([
      ['GRM155R71C104KA88D', 3, 2],
      ['RC0402FR-0710KL', 2, 1],
    ]);
    expect(after[0].sid).toBe(lines[0].sid);
  });

  it('logs every row of an archived BOM, and fails a file with no quantity or designators column', async () => {
    const t = await createTenant();
    const { db } = await server();
    await imported(t, '/v1/bomUploads', 'BOM,MPN,Qty\nOld,X,1\n', 'x.csv');
    await db
      .updateTable('boms')
      .set({ archived: new Date() })
      .where('organizationSid', '=', t.organizationSid)
      .execute();
    const archived = await imported(t, '/v1/bomUploads', 'BOM,MPN,Qty\nOld,X,2\nNew,Y,1\n', 'x.csv');
    expect(archived).toMatchObject({ status: 'completed', rowCountSuccess: 1, rowCountFailure: 1, rowsProcessed: 2 });
    expect((await logsOf(t, archived.sid)).map((l) => [l.rowNumber, l.message])).toEqual([
      [2, 'The BOM "Old" is archived; restore it or name another BOM.'],
    ]);
    const failed = await imported(t, '/v1/bomUploads', 'MPN,Description\nX,thing\n', 'y.csv');
    expect(failed.status).toBe('failed');
    expect(failed.failureMessage).toMatch(/^The file has no Quantity/);
  });
});

describe('inventory imports', () => {
  it('records counts per part and date; the same file again the same day updates them instead of adding more', async () => {
    const t = await createTenant();
    const first = await imported(t, '/v1/inventoryUploads', fixture('inventory-utf8-bom.csv'), 'stock.csv');
    expect(first).toMatchObject({ status: 'completed', rowCountTotal: 4, rowCountCreated: 2, rowCountFailure: 2 });
    expect((await logsOf(t, first.sid)).map((l) => [l.rowNumber, l.column, l.value])).toEqual([
      [4, 'On Hand', '-3'],
      [5, 'On Hand', '12.5'],
    ]);
    const list = async () =>
      (
        await t.buyer.request<{
          inventoryCounts: { uniqueName: string; count: number; recordingDate: string; title: string | null }[];
        }>('GET', '/v1/inventoryCounts?pageSize=100')
      ).body.inventoryCounts
        .map((c) => [c.uniqueName, c.count, c.recordingDate.slice(0, 10), c.title])
        .sort();
    const today = new Date().toISOString().slice(0, 10);
    expect(await list()).toEqual([
      ['GRM155R71C104KA88D', 12000, '2026-03-01', 'Cap 100nF'],
      ['RC0402FR-0710KL', 5000, today, 'Res 10k'],
    ]);
    const corrected = fixtureText('inventory-utf8-bom.csv').replace('5000', '4800').replace('-3', '3');
    const again = await imported(t, '/v1/inventoryUploads', corrected, 'stock.csv');
    expect(again).toMatchObject({ status: 'completed', rowCountCreated: 1, rowCountUpdated: 2, rowCountFailure: 1 });
    expect(await list()).toEqual([
      ['GRM155R71C104KA88D', 12000, '2026-03-01', 'Cap 100nF'],
      ['RC0402FR-0710KL', 4800, today, 'Res 10k'],
      ['STM32F103C8T6', 3, today, 'MCU'],
    ]);
  });

  it('makes unique names from inventoryUniqueNameHash columns and fails a part counted twice', async () => {
    const t = await createTenant();
    const hashed = await imported(t, '/v1/inventoryUploads', 'Part,Bin,Qty\nA,1,5\nA,2,7\n', 'bins.csv', {
      inventoryUniqueNameHash: 'Part, Bin',
    });
    expect(hashed).toMatchObject({ status: 'completed', rowCountCreated: 2 });
    const { db } = await server();
    const names = await db
      .selectFrom('inventoryCounts')
      .select('uniqueName')
      .where('organizationSid', '=', t.organizationSid)
      .orderBy('uniqueName')
      .execute();
    expect(names.map((n) => n.uniqueName)).toEqual(['A | 1', 'A | 2']);
    const twice = await imported(t, '/v1/inventoryUploads', 'Part,Qty\nB,1\nB,2\n', 'twice.csv');
    expect(twice).toMatchObject({ status: 'failed', rowCountSuccess: 0 });
    expect(twice.failureMessage).toMatch(/^Rows 2 and 3 count the same part "B"/);
    expect((await logsOf(t, twice.sid)).map((l) => l.rowNumber)).toEqual([3]);
  });
});
