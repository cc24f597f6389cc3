// Table types for Kysely (camelCase; the CamelCasePlugin maps them to the
// snake_case columns of migrations.ts). Dates (`date`) are 'YYYY-MM-DD'
// strings, numerics are decimal strings, bigints are numbers: see connect.ts.
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely';
import type { DateOrder } from '../../src/lib/import-preview/date-order.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string | undefined, string>;

interface Owned {
  sid: string;
  organizationSid: string;
  created: Timestamp;
  updated: Timestamp;
}

export interface OrganizationsTable {
  sid: string;
  name: string;
  /** A URL: the uploaded logo's (/logos/<logoFileSid>), or one given by the seed data. */
  logo100x100: string | null;
  logoFileSid: string | null;
  embedOrigins: Generated<string[]>;
  created: Timestamp;
  updated: Timestamp;
}

export interface OrganizationSettingsTable extends Owned {
  version: Generated<number>;
  defaultTimeZone: Generated<string>;
  defaultUnresponsiveAfterBusinessDays: Generated<number>;
  defaultItemGroupCadence: string | null;
  sendAutomatedUpdateRequests: Generated<boolean>;
  pastDueBusinessDays: Generated<number>;
  defaultPastDueCadenceSid: string | null;
  holidays: Generated<string[]>;
  /** ISO weekdays worked, 1 = Monday … 7 = Sunday. */
  businessWeekdays: Generated<number[]>;
  senderName: string | null;
  replyTo: string | null;
  /** The organization's own cadence; null: the default tiers. */
  cadenceSid: string | null;
  /** Days the organization's follow-up clock runs ahead of real time; development setups only. */
  clockOffsetDays: Generated<number>;
  /** Approval mode: vendor dates and splits wait for a buyer as proposals. */
  vendorChangesNeedApproval: Generated<boolean>;
}

export interface VendorsTable extends Owned {
  name: string;
  email: string | null;
  /** The vendor's code in the buyer's ERP (V001), unique in the organization; imports match vendors by it. */
  code: Generated<string | null>;
  followUpPaused: Generated<boolean>;
  cadenceSid: string | null;
}

export interface UsersTable extends Owned {
  email: string;
  firstName: string | null;
  lastName: string | null;
  phoneNumber: string | null;
  passwordHash: string | null;
  role: 'admin' | 'buyer' | 'vendor';
  employee: Generated<boolean>;
  /** When an admin deactivated the account: it cannot sign in, its sessions and API keys stop working. */
  deactivated: NullableTimestamp;
}

export interface UserInvitesTable {
  tokenHash: string;
  userSid: string;
  expires: Timestamp;
  used: NullableTimestamp;
}

export interface UserVendorsTable {
  userSid: string;
  vendorSid: string;
}

export interface SessionsTable {
  sid: string;
  tokenHash: string;
  userSid: string;
  kind: Generated<'login' | 'vendor_link' | 'embed'>;
  embedOrigin: string | null;
  embedView: string | null;
  /** An embed token's one record (an order, a BOM) and vendor filter, when it was made with them. */
  embedRecordSid: string | null;
  embedVendorSid: string | null;
  /** The buying organization the session reads; null: the user's own. */
  organizationSid: string | null;
  created: Timestamp;
  expires: Timestamp;
  revoked: NullableTimestamp;
}

/** Secrets shared by every process of the database (the download-link key). */
export interface AppSecretsTable {
  name: string;
  value: string;
}

/** Failed sign-ins per key (an account at an address, or an address): progressive backoff. */
export interface LoginFailuresTable {
  key: string;
  failures: number;
  lastFailure: Timestamp;
  blockedUntil: NullableTimestamp;
}

export interface VendorLinkTokensTable {
  tokenHash: string;
  userSid: string;
  expires: Timestamp;
  used: NullableTimestamp;
  /** The organization whose request the link answers; null: the user's own. */
  organizationSid: string | null;
}

export interface ApiKeysTable extends Owned {
  name: string;
  prefix: string;
  secretHash: string;
  expiryDate: NullableTimestamp;
  revoked: Generated<boolean>;
  createdBy: string;
  /** A read key makes GET requests only. */
  scope: Generated<'read' | 'readWrite'>;
  /** When the key last made a request, to the minute. */
  lastUsed: NullableTimestamp;
}

export interface ApplicationsTable extends Owned {
  name: string | null;
  secretHash: string;
}

export interface OrdersTable extends Owned {
  vendorSid: string | null;
  vendorName: string | null;
  uniqueName: string | null;
  title: string | null;
  followUpPaused: Generated<boolean>;
  cadenceSid: string | null;
}

/**
 * An item. The table also has mpn_key, part_key(manufacturer_part_number) generated and stored (migration 0039),
 * read by raw SQL only: it is left out here so that no insert or update names it.
 */
export interface ItemsTable extends Owned {
  orderSid: string;
  uniqueName: string | null;
  title: string | null;
  status: Generated<'active' | 'canceled'>;
  quantity: string;
  pricePerUnit: string | null;
  nonRecurringCost: string | null;
  leadTime: number | null;
  shipTime: number | null;
  lineNumber: number | null;
  description: string | null;
  manufacturerPartNumber: string | null;
  revision: string | null;
}

export interface ProposedShipmentValue {
  quantity: string;
  shipDate?: string | null;
  estimatedArrivalDate?: string | null;
}

export interface ItemGroupProposalsTable extends Owned {
  itemGroupSid: string;
  itemSid: string;
  orderSid: string;
  vendorSid: string | null;
  kind: 'dates' | 'split';
  status: 'pending' | 'accepted' | 'rejected' | 'superseded' | 'applied';
  shipDate: string | null;
  deliveryDate: string | null;
  /** ProposedShipmentValue[] for a split. */
  shipments: Json | null;
  reason: string | null;
  baseVersion: number;
  /** The line when proposed: quantity, dueDate, shipDate, deliveryDate. */
  before: Json;
  proposedBySid: string;
  proposedByName: string;
  decidedBySid: string | null;
  decidedByName: string | null;
  decided: NullableTimestamp;
  decisionReason: string | null;
}

/**
 * An item group (an order line's shipment). The table also has mpn_key, its item's part kept by the database
 * (migration 0047), read by raw SQL only: left out here, as the items' is, so that no insert or update names it.
 */
export interface ItemGroupsTable extends Owned {
  orderSid: string;
  itemSid: string;
  uniqueName: string | null;
  quantity: string;
  dueDate: string | null;
  shipDate: string | null;
  deliveryDate: string | null;
  estimatedArrivalDate: string | null;
  shipped: Generated<boolean>;
  delivered: Generated<boolean>;
  trackingNumber: string | null;
  lastUpdateDate: NullableTimestamp;
  status: Generated<'active' | 'canceled'>;
  confirmed: Generated<boolean>;
  /** The vendor said it cannot supply the line, for this reason. */
  cannotSupply: Generated<boolean>;
  cannotSupplyReason: string | null;
  /** When the vendor last changed the line: the buyer's "changed by the vendor since you last looked". */
  vendorChangedAt: NullableTimestamp;
  version: Generated<number>;
}

export interface EventsTable extends Owned {
  eventTime: Timestamp;
  eventType: string;
  orderSid: string | null;
  itemSid: string | null;
  itemGroupSid: string | null;
  actorSid: string | null;
  actorName: string | null;
  before: Json;
  after: Json;
}

export interface EventRelationsTable extends Owned {
  version: Generated<number>;
  eventSid: string;
  eventType: string;
  relation: string;
}

export interface OrderMembersTable extends Owned {
  orderSid: string;
  memberSid: string;
  type: Generated<'tracking' | 'updating'>;
}

export interface OrderInvitesTable extends Owned {
  orderSid: string;
  email: string;
  type: Generated<'tracking' | 'updating'>;
  accepted: NullableTimestamp;
}

export interface FlagsTable extends Owned {
  type: 'newDelay' | 'pastDue' | 'unresponsiveVendor' | 'directReply' | 'cannotSupply';
  status: Generated<'open' | 'resolved' | 'dismissed'>;
  message: string | null;
  dismissed: NullableTimestamp;
  orderSid: string | null;
  itemSid: string | null;
  itemGroupSid: string | null;
  /** What raised it (the late promise, the passed due date…): a dismissed flag stays dismissed for the same cause. */
  cause: string | null;
  eventSid: string | null;
  /** The note of whoever resolved or dismissed it. */
  note: string | null;
  resolved: NullableTimestamp;
}

export interface UpdateRequestsTable extends Owned {
  itemGroupSid: string | null;
  note: string | null;
  orderSid: string | null;
  vendorSid: string | null;
  status: Generated<'sent' | 'reminded' | 'answered' | 'skipped'>;
  skipReason: string | null;
  recipients: Generated<string[]>;
  requestedBy: Generated<'engine' | 'user'>;
  /** The user who asked for it now; null when the cadence sent it. */
  requestedByUserSid: string | null;
  answered: NullableTimestamp;
}

export interface UpdateRequestLinesTable {
  updateRequestSid: string;
  itemGroupSid: string;
  kind: 'request' | 'reminder';
  dueAt: Timestamp;
}

export interface OutboxEmailsTable extends Owned {
  updateRequestSid: string | null;
  /** The message a message notice tells of. */
  messageSid: Generated<string | null>;
  kind: string;
  toAddress: string;
  replyTo: string | null;
  subject: string;
  /** The rendered bodies; null for an update request's email, rendered from updateRequestEmail when read. */
  textBody: string | null;
  htmlBody: string | null;
  /** Extra headers (List-Unsubscribe…). */
  headers: Json;
  /** What an update request's email is rendered from (server/domain/outbox/bodies.ts). */
  updateRequestEmail: ColumnType<unknown, string | null | undefined, string | null>;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  /** A failed send is tried again from then. */
  nextAttemptAt: NullableTimestamp;
  lastError: string | null;
  sent: NullableTimestamp;
}

export interface AppClockTable {
  id: Generated<boolean>;
  offsetMs: Generated<string>;
}

export interface CadencesTable extends Owned {
  delaySeconds: number;
  unresponsiveAfterBusinessDays: number | null;
  maxAttempts: number | null;
  messageType: string;
  title: string | null;
}

export interface UpdateRequestConfigsTable extends Owned {
  itemGroupSid: string;
  startDate: NullableTimestamp;
  nextUpdate: Timestamp;
  cadenceSid: string | null;
  attempts: Generated<number>;
  lastAttempt: NullableTimestamp;
  version: Generated<number>;
}

export interface ItemCustomFieldsTable extends Owned {
  itemSid: string;
  name: string;
  value: string;
}

export interface MessagesTable extends Owned {
  outboundEmailReplySid: string | null;
  author: string | null;
  authorSid: string | null;
  /** The author's role when writing; null for an email from outside the organization's users. */
  authorRole: 'admin' | 'buyer' | 'vendor' | null;
  content: string;
}

export interface MessageReadsTable {
  userSid: string;
  messageSid: string;
  readAt: Timestamp;
}

export interface MessageAttachmentsTable {
  sid: string;
  organizationSid: string;
  /** Null until the message it was uploaded for is posted. */
  messageSid: string | null;
  fileSid: string;
  uploadedBy: string;
  created: Timestamp;
}

export interface MessageLinksTable {
  messageSid: string;
  orderSid: string | null;
  itemSid: string | null;
  itemGroupSid: string | null;
}

export interface FilesTable extends Owned {
  name: string;
  contentType: string;
  size: number;
  /** SHA-256 of the content, hex. */
  sha256: string;
  /** Written ahead of the record that will hold it (files.ts); purged if that record never comes. */
  pending: Generated<boolean>;
}

/** A file's bytes, in parts of at most FILE_PART_BYTES (files.ts), numbered from 0. */
export interface FilePartsTable {
  fileSid: string;
  part: number;
  content: Uint8Array;
}

export interface FieldMappingsTable extends Owned {
  name: string | null;
  importAllowed: Generated<boolean>;
  exportAllowed: Generated<boolean>;
}

export interface MappedFieldsTable extends Owned {
  fieldMappingSid: string;
  name: string;
  mappedFieldType: string;
  /** A date column's numeric dates, day or month first; null: read from its values. */
  dateOrder: DateOrder | null;
}

export type UploadKind = 'openOrder' | 'bom' | 'inventory';

export interface UploadsTable extends Owned {
  kind: UploadKind;
  version: Generated<number>;
  status: Generated<'processing' | 'completed' | 'failed'>;
  fileSid: string | null;
  fileType: Generated<'csv' | 'xlsx' | 'xls'>;
  fieldMappingSid: string | null;
  originatingIdentity: string | null;
  orderMemberUserSids: Generated<string[]>;
  orderMemberEmails: Generated<string[]>;
  forceItemGroupsNotPresentDelivered: Generated<boolean>;
  membersToNotifyOnFailure: string | null;
  orderUniqueNameHash: string | null;
  inventoryUniqueNameHash: string[] | null;
  rowCountSuccess: Generated<number>;
  rowCountFailure: Generated<number>;
  rowCountTotal: Generated<number>;
  dataChangeGroupSid: string | null;
  parametersSid: string | null;
  rowCountCreated: Generated<number>;
  rowCountUpdated: Generated<number>;
  rowsProcessed: Generated<number>;
  /** The chunks of the file written so far; null until the file has been read and its rejected rows logged. */
  chunksDone: ColumnType<number | null, number | null | undefined, number | null>;
  /** The rows per chunk of this upload's import, set with chunksDone 0; a resumed run cuts the file the same way. */
  chunkRows: ColumnType<number | null, number | null | undefined, number | null>;
  /** Runs of this upload's import that started (each counted before it reads the file). */
  attempts: Generated<number>;
  failureMessage: ColumnType<string | null, string | null | undefined, string | null>;
  fileName: ColumnType<string | null, string | null | undefined, string | null>;
  /** The workbook sheet the uploader chose; null: the import chooses (bestSheet). */
  sheetName: ColumnType<string | null, string | null | undefined, string | null>;
  /** The file of the rejected rows to fix and upload again; set when the upload completes with some. */
  rejectsFileSid: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UploadLogsTable extends Owned {
  uploadSid: string;
  rowNumber: number;
  column: string | null;
  value: string | null;
  message: string;
}

export interface FileExportsTable extends Owned {
  status: Generated<'processing' | 'completed' | 'failed'>;
  fileType: Generated<'csv' | 'xlsx'>;
  fieldMappingSid: string | null;
  query: Json;
  fileSid: string | null;
  deleteAfter: Timestamp;
  failureMessage: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface BomsTable extends Owned {
  uniqueName: string;
  version: Generated<number>;
  partNumber: string | null;
  approved: Generated<boolean>;
  archived: NullableTimestamp;
  metadata: Json;
}

export interface BomLinesTable extends Owned {
  bomSid: string;
  uniqueName: string;
  requiredQuantity: string;
  version: Generated<number>;
  customId: string | null;
  mpn: string | null;
  alternativeMpns: Generated<string[]>;
  manufacturerName: string | null;
  referenceDesignators: Generated<string[]>;
  description: string | null;
  /** A part without MPN: its value and footprint, from a BOM file (10k, 0603). */
  value: Generated<string | null>;
  footprint: Generated<string | null>;
  doNotPlace: Generated<boolean>;
  lineNumber: string | null;
}

export interface InventoryCountsTable extends Owned {
  uniqueName: string;
  title: string | null;
  count: number;
  recordingDate: Timestamp;
}

/**
 * Each part's figures the BOM line lists read (migration 0017; triggers keep them): a part is a line's MPN,
 * else its unique name. A part without a row has none of them.
 */
export interface BomPartStockTable {
  organizationSid: string;
  part: string;
  /** Its latest inventory count, 0 when never counted. */
  inventoryQuantity: number;
  /** Active, undelivered item groups of items with this MPN. */
  orderedQuantity: string;
  /** Its lines in BOMs not archived. */
  lineCount: number;
}

/** A line of a BOM not archived, with its clear to build (1e30 when it needs nothing) (migration 0017). */
export interface BomLineStockTable {
  lineSid: string;
  organizationSid: string;
  bomSid: string;
  part: string;
  requiredQuantity: string;
  doNotPlace: boolean;
  /** Sums over the line's parts (bomLineParts): latest counts, and active undelivered item groups. */
  inventoryQuantity: number;
  orderedQuantity: string;
  ctb: string;
}

/** The parts a listed BOM line draws on: its own (MPN, else unique name) and its alternatives, by part_key. */
export interface BomLinePartsTable {
  lineSid: string;
  organizationSid: string;
  part: string;
}

export interface ClearToBuildsTable extends Owned {
  referenceSid: string;
  buildDate: Timestamp;
  buildQuantity: string;
  type: 'expected' | 'actual';
}

export interface ClearToBuildTargetsTable extends Owned {
  bomSid: string;
  quantity: string;
  durationLength: number;
  durationType: 'day' | 'week' | 'month' | 'quarter' | 'halfyear' | 'year';
  startDate: Timestamp;
}

export interface EmailOptOutsTable extends Owned {
  email: string;
  optOut: Generated<boolean>;
}

export interface CadenceTransitionsTable extends Owned {
  version: Generated<number>;
  cadenceSid: string;
  condition: 'ItemGroupBusinessDays' | 'MaxAttempts' | 'FlagCreated' | 'BusinessDaysInState';
  conditionParameters: Json;
  action: 'SwitchCadence' | 'CallWebhook';
  actionParameters: Json;
  title: string | null;
}

export interface CadenceTrackersTable extends Owned {
  version: Generated<number>;
  referenceSid: string;
  /** Null: the default cadence (or the order's, vendor's or organization's when they have one). */
  cadenceSid: string | null;
  /** The last request sent. */
  lastUpdateDate: NullableTimestamp;
  /** When the vendor is next asked. */
  nextUpdateDate: NullableTimestamp;
  /** Requests sent since the vendor last answered. */
  attempts: Generated<number>;
  reminderAt: NullableTimestamp;
  firstUnansweredAt: NullableTimestamp;
  lastAnswerAt: NullableTimestamp;
  state: Generated<'active' | 'ended'>;
  stateSince: Generated<Timestamp>;
}

export interface InboundEmailsTable extends Owned {
  version: Generated<number>;
  fromEmail: string;
  toEmails: string[];
  ccEmails: Generated<string[]>;
  subject: string;
  content: string | null;
  date: Timestamp;
  s3Bucket: string | null;
  s3Key: string | null;
  frontUrl: string | null;
  /** stored (sent as JSON), matched (a raw reply that became messageSid) or held (see holdReason). */
  status: Generated<'stored' | 'matched' | 'held' | 'dismissed'>;
  holdReason: Generated<string | null>;
  messageSid: Generated<string | null>;
}

export interface InboundEmailAttachmentsTable extends Owned {
  version: Generated<number>;
  status: Generated<string>;
  inboundEmailSid: string;
  s3Bucket: string | null;
  s3Key: string | null;
  mimeType: string | null;
  size: number | null;
  name: string | null;
  fileSid: string | null;
}

export interface GmailWatchSubscriptionsTable extends Owned {
  version: Generated<number>;
  email: string;
  userSid: string;
  expires: Timestamp;
  historyId: string;
  bearerToken: string;
  topicName: string;
}

export interface GoogleAuthTokensTable extends Owned {
  userSid: string;
}

export interface BomUpsertJobsTable extends Owned {
  status: Generated<'processing' | 'completed' | 'failed'>;
  bomSid: string | null;
  lineCount: Generated<number>;
  error: string | null;
  payload: Json;
}

export interface IdempotencyKeysTable {
  organizationSid: string;
  /** "user:<sid>" or "apiKey:<sid>": who sent the key. */
  principal: string;
  /** SHA-256 of the request's method, path, query and body. */
  requestHash: string;
  key: string;
  method: string;
  path: string;
  status: number;
  body: Json;
  created: Timestamp;
}

export interface SavedViewsTable extends Owned {
  userSid: string;
  page: 'orders' | 'schedule';
  name: string;
  search: string;
}

/** A cadence transition that fired on a tracker, in the tracker state it fired in (migration 0024): once per state. */
export interface CadenceTransitionFiringsTable {
  trackerSid: string;
  transitionSid: string;
  stateSince: Timestamp;
  fired: Timestamp;
}

/** A webhook call of a cadence transition that fired (migration 0024); its sid is the delivery id. */
export interface WebhookDeliveriesTable extends Owned {
  transitionSid: string | null;
  itemGroupSid: string | null;
  /** The tracker state the transition fired in: with the transition and the line, unique. */
  stateSince: Timestamp;
  url: string;
  body: Json;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  lastStatusCode: number | null;
  lastError: string | null;
  /** A pending delivery is tried from then. */
  nextAttemptAt: NullableTimestamp;
  /** Retries stop a day after it. */
  firstAttemptAt: NullableTimestamp;
  delivered: NullableTimestamp;
}

/** A line whose flags the next follow-up run checks: it changed (migration 0029, marked by triggers on item_groups). */
export interface FlagChecksTable {
  itemGroupSid: string;
  organizationSid: string;
  /** From a sequence: a mark made after a run read it stays for the next run. */
  marked: number;
}

/** The day an organization's flags were last brought up to date by a follow-up run. */
export interface FlagCheckDaysTable {
  organizationSid: string;
  checkedOn: string;
}

/** An order line linked to a BOM line by hand, or unlinked from it (migration 0030). */
export interface BomSupplyLinksTable {
  organizationSid: string;
  bomLineSid: string;
  itemGroupSid: string;
  linked: boolean;
  created: Timestamp;
  createdBy: string | null;
}

export interface Database {
  organizations: OrganizationsTable;
  organizationSettings: OrganizationSettingsTable;
  vendors: VendorsTable;
  users: UsersTable;
  userVendors: UserVendorsTable;
  sessions: SessionsTable;
  vendorLinkTokens: VendorLinkTokensTable;
  loginFailures: LoginFailuresTable;
  appSecrets: AppSecretsTable;
  apiKeys: ApiKeysTable;
  applications: ApplicationsTable;
  orders: OrdersTable;
  items: ItemsTable;
  itemGroups: ItemGroupsTable;
  itemGroupProposals: ItemGroupProposalsTable;
  events: EventsTable;
  eventRelations: EventRelationsTable;
  orderMembers: OrderMembersTable;
  orderInvites: OrderInvitesTable;
  flags: FlagsTable;
  updateRequests: UpdateRequestsTable;
  updateRequestLines: UpdateRequestLinesTable;
  outboxEmails: OutboxEmailsTable;
  appClock: AppClockTable;
  cadences: CadencesTable;
  updateRequestConfigs: UpdateRequestConfigsTable;
  itemCustomFields: ItemCustomFieldsTable;
  messages: MessagesTable;
  messageLinks: MessageLinksTable;
  messageReads: MessageReadsTable;
  messageAttachments: MessageAttachmentsTable;
  userInvites: UserInvitesTable;
  files: FilesTable;
  fileParts: FilePartsTable;
  fieldMappings: FieldMappingsTable;
  mappedFields: MappedFieldsTable;
  uploads: UploadsTable;
  uploadLogs: UploadLogsTable;
  fileExports: FileExportsTable;
  boms: BomsTable;
  bomLines: BomLinesTable;
  inventoryCounts: InventoryCountsTable;
  bomPartStock: BomPartStockTable;
  bomLineStock: BomLineStockTable;
  bomLineParts: BomLinePartsTable;
  clearToBuilds: ClearToBuildsTable;
  clearToBuildTargets: ClearToBuildTargetsTable;
  emailOptOuts: EmailOptOutsTable;
  cadenceTransitions: CadenceTransitionsTable;
  cadenceTrackers: CadenceTrackersTable;
  inboundEmails: InboundEmailsTable;
  inboundEmailAttachments: InboundEmailAttachmentsTable;
  gmailWatchSubscriptions: GmailWatchSubscriptionsTable;
  googleAuthTokens: GoogleAuthTokensTable;
  bomUpsertJobs: BomUpsertJobsTable;
  idempotencyKeys: IdempotencyKeysTable;
  savedViews: SavedViewsTable;
  cadenceTransitionFirings: CadenceTransitionFiringsTable;
  webhookDeliveries: WebhookDeliveriesTable;
  flagChecks: FlagChecksTable;
  flagCheckDays: FlagCheckDaysTable;
  bomSupplyLinks: BomSupplyLinksTable;
}

export type Row<T extends keyof Database> = Selectable<Database[T]>;

/** The database, or a transaction of it. */
export type Db = Kysely<Database> | Transaction<Database>;
