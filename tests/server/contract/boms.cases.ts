// Contract cases for BOMs, BOM lines, approval, upserts, inventory counts,
// clear-to-build records and targets.
import type { Tenant } from '../support/harness.ts';
import type { ContractCase } from './case.ts';
import { makeOrderLine } from './core.cases.ts';

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** A BOM with one line whose part has inventory and an open order, so every computed field has a value. */
export async function makeBom(t: Tenant) {
  const part = unique('MPN');
  const bom = await t.buyer.request<{ sid: string; uniqueName: string }>('POST', '/v1/boms', {
    uniqueName: unique('BOM'),
  });
  const line = await t.buyer.request<{ sid: string; uniqueName: string }>('POST', '/v1/bomLines', {
    bomSid: bom.body.sid,
    uniqueName: part,
    requiredQuantity: '2',
  });
  const count = await t.buyer.request<{ sid: string; uniqueName: string }>('POST', '/v1/inventoryCounts', {
    uniqueName: part,
    title: 'Contract part',
    count: 9,
  });
  if (bom.status !== 201 || line.status !== 201 || count.status !== 201) throw new Error('could not make a BOM');
  return { bom: bom.body, line: line.body, count: count.body };
}

async function makeClearToBuild(t: Tenant) {
  const { bom } = await makeBom(t);
  const ctb = await t.buyer.request<{ sid: string }>('POST', '/v1/clearToBuilds', {
    referenceSid: bom.sid,
    buildDate: '2027-03-01T00:00:00Z',
    buildQuantity: '4',
    type: 'actual',
  });
  if (ctb.status !== 201) throw new Error('could not make a clear to build');
  return { bom, ctb: ctb.body };
}

async function makeTarget(t: Tenant) {
  const { bom } = await makeBom(t);
  const target = await t.buyer.request<{ sid: string }>('POST', '/v1/clearToBuildTargets', {
    bomSid: bom.sid,
    quantity: '50',
    durationLength: 2,
    durationType: 'month',
    startDate: '2027-01-01T00:00:00Z',
  });
  if (target.status !== 201) throw new Error('could not make a clear to build target');
  return { bom, target: target.body };
}

export const cases: ContractCase[] = [
  {
    operationId: 'listBoms',
    prepare: async (t) => {
      const { bom } = await makeBom(t);
      return { path: `/v1/boms?sid=${bom.sid}&uniqueName=${encodeURIComponent(bom.uniqueName)}&ctbLessThanEqualTo=10` };
    },
  },
  {
    operationId: 'createBom',
    prepare: () => Promise.resolve({ path: '/v1/boms', body: { uniqueName: unique('BOM') } }),
  },
  { operationId: 'getBom', prepare: async (t) => ({ path: `/v1/boms/${(await makeBom(t)).bom.sid}` }) },
  {
    operationId: 'getBomForecast',
    prepare: async (t) => ({
      path: `/v1/boms/${(await makeBom(t)).bom.sid}/forecast?weeks=4&includeUnconfirmed=false&alone=true`,
    }),
  },
  {
    operationId: 'getBomLineSupply',
    prepare: async (t) => {
      const [{ bom, line }, { group }] = await Promise.all([makeBom(t), makeOrderLine(t)]);
      // Linked by hand, the order line supplies the line: its listing has every field.
      const linked = await t.buyer.request('PUT', `/v1/bomLines/${line.sid}/supplyLinks/${group.sid}`, {
        linked: true,
      });
      if (linked.status !== 200) throw new Error('could not link an order line');
      return { path: `/v1/boms/${bom.sid}/lineSupply?lineSid=${line.sid}&alone=true` };
    },
  },
  {
    operationId: 'recordBomClearToBuilds',
    prepare: async (t) => ({ path: `/v1/boms/${(await makeBom(t)).bom.sid}/clearToBuilds/today`, status: 200 }),
  },
  { operationId: 'deleteBom', prepare: async (t) => ({ path: `/v1/boms/${(await makeBom(t)).bom.sid}` }) },
  {
    operationId: 'listBomLines',
    prepare: async (t) => ({
      path: `/v1/bomLines?bomSid=${(await makeBom(t)).bom.sid}&orderBy=ctb&sortOrder=Desc&includeTotalCount=true&inventoryCountLessThanEqualTo=100&orderedQuantityLessThanEqualTo=100`,
    }),
  },
  {
    operationId: 'createBomLine',
    prepare: async (t) => ({
      path: '/v1/bomLines',
      body: { bomSid: (await makeBom(t)).bom.sid, uniqueName: unique('MPN'), requiredQuantity: '3.5' },
    }),
  },
  { operationId: 'getBomLine', prepare: async (t) => ({ path: `/v1/bomLines/${(await makeBom(t)).line.sid}` }) },
  {
    operationId: 'updateBomLine',
    prepare: async (t) => ({ path: `/v1/bomLines/${(await makeBom(t)).line.sid}`, body: { requiredQuantity: '4' } }),
  },
  { operationId: 'deleteBomLine', prepare: async (t) => ({ path: `/v1/bomLines/${(await makeBom(t)).line.sid}` }) },
  {
    operationId: 'setBomSupplyLink',
    prepare: async (t) => {
      const [{ line }, { group }] = await Promise.all([makeBom(t), makeOrderLine(t)]);
      return { path: `/v1/bomLines/${line.sid}/supplyLinks/${group.sid}`, body: { linked: true } };
    },
  },
  {
    operationId: 'deleteBomSupplyLink',
    prepare: async (t) => {
      const [{ line }, { group }] = await Promise.all([makeBom(t), makeOrderLine(t)]);
      const path = `/v1/bomLines/${line.sid}/supplyLinks/${group.sid}`;
      const set = await t.buyer.request('PUT', path, { linked: false });
      if (set.status !== 200) throw new Error('could not link an order line');
      return { path };
    },
  },
  {
    operationId: 'approveBom',
    prepare: async (t) => ({ path: `/v1/boms/${(await makeBom(t)).bom.sid}/approve`, status: 200 }),
  },
  {
    operationId: 'upsertBomAsync',
    prepare: () =>
      Promise.resolve({
        path: '/v1/bomUpserts',
        status: 202,
        repeatWrites: 'each call starts an upsert job of its own',
        body: {
          uniqueName: unique('BOM'),
          version: 'B',
          partNumber: 'PN-1',
          approved: false,
          metadata: { source: 'contract' },
          lines: [
            {
              customId: 'C-100',
              mpn: 'GRM188R71H104KA93D',
              alternativeMpns: ['CL10B104KB8NNNC'],
              manufacturerName: 'Murata',
              quantity: 4,
              referenceDesignatorsString: 'C1-C3, C5',
              referenceDesignators: ['C7'],
              description: '100nF 50V X7R 0603',
              link: 'https://example.test/part',
              comments: 'decoupling',
              doNotPlace: false,
              lineNumber: '1',
              value: '100nF',
              package: '0603',
              mountType: 'SMD',
              metadata: { origin: 'contract' },
              isCustomPart: false,
            },
          ],
        },
      }),
  },
  {
    operationId: 'getBomUpsertJob',
    prepare: async (t) => {
      const job = await t.buyer.request<{ sid: string }>('PUT', '/v1/bomUpserts', {
        uniqueName: unique('BOM'),
        lines: [{ mpn: 'RC0603FR-0710KL', quantity: 2 }],
      });
      if (job.status !== 202) throw new Error('could not start a BOM upsert');
      // Let the background work finish, so the suites that compare before and after see a quiet organization.
      const path = `/v1/bomUpserts/${job.body.sid}`;
      for (let i = 0; i < 200; i++) {
        const polled = await t.buyer.request<{ status: string }>('GET', path);
        if (polled.body.status !== 'processing') break;
        await new Promise((r) => setTimeout(r, 25));
      }
      return { path };
    },
  },
  {
    operationId: 'listInventoryCounts',
    prepare: async (t) => {
      await makeBom(t);
      return {
        path: `/v1/inventoryCounts?organizationSid=${t.organizationSid}&dateAfter=2000-01-01T00:00:00Z&dateBefore=2100-01-01T00:00:00Z`,
      };
    },
  },
  {
    operationId: 'createInventoryCount',
    prepare: () =>
      Promise.resolve({
        path: '/v1/inventoryCounts',
        body: { uniqueName: unique('MPN'), title: 'Resistor 10k', count: 250, recordingDate: '2026-05-01T12:00:00Z' },
      }),
  },
  {
    operationId: 'getInventoryCount',
    prepare: async (t) => ({ path: `/v1/inventoryCounts/${(await makeBom(t)).count.sid}` }),
  },
  {
    operationId: 'listClearToBuilds',
    prepare: async (t) => {
      const { bom } = await makeClearToBuild(t);
      return {
        path: `/v1/clearToBuilds?sid=${bom.sid}&organizationSid=${t.organizationSid}&startDate=2027-01-01T00:00:00Z&endDate=2027-12-31T00:00:00Z&buildQuantityLessThanEqualTo=10`,
      };
    },
  },
  {
    operationId: 'createClearToBuild',
    prepare: async (t) => ({
      path: '/v1/clearToBuilds',
      body: {
        organizationSid: t.organizationSid,
        referenceSid: (await makeBom(t)).line.sid,
        buildDate: '2027-03-01T00:00:00Z',
        buildQuantity: '4',
        type: 'expected',
      },
    }),
  },
  {
    operationId: 'updateClearToBuild',
    prepare: async (t) => ({
      path: `/v1/clearToBuilds/${(await makeClearToBuild(t)).ctb.sid}`,
      body: { buildQuantity: '6' },
    }),
  },
  {
    operationId: 'deleteClearToBuild',
    prepare: async (t) => ({ path: `/v1/clearToBuilds/${(await makeClearToBuild(t)).ctb.sid}` }),
  },
  {
    operationId: 'getClearToBuildTarget',
    prepare: async (t) => ({ path: `/v1/clearToBuildTargets/${(await makeTarget(t)).target.sid}` }),
  },
  {
    operationId: 'deleteClearToBuildTarget',
    prepare: async (t) => ({ path: `/v1/clearToBuildTargets/${(await makeTarget(t)).target.sid}` }),
  },
  {
    operationId: 'updateClearToBuildTarget',
    prepare: async (t) => ({
      path: `/v1/clearToBuildTargets/${(await makeTarget(t)).target.sid}`,
      body: { quantity: '75', durationLength: 1, durationType: 'quarter', startDate: '2027-04-01T00:00:00Z' },
    }),
  },
  {
    operationId: 'listClearToBuildTargets',
    prepare: async (t) => {
      const { bom } = await makeTarget(t);
      return {
        path: `/v1/clearToBuildTargets?bomSid=${bom.sid}&organizationSid=${t.organizationSid}&orderBy=quantity&sortOrder=Desc`,
      };
    },
  },
  {
    operationId: 'createClearToBuildTarget',
    prepare: async (t) => ({
      path: '/v1/clearToBuildTargets',
      body: {
        organizationSid: t.organizationSid,
        bomSid: (await makeBom(t)).bom.sid,
        quantity: '40',
        durationLength: 6,
        durationType: 'week',
        startDate: '2027-01-01T00:00:00Z',
      },
    }),
  },
];
