// Stored files (uploads, exports, rejected rows, emails' raw content) and
// their bytes, kept in parts of FILE_PART_BYTES in `file_parts`.
//
// Why parts: a file is written and read one part per statement, with a turn
// of the event loop between two parts, so a 50 MB upload never holds the
// server for the whole file. On PGlite the database runs on the server's own
// thread, where one 50 MB statement held every other request for seconds.
// The bytes travel as base64 text, decoded by the database: PGlite turns a
// bytea parameter or result into hex a byte at a time in JavaScript.
import { sql, type Kysely, type Transaction } from 'kysely';
import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { newSid } from '../domain/sid.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** 256 KB: one part is a few milliseconds of PGlite's time; a 50 MB file is 200 parts. */
export const FILE_PART_BYTES = 256 * 1024;

/** A file to keep. `content` is its bytes, whole or as the chunks they arrived in. */
export interface NewFile {
  organizationSid: string;
  name: string;
  contentType: string;
  content: Uint8Array | readonly Uint8Array[];
  /** The SHA-256 of the content, hex, when the caller has it already (computed otherwise). */
  sha256?: string;
  /**
   * Written ahead of the transaction that records what holds it (keepFile), outside it: on PGlite a transaction
   * holds the one connection, and every other request would wait for the whole file.
   */
  pending?: boolean;
}

/** The content's parts of at most FILE_PART_BYTES, as views of the given bytes where they allow it. */
function* partsOf(content: Uint8Array | readonly Uint8Array[]): Generator<Uint8Array> {
  const chunks = content instanceof Uint8Array ? [content] : content;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  for (const chunk of chunks) {
    let offset = 0;
    while (offset < chunk.byteLength) {
      const take = Math.min(FILE_PART_BYTES - pendingBytes, chunk.byteLength - offset);
      pending.push(chunk.subarray(offset, offset + take));
      pendingBytes += take;
      offset += take;
      if (pendingBytes === FILE_PART_BYTES) {
        yield pending.length === 1 ? pending[0] : Buffer.concat(pending);
        pending = [];
        pendingBytes = 0;
      }
    }
  }
  if (pendingBytes > 0) yield pending.length === 1 ? pending[0] : Buffer.concat(pending);
}

const base64Of = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** Stores a file and its parts; returns its sid. Yields to other requests between parts. */
export async function storeFile(db: Db, file: NewFile, now = new Date()): Promise<string> {
  const sid = newSid('FI');
  const chunks = file.content instanceof Uint8Array ? [file.content] : file.content;
  let sha256 = file.sha256;
  if (!sha256) {
    const hash = createHash('sha256');
    for (const chunk of chunks) hash.update(chunk);
    sha256 = hash.digest('hex');
  }
  await db
    .insertInto('files')
    .values({
      sid,
      organizationSid: file.organizationSid,
      created: now,
      updated: now,
      name: file.name,
      contentType: file.contentType,
      size: chunks.reduce((sum, c) => sum + c.byteLength, 0),
      sha256,
      pending: file.pending ?? false,
    })
    .execute();
  let part = 0;
  for (const bytes of partsOf(chunks)) {
    if (part > 0) await nextTurn();
    await db
      .insertInto('fileParts')
      .values({ fileSid: sid, part, content: sql<Uint8Array>`decode(${base64Of(bytes)}, 'base64')` })
      .execute();
    part += 1;
  }
  return sid;
}

/** Marks a pending file as held, in the transaction that records what holds it. */
export async function keepFile(db: Db, sid: string): Promise<void> {
  await db.updateTable('files').set({ pending: false }).where('sid', '=', sid).execute();
}

/** How long a pending file may wait for its record: far longer than any request writing one takes. */
export const PENDING_FILE_MS = 60 * 60 * 1000;

/** Deletes pending files older than PENDING_FILE_MS (a process stopped between a file and its record). */
export async function purgeAbandonedFiles(db: Db, now = new Date()): Promise<number> {
  const deleted = await db
    .deleteFrom('files')
    .where('pending', '=', true)
    .where('created', '<', new Date(now.getTime() - PENDING_FILE_MS))
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** The file's bytes, part after part (a turn of the event loop between two), without holding them all. */
export async function* fileParts(db: Db, sid: string): AsyncGenerator<Buffer> {
  for (let part = 0; ; part++) {
    if (part > 0) await nextTurn();
    const { rows } = await sql<{ content: string }>`select encode(content, 'base64') as content
      from file_parts where file_sid = ${sid} and part = ${part}`.execute(db);
    const row = rows.at(0);
    if (!row) return;
    yield Buffer.from(row.content, 'base64');
  }
}

export interface StoredFile {
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** The file's description, without its bytes. */
export async function fileInfo(db: Db, sid: string): Promise<StoredFile | undefined> {
  return db
    .selectFrom('files')
    .select(['name', 'contentType', 'size', 'sha256'])
    .where('sid', '=', sid)
    .executeTakeFirst();
}

/** The file with all its bytes in one buffer (for the import, which reads the whole file). */
export async function readFile(db: Db, sid: string): Promise<(StoredFile & { content: Buffer }) | undefined> {
  const info = await fileInfo(db, sid);
  if (!info) return undefined;
  const content = Buffer.allocUnsafeSlow(info.size);
  let offset = 0;
  for await (const part of fileParts(db, sid)) {
    if (offset + part.byteLength > info.size) throw new Error(`file ${sid} has more bytes than its size`);
    content.set(part, offset);
    offset += part.byteLength;
  }
  if (offset !== info.size) throw new Error(`file ${sid} has ${offset} of its ${info.size} bytes`);
  return { ...info, content };
}

/** The file's bytes as a stream for a response: parts are read as the client takes them. */
export function fileStream(db: Db, sid: string): ReadableStream<Uint8Array> {
  const parts = fileParts(db, sid);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await parts.next();
      if (next.done) controller.close();
      else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
    },
    async cancel() {
      await parts.return(undefined);
    },
  });
}
