// Records as the API returns them, for component tests' mock answers.
import type { Cadence, ItemGroup, OpenOrderUpload, VendorFollowUp } from '../api/generated/model';

/** An active, unconfirmed item group of 100 at version 3, due 2026-12-01, shipping 2026-11-20. */
export const itemGroup: ItemGroup = {
  sid: 'IG0000000000000000000000000001',
  created: '2026-10-01T00:00:00Z',
  updated: '2026-10-01T00:00:00Z',
  itemSid: 'IT0000000000000000000000000001',
  orderSid: 'OR0000000000000000000000000001',
  organizationSid: 'OGdemo',
  quantity: '100',
  dueDate: '2026-12-01',
  shipDate: '2026-11-20',
  deliveryDate: null,
  estimatedArrivalDate: null,
  shipped: false,
  delivered: false,
  trackingNumber: null,
  version: 3,
  lastUpdateDate: null,
  uniqueName: 'S-1',
  status: 'active',
  confirmed: false,
  cannotSupply: false,
  cannotSupplyReason: null,
  vendorChangedAt: null,
};

/** A csv upload still processing, by Ada Buyer; `changes` override any field. */
export function openOrderUpload(changes: Partial<OpenOrderUpload> = {}): OpenOrderUpload {
  return {
    sid: 'UPnew00000000000000000000000000',
    created: '2026-03-02T10:00:00Z',
    updated: '2026-03-02T10:00:00Z',
    organization: 'OGdemo',
    status: 'processing',
    fileSid: 'FIfile',
    fieldMappingSid: null,
    orderMemberUserSids: [],
    orderMemberEmails: [],
    forceItemGroupsNotPresentDelivered: false,
    rowCountSuccess: null,
    rowCountFailure: null,
    fileType: 'csv',
    dataChangeGroupSid: null,
    openOrderUploadParametersSid: null,
    rowCountTotal: 0,
    rowCountCreated: 0,
    rowCountUpdated: 0,
    rowsProcessed: 0,
    failureMessage: null,
    fileName: 'orders.csv',
    hasRejectedRowsFile: false,
    uploadedByName: 'Ada Buyer',
    ...changes,
  };
}

/** A weekly email cadence of the demo organization; `changes` override any field. */
export function cadenceRecord(sid: string, title: string, changes: Partial<Cadence> = {}): Cadence {
  return {
    sid,
    created: '2026-11-02T09:30:00Z',
    updated: '2026-11-02T09:30:00Z',
    organizationSid: 'OGdemo',
    delaySeconds: '604800',
    unresponsiveAfterBusinessDays: null,
    maxAttempts: null,
    messageType: 'email',
    title,
    ...changes,
  };
}

/** A vendor following the organization's follow-up (not paused, no cadence of its own); `changes` override. */
export function vendorFollowUp(
  vendorSid: string,
  vendorName: string,
  changes: Partial<VendorFollowUp> = {},
): VendorFollowUp {
  return { vendorSid, vendorName, paused: false, cadenceSid: null, cadenceTitle: null, ...changes };
}
