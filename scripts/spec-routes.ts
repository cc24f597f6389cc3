// Where each Factor seed operation lives in our contract: method, path,
// operationId and the component schema of what it returns. The seed gives
// titles and fields but no URLs; these are our choices.

export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface Route {
  /** The seed's title; "tag|title" where a title appears twice. */
  key: string;
  method: Method;
  path: string;
  operationId: string;
  /** Component schema of the returned record (or of each list element). */
  schema?: string;
  /** Extra words for the operation's description, where we chose something the seed does not say. */
  note?: string;
}

const r = (key: string, method: Method, path: string, operationId: string, schema?: string, note?: string): Route => ({
  key,
  method,
  path,
  operationId,
  schema,
  note,
});

export const routes: Route[] = [
  r('Get one organization by sid', 'get', '/v1/organizations/{sid}', 'getOrganization', 'Organization'),
  r('Update one organization by sid', 'patch', '/v1/organizations/{sid}', 'updateOrganization', 'Organization'),
  r(
    'get organization by sid for non-org users',
    'get',
    '/v1/organizations/{sid}/public',
    'getPublicOrganization',
    'PublicOrganization',
  ),

  r('List users (employee only)', 'get', '/v1/users', 'listUsers', 'User'),
  r('Get one user by sid or email', 'get', '/v1/users/{sidOrEmail}', 'getUser', 'User'),
  r('Update one user by sid', 'patch', '/v1/users/{sidOrEmail}', 'updateUser', 'User'),
  r("return user's public profile", 'get', '/v1/users/{sidOrEmail}/profile', 'getUserProfile', 'UserProfile'),

  r('List orders', 'get', '/v1/orders', 'listOrders', 'Order'),
  r('Create order', 'post', '/v1/orders', 'createOrder', 'Order'),
  r('Get one order', 'get', '/v1/orders/{sidOrUniqueName}', 'getOrder', 'Order'),
  r('Update one order', 'patch', '/v1/orders/{sidOrUniqueName}', 'updateOrder', 'Order'),
  r(
    'Delete an order. This is not recoverable',
    'delete',
    '/v1/orders/{sidOrUniqueName}',
    'deleteOrder',
    undefined,
    'Deletes the order with its items, item groups and members.',
  ),
  r('List order events', 'get', '/v1/orders/{sidOrUniqueName}/events', 'listOrderEvents', 'Event'),

  r(
    'List order members',
    'get',
    '/v1/orderMembers',
    'listOrderMembers',
    'OrderMember',
    'The seed shows a bare array for this list although it takes pageToken and pageSize; the contract uses the standard list envelope so the pages can be followed.',
  ),
  r('Create an order member', 'post', '/v1/orderMembers', 'createOrderMember', 'OrderMember'),
  r(
    'Delete one order member by sid - must be done by an Owner role',
    'delete',
    '/v1/orderMembers/{sid}',
    'deleteOrderMember',
  ),
  r(
    'Bulk delete order members',
    'delete',
    '/v1/orderMembers',
    'bulkDeleteOrderMembers',
    undefined,
    'Deletes every order member named by a repeated orderMemberSid query parameter, all or none.',
  ),
  r('List order invites', 'get', '/v1/orderInvites', 'listOrderInvites', 'OrderInvite'),

  r('List order items', 'get', '/v1/items', 'listItems', 'Item'),
  r('Create order items', 'post', '/v1/items', 'createItem', 'Item'),
  r('Get one item', 'get', '/v1/items/{sidOrUniqueName}', 'getItem', 'Item'),
  r('Update one item', 'patch', '/v1/items/{sidOrUniqueName}', 'updateItem', 'Item'),
  r(
    'Delete an item. This is not recoverable',
    'delete',
    '/v1/items/{sidOrUniqueName}',
    'deleteItem',
    undefined,
    'Deletes the item with its item groups.',
  ),
  r('List events related to a specific item', 'get', '/v1/items/{sidOrUniqueName}/events', 'listItemEvents', 'Event'),

  r('List item groups', 'get', '/v1/itemGroups', 'listItemGroups', 'ItemGroup'),
  r('Create item group', 'post', '/v1/itemGroups', 'createItemGroup', 'ItemGroup'),
  r('Get one item group', 'get', '/v1/itemGroups/{sidOrUniqueName}', 'getItemGroup', 'ItemGroup'),
  r('Update one item group', 'patch', '/v1/itemGroups/{sidOrUniqueName}', 'updateItemGroup', 'ItemGroup'),
  r('Delete an item group. This is not recoverable', 'delete', '/v1/itemGroups/{sidOrUniqueName}', 'deleteItemGroup'),
  r(
    'Bulk update items',
    'patch',
    '/v1/itemGroups/bulk',
    'bulkUpdateItemGroups',
    'ItemGroup',
    'Updates many item groups in one transaction: either every element is applied or none is.',
  ),
  r('List item group events', 'get', '/v1/itemGroups/{sidOrUniqueName}/events', 'listItemGroupEvents', 'Event'),

  r('List applications', 'get', '/v1/applications', 'listApplications', 'Application'),
  r(
    'Get one application',
    'get',
    '/v1/applications/{sid}',
    'getApplication',
    'Application',
    'The seed lists an untyped apikey path parameter beside sid; a path cannot hold both, so apikey is an optional header here.',
  ),
  r('Update an application', 'patch', '/v1/applications/{sid}', 'updateApplication', 'Application'),
  r(
    'Hard delete an application by sid. This is not recoverable',
    'delete',
    '/v1/applications/{sid}',
    'deleteApplication',
  ),

  r('list open order uploads', 'get', '/v1/openOrderUploads', 'listOpenOrderUploads', 'OpenOrderUpload'),
  r(
    'Upload a file of orders, items, and item groups. The columns available for the input file are documented here: https://coda.io/@factor-support/upload-csvs-in-factor',
    'post',
    '/v1/openOrderUploads',
    'createOpenOrderUpload',
    'OpenOrderUpload',
  ),
  r('Get one open order upload by sid', 'get', '/v1/openOrderUploads/{sid}', 'getOpenOrderUpload', 'OpenOrderUpload'),
  r(
    'Hard delete an open order upload by sid. this removes the file too',
    'delete',
    '/v1/openOrderUploads/{sid}',
    'deleteOpenOrderUpload',
  ),
  r(
    'Retrieve a temporary url to download the original file behind an open order upload',
    'get',
    '/v1/openOrderUploads/{sid}/downloadUrl',
    'getOpenOrderUploadDownloadUrl',
    'TemporaryUrl',
  ),
  r('list open order upload logs', 'get', '/v1/openOrderUploadLogs', 'listOpenOrderUploadLogs', 'UploadLog'),

  r('List flags you have access to', 'get', '/v1/flags', 'listFlags', 'Flag'),
  r('get flag by sid', 'get', '/v1/flags/{sid}', 'getFlag', 'Flag'),
  r('Update flag by sid', 'patch', '/v1/flags/{sid}', 'updateFlag', 'Flag'),

  r('List updateRequests', 'get', '/v1/updateRequests', 'listUpdateRequests', 'UpdateRequest'),
  r('updateRequests|Create updateRequest', 'post', '/v1/updateRequests', 'createUpdateRequest', 'UpdateRequest'),
  r('List updateRequestConfigs', 'get', '/v1/updateRequestConfigs', 'listUpdateRequestConfigs', 'UpdateRequestConfig'),
  r(
    'updateRequestConfigs|Create updateRequest',
    'post',
    '/v1/updateRequestConfigs',
    'createUpdateRequestConfig',
    'UpdateRequestConfig',
  ),
  r(
    'Get updateRequestConfig',
    'get',
    '/v1/updateRequestConfigs/{sid}',
    'getUpdateRequestConfig',
    'UpdateRequestConfig',
  ),
  r(
    'Update updateRequestConfig',
    'patch',
    '/v1/updateRequestConfigs/{sid}',
    'updateUpdateRequestConfig',
    'UpdateRequestConfig',
  ),

  r('list item custom fields', 'get', '/v1/itemCustomFields', 'listItemCustomFields', 'ItemCustomField'),
  r('Create a item custom field', 'post', '/v1/itemCustomFields', 'createItemCustomField', 'ItemCustomField'),

  r('Create message', 'post', '/v1/messages', 'createMessage', 'Message'),
  r('Get one message by sid', 'get', '/v1/messages/{sid}', 'getMessage', 'Message'),
  r(
    'List messages you have access to filtered by order sid',
    'get',
    '/v1/orders/{sidOrUniqueName}/messages',
    'listOrderMessages',
    'Message',
  ),
  r(
    'List messages you have access to filtered by item',
    'get',
    '/v1/items/{sidOrUniqueName}/messages',
    'listItemMessages',
    'Message',
  ),
  r(
    'List messages you have access to filtered by item group sid',
    'get',
    '/v1/itemGroups/{sidOrUniqueName}/messages',
    'listItemGroupMessages',
    'Message',
  ),

  r('List events', 'get', '/v1/events', 'listEvents', 'Event'),
  r('get an event by sid', 'get', '/v1/events/{sid}', 'getEvent', 'Event'),

  r('list file exports', 'get', '/v1/fileExports', 'listFileExports', 'FileExport'),
  r('create a file export', 'post', '/v1/fileExports', 'createFileExport', 'FileExport'),
  r('get file export', 'get', '/v1/fileExports/{sid}', 'getFileExport', 'FileExport'),
  r('delete a file export', 'delete', '/v1/fileExports/{sid}', 'deleteFileExport'),
  r(
    'Retrieve a temporary url to download the file',
    'get',
    '/v1/fileExports/{sid}/downloadUrl',
    'getFileExportDownloadUrl',
    'TemporaryUrl',
  ),

  r('list field mappings', 'get', '/v1/fieldMappings', 'listFieldMappings', 'FieldMapping'),
  r('Create a new field mapping', 'post', '/v1/fieldMappings', 'createFieldMapping', 'FieldMapping'),
  r('Get one field mapping by sid', 'get', '/v1/fieldMappings/{sid}', 'getFieldMapping', 'FieldMapping'),
  r('Hard delete a field mapping by sid', 'delete', '/v1/fieldMappings/{sid}', 'deleteFieldMapping'),
  r('list mapped fields', 'get', '/v1/mappedFields', 'listMappedFields', 'MappedField'),
  r('Create a new mapped field', 'post', '/v1/mappedFields', 'createMappedField', 'MappedField'),
  r('Get one mapped field by sid', 'get', '/v1/mappedFields/{sid}', 'getMappedField', 'MappedField'),
  r('Hard delete a mapped field by sid', 'delete', '/v1/mappedFields/{sid}', 'deleteMappedField'),

  r('list bom', 'get', '/v1/boms', 'listBoms', 'Bom'),
  r('create a bom', 'post', '/v1/boms', 'createBom', 'Bom'),
  r('get a bom', 'get', '/v1/boms/{sidOrUniqueName}', 'getBom', 'Bom'),
  r(
    'delete a bom',
    'delete',
    '/v1/boms/{sidOrUniqueName}',
    'deleteBom',
    undefined,
    'Deletes an unapproved BOM with its lines. An approved BOM is archived instead (as in the Cofactr API): it keeps its lines and leaves the default list.',
  ),
  r('List bom lines', 'get', '/v1/bomLines', 'listBomLines', 'BomLine'),
  r('Create bom line', 'post', '/v1/bomLines', 'createBomLine', 'BomLine'),
  r('Get bom line by sid or unique name', 'get', '/v1/bomLines/{sidOrUniqueName}', 'getBomLine', 'BomLine'),
  r('Update one bom line by sid', 'patch', '/v1/bomLines/{sidOrUniqueName}', 'updateBomLine', 'BomLine'),
  r('Hard delete a bom line', 'delete', '/v1/bomLines/{sidOrUniqueName}', 'deleteBomLine'),

  r('list inventory counts', 'get', '/v1/inventoryCounts', 'listInventoryCounts', 'InventoryCount'),
  r('create a new inventory count', 'post', '/v1/inventoryCounts', 'createInventoryCount', 'InventoryCount'),
  r('get an inventory count', 'get', '/v1/inventoryCounts/{sidOrName}', 'getInventoryCount', 'InventoryCount'),

  r('list clear to builds', 'get', '/v1/clearToBuilds', 'listClearToBuilds', 'ClearToBuild'),
  r('create a clear to build', 'post', '/v1/clearToBuilds', 'createClearToBuild', 'ClearToBuild'),
  r('update a clear to build', 'patch', '/v1/clearToBuilds/{sid}', 'updateClearToBuild', 'ClearToBuild'),
  r('deletes a clear to build', 'delete', '/v1/clearToBuilds/{sid}', 'deleteClearToBuild'),

  r('list bom uploads', 'get', '/v1/bomUploads', 'listBomUploads', 'BomUpload'),
  r('Get one bom upload by sid', 'get', '/v1/bomUploads/{sid}', 'getBomUpload', 'BomUpload'),
  r('Hard delete a bom upload by sid. this removes the file too', 'delete', '/v1/bomUploads/{sid}', 'deleteBomUpload'),
  r(
    'Retrieve a temporary url to download the original file behind a bom upload',
    'get',
    '/v1/bomUploads/{sid}/downloadUrl',
    'getBomUploadDownloadUrl',
    'TemporaryUrl',
  ),
  r(
    'Upload a file of Boms and Bom Lines. The columns available for the input file are documented here: https://coda.io/@factor-support/upload-csvs-in-factor',
    'post',
    '/v1/bomUploads',
    'createBomUpload',
    'BomUpload',
  ),

  r('list inventory uploads', 'get', '/v1/inventoryUploads', 'listInventoryUploads', 'InventoryUpload'),
  r('Get one inventory upload by sid', 'get', '/v1/inventoryUploads/{sid}', 'getInventoryUpload', 'InventoryUpload'),
  r(
    'Hard delete an inventory upload by sid. this removes the file too',
    'delete',
    '/v1/inventoryUploads/{sid}',
    'deleteInventoryUpload',
  ),
  r(
    'Retrieve a temporary url to download the original file behind an inventory upload',
    'get',
    '/v1/inventoryUploads/{sid}/downloadUrl',
    'getInventoryUploadDownloadUrl',
    'TemporaryUrl',
  ),
  r(
    'Upload a file of inventory counts. The columns available for the input file are documented here: https://coda.io/@factor-support/upload-csvs-in-factor',
    'post',
    '/v1/inventoryUploads',
    'createInventoryUpload',
    'InventoryUpload',
  ),

  r(
    'Get one clear to build target by sid',
    'get',
    '/v1/clearToBuildTargets/{sid}',
    'getClearToBuildTarget',
    'ClearToBuildTarget',
  ),
  r('deletes a clear to build target', 'delete', '/v1/clearToBuildTargets/{sid}', 'deleteClearToBuildTarget'),
  r(
    'update a clear to build target',
    'patch',
    '/v1/clearToBuildTargets/{sid}',
    'updateClearToBuildTarget',
    'ClearToBuildTarget',
  ),
  r('list clear to build targets', 'get', '/v1/clearToBuildTargets', 'listClearToBuildTargets', 'ClearToBuildTarget'),
  r(
    'create a clear to build target',
    'post',
    '/v1/clearToBuildTargets',
    'createClearToBuildTarget',
    'ClearToBuildTarget',
  ),

  r('Get one email opt out by sid', 'get', '/v1/emailOptOuts/{sid}', 'getEmailOptOut', 'EmailOptOut'),
  r('deletes an email opt out', 'delete', '/v1/emailOptOuts/{sid}', 'deleteEmailOptOut'),
  r('list email opt outs', 'get', '/v1/emailOptOuts', 'listEmailOptOuts', 'EmailOptOut'),

  r('list cadences', 'get', '/v1/cadences', 'listCadences', 'Cadence'),
  r('create a cadence', 'post', '/v1/cadences', 'createCadence', 'Cadence'),
  r('Update one cadence by sid', 'patch', '/v1/cadences/{sid}', 'updateCadence', 'Cadence'),
  r('get a cadence by sid', 'get', '/v1/cadences/{sid}', 'getCadence', 'Cadence'),
  r('delete a cadence', 'delete', '/v1/cadences/{sid}', 'deleteCadence'),

  r(
    'Get organization settings by sid',
    'get',
    '/v1/organizationSettings/{sid}',
    'getOrganizationSettings',
    'OrganizationSettings',
  ),
  r(
    'Update organization settings',
    'patch',
    '/v1/organizationSettings/{sid}',
    'updateOrganizationSettings',
    'OrganizationSettings',
  ),

  r(
    'Get Cadence Transition by sid',
    'get',
    '/v1/cadenceTransitions/{sid}',
    'getCadenceTransition',
    'CadenceTransition',
  ),
  r('deletes cadence transition', 'delete', '/v1/cadenceTransitions/{sid}', 'deleteCadenceTransition'),
  r(
    'update an cadence transition',
    'patch',
    '/v1/cadenceTransitions/{sid}',
    'updateCadenceTransition',
    'CadenceTransition',
  ),
  r('list cadence transition', 'get', '/v1/cadenceTransitions', 'listCadenceTransitions', 'CadenceTransition'),
  r('create an cadence transition', 'post', '/v1/cadenceTransitions', 'createCadenceTransition', 'CadenceTransition'),

  r(
    'Get Cadence Tracker by sid or referenceSid',
    'get',
    '/v1/cadenceTrackers/{sidOrReferenceSid}',
    'getCadenceTracker',
    'CadenceTracker',
  ),
  r('deletes cadence tracker by sid', 'delete', '/v1/cadenceTrackers/{sidOrReferenceSid}', 'deleteCadenceTracker'),
  r(
    'update an cadence tracker by sid',
    'patch',
    '/v1/cadenceTrackers/{sidOrReferenceSid}',
    'updateCadenceTracker',
    'CadenceTracker',
  ),
  r('list cadence tracker', 'get', '/v1/cadenceTrackers', 'listCadenceTrackers', 'CadenceTracker'),
  r('create an cadence tracker', 'post', '/v1/cadenceTrackers', 'createCadenceTracker', 'CadenceTracker'),

  r('Get Inbound Email by Sid', 'get', '/v1/inboundEmails/{sid}', 'getInboundEmail', 'InboundEmail'),
  r(
    'Retrieve a temporary url to download the content of an InboundEmail',
    'get',
    '/v1/inboundEmails/{sid}/downloadUrl',
    'getInboundEmailDownloadUrl',
    'TemporaryUrl',
  ),
  r(
    'match with an inbound email',
    'post',
    '/v1/inboundEmails',
    'matchInboundEmail',
    'InboundEmail',
    'Stores an inbound email and matches it to the orders, items and item groups it concerns; a vendor reply becomes a message and raises a Direct Reply flag.',
  ),
  r(
    'list inbound email attachments',
    'get',
    '/v1/inboundEmailAttachments',
    'listInboundEmailAttachments',
    'InboundEmailAttachment',
  ),
  r(
    'get inbound email attachment by sid',
    'get',
    '/v1/inboundEmailAttachments/{sid}',
    'getInboundEmailAttachment',
    'InboundEmailAttachment',
  ),
  r(
    'delete inbound email attachment by sid',
    'delete',
    '/v1/inboundEmailAttachments/{sid}',
    'deleteInboundEmailAttachment',
  ),
  r(
    'Retrieve a temporary url to download the inbound email attachment as a file',
    'get',
    '/v1/inboundEmailAttachments/{sid}/downloadUrl',
    'getInboundEmailAttachmentDownloadUrl',
    'TemporaryUrl',
  ),

  r('list event relations', 'get', '/v1/eventRelations', 'listEventRelations', 'EventRelation'),
  r('Create an event relation', 'post', '/v1/eventRelations', 'createEventRelation', 'EventRelation'),
  r('get an event relation by sid', 'get', '/v1/eventRelations/{sid}', 'getEventRelation', 'EventRelation'),
  r('delete event relation by sid', 'delete', '/v1/eventRelations/{sid}', 'deleteEventRelation'),

  r(
    'list Gmail Watch Subscriptions',
    'get',
    '/v1/gmailWatchSubscriptions',
    'listGmailWatchSubscriptions',
    'GmailWatchSubscription',
  ),
  r(
    'create a Gmail Watch Subscription',
    'post',
    '/v1/gmailWatchSubscriptions',
    'createGmailWatchSubscription',
    'GmailWatchSubscription',
  ),
  r(
    'get Gmail Watch Subscription by sid',
    'get',
    '/v1/gmailWatchSubscriptions/{sid}',
    'getGmailWatchSubscription',
    'GmailWatchSubscription',
  ),
  r(
    'Update a Gmail Watch Subscription',
    'patch',
    '/v1/gmailWatchSubscriptions/{sid}',
    'updateGmailWatchSubscription',
    'GmailWatchSubscription',
  ),
  r(
    'Hard delete an gmailWatchSubscription by sid.',
    'delete',
    '/v1/gmailWatchSubscriptions/{sid}',
    'deleteGmailWatchSubscription',
  ),

  r('delete a Google Auth Token by sid', 'delete', '/v1/googleAuthTokens/{sid}', 'deleteGoogleAuthToken'),
];
