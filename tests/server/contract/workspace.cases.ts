// Contract cases for the workspace extensions: the vendors list, splitting an
// item group, saved views and the home page's figures.
import type { Tenant } from '../support/harness.ts';
import type { ContractCase } from './case.ts';
import { makeOrderLine } from './core.cases.ts';

async function makeSavedView(t: Tenant): Promise<string> {
  const r = await t.buyer.request<{ sid: string }>('POST', '/v1/savedViews', {
    page: 'schedule',
    name: 'Past due',
    search: 'pastDue=true&orderBy=dueDate',
  });
  if (r.status !== 201) throw new Error(`could not make a saved view: ${r.status}`);
  return r.body.sid;
}

export const cases: ContractCase[] = [
  {
    operationId: 'getAttention',
    prepare: async (t) => {
      await makeOrderLine(t);
      return { path: '/v1/attention' };
    },
  },
  {
    // The probe form: the stream sends its ready event and closes (the open stream is tested in live.test.ts).
    operationId: 'streamLiveChanges',
    prepare: () => Promise.resolve({ path: '/v1/live?once=true', vendorMay: true }),
  },
  {
    operationId: 'listVendors',
    // A vendor user may list vendors: it sees its own.
    prepare: () => Promise.resolve({ path: '/v1/vendors?q=acme&pageSize=10', as: 'vendor' }),
  },
  {
    operationId: 'splitItemGroup',
    prepare: async (t) => {
      const { group } = await makeOrderLine(t);
      return {
        path: `/v1/itemGroups/${group.sid}/split`,
        body: {
          version: group.version,
          shipments: [
            { quantity: '25', shipDate: '2027-01-20', estimatedArrivalDate: '2027-01-25' },
            { quantity: '15', dueDate: '2027-03-01', shipDate: '2027-02-20', uniqueName: 'ship-2' },
          ],
        },
      };
    },
  },
  {
    operationId: 'listSavedViews',
    prepare: async (t) => {
      await makeSavedView(t);
      return { path: '/v1/savedViews?page=schedule&pageSize=10' };
    },
  },
  {
    operationId: 'createSavedView',
    // Any role keeps its own views, vendors too.
    prepare: () =>
      Promise.resolve({
        path: '/v1/savedViews',
        body: { page: 'orders', name: 'Late Acme orders', search: 'q=acme&hasOpenFlags=true' },
        as: 'vendor',
      }),
  },
  {
    // The buyer's view: a vendor (or anyone else) changing it is answered 404.
    operationId: 'updateSavedView',
    prepare: async (t) => ({
      path: `/v1/savedViews/${await makeSavedView(t)}`,
      body: { name: 'Past due lines', search: 'pastDue=true' },
    }),
  },
  {
    operationId: 'deleteSavedView',
    prepare: async (t) => ({ path: `/v1/savedViews/${await makeSavedView(t)}` }),
  },
];
