// The fields of each kind of import, the column names recognised for them,
// and how any other column name is matched to them by its words.
//
// One table for both sides: the server reads files with it
// (server/domain/import/columns.ts, documented in openapi/factor.yaml under
// createOpenOrderUpload, createBomUpload and createInventoryUpload) and the
// browser pre-fills the column mapping from it. Pure: no imports, no I/O (the
// matcher's indexes are built once, on first use).

export type ImportKind = 'openOrder' | 'bom' | 'inventory';

export const IMPORT_KINDS: readonly ImportKind[] = ['openOrder', 'bom', 'inventory'];

export interface FieldSpec {
  key: string;
  label: string;
  /** Other column names recognised for this field (the label is recognised too). */
  synonyms: readonly string[];
}

const field = (key: string, label: string, ...synonyms: string[]): FieldSpec => ({ key, label, synonyms });

export const FIELDS: Record<ImportKind, readonly FieldSpec[]> = {
  openOrder: [
    field(
      'orderUniqueName',
      'Order Unique Name',
      'PO Number',
      'PO #',
      'PO No',
      'PO',
      'Purchase Order',
      'Purchase Order Number',
      'Order Number',
      'Order #',
      'Order No',
    ),
    field('orderTitle', 'Order Title', 'PO Title', 'Order Description', 'Order Name'),
    field('vendorName', 'Vendor Name', 'Vendor', 'Supplier', 'Supplier Name'),
    field('vendorSid', 'Vendor Sid'),
    field(
      'vendorCode',
      'Vendor Code',
      'Vendor ID',
      'Vendor Number',
      'Vendor No',
      'Vendor #',
      'Vendor Account',
      'Supplier Code',
      'Supplier ID',
      'Supplier Number',
      'Supplier No',
      'Supplier #',
      'Supplier Account',
    ),
    field(
      'itemUniqueName',
      'Item Unique Name',
      'Item',
      'Item Number',
      'Item #',
      'Item No',
      'Item ID',
      'Item Code',
      'Part Number',
      'Part #',
      'Part No',
      'P/N',
      'PN',
      'SKU',
    ),
    field('itemTitle', 'Item Title', 'Item Name', 'Title', 'Part Name'),
    field('description', 'Description', 'Item Description', 'Part Description'),
    field(
      'manufacturerPartNumber',
      'Manufacturer Part Number',
      'MPN',
      'Mfr Part Number',
      'Mfg Part Number',
      'Mfr P/N',
      'Manufacturer P/N',
    ),
    field('lineNumber', 'Line Number', 'Line', 'Line #', 'Line No', 'PO Line', 'PO Line Number'),
    field('pricePerUnit', 'Price Per Unit', 'Unit Price', 'Unit Cost', 'Price'),
    field('revision', 'Revision', 'Rev'),
    field('itemGroupUniqueName', 'Item Group Unique Name', 'Item Group', 'Schedule Line', 'Release', 'Delivery Line'),
    field(
      'quantity',
      'Quantity',
      'Qty',
      'Open Qty',
      'Open Quantity',
      'Qty Open',
      'Balance Qty',
      'Order Qty',
      'Order Quantity',
      'Ordered Quantity',
      'Qty Ordered',
      'Quantity Ordered',
    ),
    field(
      'dueDate',
      'Due Date',
      'Due',
      'Need Date',
      'Need By Date',
      'Required Date',
      'Date Required',
      'Requested Date',
      'Request Date',
    ),
    field('shipDate', 'Estimated Ship Date', 'Ship Date', 'Promised Ship Date'),
    field(
      'estimatedArrivalDate',
      'Estimated Arrival Date',
      'Estimated Arrival',
      'Promise Date',
      'Promised Date',
      'Estimated Delivery Date',
      'ETA',
    ),
    field('trackingNumber', 'Tracking Number', 'Tracking #'),
  ],
  bom: [
    field('bomUniqueName', 'BOM Unique Name', 'BOM', 'BOM Name', 'Assembly', 'Assembly Name', 'Assembly Number'),
    field(
      'customId',
      'Custom ID',
      'IPN',
      'Internal Part Number',
      'Part Number',
      'Part #',
      'Part',
      'Component',
      'Designation',
    ),
    field(
      'mpn',
      'MPN',
      'Manufacturer Part Number',
      'Manufacturer Part Number 1',
      'Mfr Part Number',
      'Mfg Part Number',
      'Mfr P/N',
      'MFG PN',
    ),
    field(
      'alternativeMpns',
      'Alternative MPNs',
      'Alternative MPN',
      'Alternate MPN',
      'Alternates',
      'Alt MPN',
      'Manufacturer Part Number 2',
    ),
    field('manufacturerName', 'Manufacturer', 'Manufacturer Name', 'Manufacturer 1', 'Mfr', 'Mfg', 'Mfr Name'),
    field('quantity', 'Quantity', 'Qty', 'Qnty', 'Quantity Per', 'Qty Per', 'QPA'),
    field(
      'referenceDesignators',
      'Reference Designators',
      'Reference Designator',
      'Designator',
      'Designators',
      'Reference',
      'References',
      'Ref',
      'Refs',
      'Ref Des',
      'RefDes',
    ),
    field('description', 'Description', 'Comment', 'Part Description'),
    // What a schematic tool writes when there is no MPN: a resistor is its value in its footprint (10k, 0603).
    field('value', 'Value', 'Val', 'Component Value'),
    field('footprint', 'Footprint', 'Package', 'Case', 'Case/Package', 'Package / Case', 'PCB Footprint'),
    field('doNotPlace', 'Do Not Place', 'DNP', 'DNI', 'Do Not Populate', 'Not Fitted'),
    field('lineNumber', 'Line Number', 'Line', 'Line #', 'Item', 'Item #', '#'),
  ],
  inventory: [
    field(
      'uniqueName',
      'Unique Name',
      'Inventory Unique Name',
      'Part Number',
      'Part #',
      'Part No',
      'Part',
      'MPN',
      'Manufacturer Part Number',
      'Item',
      'Item Number',
      'SKU',
    ),
    field('title', 'Title', 'Description', 'Part Description', 'Name'),
    field(
      'count',
      'Count',
      'Quantity',
      'Qty',
      'On Hand',
      'Qty On Hand',
      'Quantity On Hand',
      'Stock',
      'In Stock',
      'Available',
    ),
    field('recordingDate', 'Recording Date', 'Count Date', 'Date', 'As Of', 'As Of Date', 'Inventory Date'),
  ],
};

/** A column's meaning in a mapping: a field key, an item custom field, or nothing. */
export const IGNORE = 'ignore';
export const CUSTOM_FIELD = 'customField';

/** The columns of a BOM that say which part a line is: a quantity without one of them is no line. */
export const BOM_PART_FIELDS = ['mpn', 'customId', 'value', 'description'] as const;

/**
 * Which fields a file must have, as the server checks them: every group must
 * be met by one of its fields (open orders: without an item or a line column
 * each row is a line, numbered in file order; BOMs: designators alone give
 * the quantity, and some column must name the part).
 */
export const REQUIRED: Record<ImportKind, readonly (readonly string[])[]> = {
  openOrder: [['orderUniqueName'], ['quantity']],
  bom: [['quantity', 'referenceDesignators'], BOM_PART_FIELDS],
  inventory: [['uniqueName'], ['count']],
};

/** A column name compared loosely: case, spaces and punctuation ignored, "#" read as "number". */
export function normalizeHeader(name: string): string {
  return name
    .toLowerCase()
    .replace(/#/g, 'number')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * A column named "Custom: Color" or "Custom Field: Color" is the item custom field "Color" (open orders).
 * Tested on the trimmed name, so that no lazy match runs before trailing spaces (quadratic on a long cell).
 */
const CUSTOM_HEADER = /^custom(?:\s*field)?\s*[:.]\s*\S/i;

export function fieldLabel(kind: ImportKind, key: string): string {
  if (key === CUSTOM_FIELD) return 'Custom field';
  if (key === IGNORE) return 'Not imported';
  return FIELDS[kind].find((f) => f.key === key)?.label ?? key;
}

// ---------------------------------------------------------------------------
// Header matching by words.
//
// A header is split into words (case changes, spaces and punctuation), its
// abbreviations written out ("Qty" → quantity, "P/N" → part number), and each
// word read as its meaning ("supplier" → vendor, "confirmed" → promise). A
// field's signatures are the same reading of its label and synonyms, plus a
// few below. A header matches a field when its words hold one of the field's
// signatures and every other word is one the field allows (its qualifiers:
// "Open" and "Balance" before a quantity); the longest signature wins, so
// "Item Description" is a description and "Order Title" an order title. When
// nothing matches, leading words that only say where the column sits (po,
// order, line, item, part) are dropped one at a time: "PO Line Qty" is a
// quantity. Two fields tied: not taken.
//
// Decisions on ambiguous names, for open orders:
// - Promised / confirmed / committed dates are the vendor's promise of arrival
//   (estimatedArrivalDate), unless the header says ship: "Conf Ship Date" and
//   "ETD" are the ship date.
// - "Delivery Date" alone is the due date: on a buyer's PO line it is the date
//   asked for; the vendor's date is called confirmed or promised. "Requested
//   Ship Date" names neither field exactly and is left to the user.
// - "Vendor Code" / "Vendor ID" are the vendor's code in the ERP (vendorCode),
//   not the vendor name, nor the vendor sid (Factor's own id).
// - "Line Item" and "PO Line Number" are the line number, "PO Item" the item.
// - "Arrival Date" is the estimated arrival: an open line has not arrived.
// - Received, shipped, confirmed or requested quantities are not the quantity.
// ---------------------------------------------------------------------------

/** Abbreviations and their words. Keys are single lowercase words as split from a header. */
const ABBREVIATIONS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    qty: 'quantity',
    qnty: 'quantity',
    qnt: 'quantity',
    qoh: 'quantity on hand',
    qpa: 'quantity per assembly',
    uom: 'unit of measure',
    mpn: 'manufacturer part number',
    ipn: 'internal part number',
    pn: 'part number',
    mfr: 'manufacturer',
    mfg: 'manufacturer',
    mfgr: 'manufacturer',
    manuf: 'manufacturer',
    desc: 'description',
    descr: 'description',
    del: 'delivery',
    dlv: 'delivery',
    delv: 'delivery',
    deliv: 'delivery',
    dlvy: 'delivery',
    req: 'requested',
    reqd: 'required',
    rqd: 'required',
    conf: 'confirmed',
    cnf: 'confirmed',
    confd: 'confirmed',
    cfm: 'confirmed',
    prom: 'promised',
    eta: 'estimated arrival',
    etd: 'estimated ship',
    est: 'estimated',
    estd: 'estimated',
    ref: 'reference',
    des: 'designator',
    desig: 'designator',
    refdes: 'reference designator',
    amt: 'amount',
    curr: 'currency',
    ccy: 'currency',
    no: 'number',
    nr: 'number',
    num: 'number',
    nbr: 'number',
    nmbr: 'number',
    po: 'purchase order',
    ord: 'order',
    ln: 'line',
    rev: 'revision',
    assy: 'assembly',
    alt: 'alternative',
    dt: 'date',
    vend: 'vendor',
    vdr: 'vendor',
    supp: 'supplier',
    sched: 'schedule',
    trk: 'tracking',
    avail: 'available',
    inv: 'inventory',
  }),
);

/** Two one-letter words that are one abbreviation, as "P/N" splits. */
const LETTER_PAIRS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'p n': 'part number',
    'p o': 'purchase order',
    'u m': 'unit of measure',
  }),
);

/** Words that say nothing about which field a column is ("Price per Unit", "Need by", "Designator(s)"). */
const NOISE = new Set(['purchase', 'the', 'of', 'a', 'an', 'by', 'and', 'or', 'per', 'for', 's']);

/** Words read as one meaning. Words not listed mean themselves. */
const MEANINGS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    supplier: 'vendor',
    requested: 'due',
    request: 'due',
    required: 'due',
    require: 'due',
    need: 'due',
    needed: 'due',
    promised: 'promise',
    confirmed: 'promise',
    confirm: 'promise',
    committed: 'promise',
    commit: 'promise',
    acknowledged: 'promise',
    expected: 'estimated',
    estimate: 'estimated',
    projected: 'estimated',
    shipping: 'ship',
    shipment: 'ship',
    shipped: 'ship',
    dispatch: 'ship',
    departure: 'ship',
    arrive: 'arrival',
    cost: 'price',
    id: 'number',
    code: 'number',
    material: 'item',
    sku: 'item',
    designation: 'designator',
    alternate: 'alternative',
  }),
);

/** Leading words that only say where a column sits: dropped, one at a time, when the header matches nothing. */
const PLACE_PREFIXES = new Set(['order', 'line', 'item', 'part']);

interface KindExtras {
  /** More signatures of a field, besides its label and synonyms. */
  signatures?: Readonly<Record<string, readonly string[]>>;
  /** Words a field's header may have besides a signature. */
  qualifiers?: Readonly<Record<string, readonly string[]>>;
}

const EXTRAS: Record<ImportKind, KindExtras> = {
  openOrder: {
    signatures: {
      orderUniqueName: ['order'],
      itemUniqueName: ['part'],
      trackingNumber: ['tracking'],
      // "Delivery Date" alone: the date asked for (see the decisions above).
      dueDate: ['delivery date'],
      shipDate: ['estimated ship'],
      estimatedArrivalDate: ['arrival date'],
    },
    qualifiers: {
      description: ['short', 'long', 'full'],
      lineNumber: ['order', 'item'],
      pricePerUnit: ['unit', 'each', 'net'],
      itemGroupUniqueName: ['number'],
      quantity: ['open', 'balance', 'remaining', 'outstanding', 'order', 'ordered', 'total'],
      dueDate: ['delivery', 'arrival', 'dock', 'date'],
      shipDate: ['promise', 'estimated', 'planned', 'scheduled', 'vendor', 'date'],
      estimatedArrivalDate: ['delivery', 'vendor', 'arrival', 'dock', 'date'],
      trackingNumber: ['ship', 'number'],
    },
  },
  bom: {
    qualifiers: {
      bomUniqueName: ['number'],
      mpn: ['1', 'primary'],
      alternativeMpns: ['part', 'number', 'manufacturer'],
      manufacturerName: ['1'],
      quantity: ['assembly', 'board', 'due', 'total'],
    },
  },
  inventory: {
    qualifiers: {
      uniqueName: ['inventory'],
      count: ['on', 'hand', 'in', 'stock', 'available', 'total', 'current', 'physical', 'inventory'],
      recordingDate: ['stock', 'last'],
    },
  },
};

/** Where a word ends inside a run of letters: "PoLineQty", "POLine", "MPN2" (not "MPNs": a plural after capitals). */
const WORD_BREAK = /(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll}{2})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/gu;

/** A header's words as written, lowercase: split on case changes, digits, spaces and punctuation ("#" is number). */
function splitWords(header: string): string[] {
  return header
    .replace(/['’]/g, '')
    .replace(/#/g, ' number ')
    .replace(WORD_BREAK, ' ')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** A word as its singular when the singular is a word the matcher knows ("Designators", "MPNs", "Quantities"). */
function singular(word: string): string {
  if (word.length < 4 || !word.endsWith('s') || word.endsWith('ss')) return word;
  const known = vocabulary();
  const candidates = word.endsWith('ies') ? [`${word.slice(0, -3)}y`, word.slice(0, -1)] : [word.slice(0, -1)];
  return candidates.find((c) => ABBREVIATIONS.has(c) || known.has(c)) ?? word;
}

/**
 * A header's words, lowercase, abbreviations written out: "PoLineQty" → purchase, order,
 * line, quantity; "Mfr. P/N" → manufacturer, part, number.
 */
export function headerTokens(header: string): string[] {
  const raw = splitWords(header);
  const tokens: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const pair = raw[i].length === 1 && i + 1 < raw.length ? LETTER_PAIRS.get(`${raw[i]} ${raw[i + 1]}`) : undefined;
    if (pair !== undefined) {
      for (const word of pair.split(' ')) tokens.push(word);
      i++;
      continue;
    }
    const word = singular(raw[i]);
    const expansion = ABBREVIATIONS.get(word);
    if (expansion === undefined) tokens.push(word);
    else for (const w of expansion.split(' ')) tokens.push(w);
  }
  return tokens;
}

/** A header's words as meanings, noise left out, each meaning once, in order. */
function meaningsOf(tokens: readonly string[]): string[] {
  const meanings: string[] = [];
  for (const token of tokens) {
    if (NOISE.has(token)) continue;
    const meaning = MEANINGS.get(token) ?? token;
    if (!meanings.includes(meaning)) meanings.push(meaning);
  }
  return meanings;
}

let knownWords: Set<string> | null = null;

/** Every word the matcher knows as split from a header: the fields' names, the abbreviations, the meanings. */
function vocabulary(): Set<string> {
  if (knownWords) return knownWords;
  // Built from splitWords, not headerTokens (which reads plurals against this set).
  const words = new Set<string>([...NOISE, ...PLACE_PREFIXES, 'number']);
  const add = (text: string) => {
    for (const word of splitWords(text)) words.add(word);
  };
  for (const [abbreviation, expansion] of ABBREVIATIONS) {
    words.add(abbreviation);
    add(expansion);
  }
  for (const expansion of LETTER_PAIRS.values()) add(expansion);
  for (const [word, meaning] of MEANINGS) {
    words.add(word);
    words.add(meaning);
  }
  for (const kind of IMPORT_KINDS) {
    for (const spec of FIELDS[kind]) for (const name of [spec.label, ...spec.synonyms]) add(name);
    const { signatures = {}, qualifiers = {} } = EXTRAS[kind];
    for (const list of [...Object.values(signatures), ...Object.values(qualifiers)]) for (const text of list) add(text);
  }
  knownWords = words;
  return words;
}

interface Signature {
  key: string;
  words: ReadonlySet<string>;
}

interface KindIndex {
  /** Normalized label or synonym → the first field that has it. */
  exact: Map<string, string>;
  signatures: Signature[];
  qualifiers: Map<string, ReadonlySet<string>>;
  /** Every meaning a signature or qualifier of the kind uses: a header with another word matches nothing. */
  meanings: Set<string>;
  /** Normalized labels and synonyms with their field, for near misses. */
  names: [string, string][];
}

const INDEXES = new Map<ImportKind, KindIndex>();

function indexOf(kind: ImportKind): KindIndex {
  const known = INDEXES.get(kind);
  if (known) return known;
  const index: KindIndex = { exact: new Map(), signatures: [], qualifiers: new Map(), meanings: new Set(), names: [] };
  const seen = new Set<string>();
  const addSignature = (key: string, text: string) => {
    const words = meaningsOf(headerTokens(text));
    const id = [...words].sort().join(' ');
    // The first field with a signature keeps it, as the first with a synonym does.
    if (words.length === 0 || seen.has(id)) return;
    seen.add(id);
    index.signatures.push({ key, words: new Set(words) });
    for (const word of words) index.meanings.add(word);
  };
  const { signatures = {}, qualifiers = {} } = EXTRAS[kind];
  for (const spec of FIELDS[kind]) {
    for (const name of [spec.label, ...spec.synonyms]) {
      const normalized = normalizeHeader(name);
      if (!index.exact.has(normalized)) index.exact.set(normalized, spec.key);
      index.names.push([normalized, spec.key]);
      addSignature(spec.key, name);
    }
    for (const text of signatures[spec.key] ?? []) addSignature(spec.key, text);
    const allowed = new Set(meaningsOf((qualifiers[spec.key] ?? []).flatMap(headerTokens)));
    index.qualifiers.set(spec.key, allowed);
    for (const word of allowed) index.meanings.add(word);
  }
  for (const prefix of PLACE_PREFIXES) index.meanings.add(prefix);
  INDEXES.set(kind, index);
  return index;
}

/** The field whose signature the words hold with only its qualifiers besides, the longest signature; null on a tie. */
function bestSignature(index: KindIndex, words: ReadonlySet<string>): string | null | undefined {
  let best = 0;
  const keys = new Set<string>();
  for (const signature of index.signatures) {
    if (signature.words.size < best || signature.words.size > words.size) continue;
    if (![...signature.words].every((w) => words.has(w))) continue;
    const allowed = index.qualifiers.get(signature.key);
    if (![...words].every((w) => signature.words.has(w) || allowed?.has(w))) continue;
    if (signature.words.size > best) {
      best = signature.words.size;
      keys.clear();
    }
    keys.add(signature.key);
  }
  if (best === 0) return undefined;
  return keys.size === 1 ? [...keys][0] : null;
}

/** The field a header's meanings name, leading place words dropped one at a time until one does; null when none. */
function matchMeanings(index: KindIndex, meanings: readonly string[]): string | null {
  // A word no field uses (a value, "Notes", "1001") can only be dropped if it is a place word, which it is not.
  if (meanings.some((m) => !index.meanings.has(m))) return null;
  for (let start = 0; start < meanings.length; start++) {
    if (start > 0 && !PLACE_PREFIXES.has(meanings[start - 1])) break;
    const found = bestSignature(index, new Set(meanings.slice(start)));
    if (found !== undefined) return found;
  }
  return null;
}

/** Edits allowed between a name and a near miss: none for three letters or fewer, one up to seven, then two. */
function allowedEdits(a: string, b: string): number {
  const shorter = Math.min(a.length, b.length);
  return shorter <= 3 ? 0 : shorter < 8 ? 1 : 2;
}

/**
 * Damerau-Levenshtein distance (optimal string alignment: insertions, deletions, substitutions,
 * adjacent transpositions), or limit + 1 as soon as it must exceed limit.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

/** The one value whose text is nearest the given one within the allowed edits; null when none or two tie. */
function nearest(text: string, candidates: Iterable<readonly [string, string]>): string | null {
  let best = Infinity;
  const values = new Set<string>();
  for (const [candidate, value] of candidates) {
    const limit = allowedEdits(text, candidate);
    if (limit === 0 || candidate === text) continue;
    const d = editDistance(text, candidate, limit);
    if (d > limit || d > best) continue;
    if (d < best) {
      best = d;
      values.clear();
    }
    values.add(value);
  }
  return values.size === 1 ? [...values][0] : null;
}

/** Words of five letters or more are corrected; shorter ones are too often another word. */
const MIN_CORRECTED_WORD = 5;

/**
 * The field a misspelled header was probably meant to name: the field one of whose names is
 * nearest the whole header, else the field its words name once each unknown word is replaced
 * by the nearest known one. Only for a header with a word the matcher does not know: a header
 * of known words that names no field ("Order Date") is another column, not a typo.
 */
function suggestField(index: KindIndex, normalized: string, tokens: readonly string[]): string | null {
  const known = vocabulary();
  const isUnknown = (t: string) => !known.has(t) && !/^\p{N}+$/u.test(t);
  if (!tokens.some(isUnknown)) return null;
  const whole = nearest(normalized, index.names);
  if (whole !== null) return whole;
  const words = [...known].filter((w) => w.length >= MIN_CORRECTED_WORD).map((w) => [w, w] as const);
  const corrected = tokens.map((t) => (isUnknown(t) && t.length >= MIN_CORRECTED_WORD ? (nearest(t, words) ?? t) : t));
  if (corrected.some(isUnknown)) return null;
  return matchMeanings(index, meaningsOf(headerTokens(corrected.join(' '))));
}

/**
 * How a column name is read: a field taken `exact`ly (a label or synonym, or a custom-field
 * header) or by its words (`token`); else, for a near miss, a field only suggested; else null.
 */
export type HeaderMatch = { key: string; how: 'exact' | 'token' } | { suggestion: string } | null;

/** Longer names are not read word by word: a field's name is a few words, and a long cell is data. */
const MAX_TOKEN_MATCHED = 120;

/** How a column of this kind is read; without suggestions when `suggest` is false (cheaper, for the server). */
export function matchHeader(
  kind: ImportKind,
  header: string,
  { suggest = true }: { suggest?: boolean } = {},
): HeaderMatch {
  const name = header.trim();
  const normalized = normalizeHeader(name);
  if (!normalized) return null;
  if (kind === 'openOrder' && CUSTOM_HEADER.test(name)) return { key: CUSTOM_FIELD, how: 'exact' };
  const index = indexOf(kind);
  const exact = index.exact.get(normalized);
  if (exact !== undefined) return { key: exact, how: 'exact' };
  if (normalized.length > MAX_TOKEN_MATCHED) return null;
  const tokens = headerTokens(name);
  const byWords = matchMeanings(index, meaningsOf(tokens));
  if (byWords !== null) return { key: byWords, how: 'token' };
  if (!suggest) return null;
  const suggestion = suggestField(index, normalized, tokens);
  return suggestion === null ? null : { suggestion };
}

/**
 * The meaning the server gives a column without a saved mapping: the field its name or words
 * name, a custom field, or null when not recognised (a suggestion is not taken).
 */
export function recognise(kind: ImportKind, header: string): string | null {
  const match = matchHeader(kind, header, { suggest: false });
  return match !== null && 'key' in match ? match.key : null;
}

/** A mapped field type as a key of this kind: accepts the key or the label, any case; null when unknown. */
export function canonicalType(kind: ImportKind, type: string): string | null {
  const normalized = normalizeHeader(type);
  if (['ignore', 'ignored', 'skip', 'none'].includes(normalized)) return IGNORE;
  if (['customfield', 'custom'].includes(normalized)) return kind === 'openOrder' ? CUSTOM_FIELD : null;
  const spec = FIELDS[kind].find(
    (f) => normalizeHeader(f.key) === normalized || normalizeHeader(f.label) === normalized,
  );
  return spec?.key ?? null;
}

/** The fields that hold a date, of every kind of import: their numeric dates read day or month first. */
export const DATE_FIELDS: ReadonlySet<string> = new Set([
  'dueDate',
  'shipDate',
  'estimatedArrivalDate',
  'recordingDate',
]);

/** Whether a mapped field type (a key or label of any kind of import) names a date field. */
export const isDateFieldType = (type: string): boolean =>
  IMPORT_KINDS.some((kind) => DATE_FIELDS.has(canonicalType(kind, type) ?? ''));
