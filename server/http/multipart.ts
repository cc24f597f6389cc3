// A multipart/form-data body read as it arrives (@fastify/busboy), a chunk at
// a time: a 50 MB file is parsed, counted and hashed chunk by chunk between
// other requests, and kept as the chunks it came in. Parsing the whole body in
// one go (Request.formData) held the event loop for half a second per upload.
import { Busboy } from '@fastify/busboy';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Context } from 'hono';
import type { AppEnv } from './context.ts';
import { badRequest, HttpError } from './errors.ts';

/** A file part: its name as sent, its bytes as they arrived, their count and SHA-256 (hex). */
export interface ReceivedFile {
  name: string;
  chunks: Buffer[];
  size: number;
  sha256: string;
}

export type FormPart = string | ReceivedFile;

export interface MultipartLimits {
  /** Bytes of one file; a larger one is a 413 naming its field. */
  fileBytes: number;
  /** Bytes of one text value. */
  fieldBytes: number;
  /** Parts in all, files and text values. */
  parts: number;
}

export const isReceivedFile = (part: FormPart): part is ReceivedFile => typeof part !== 'string';

/** The request body as a Node stream; the body read already (to hash an idempotent request) is read from memory. */
async function bodyStream(c: Context<AppEnv>): Promise<Readable> {
  if (c.req.raw.bodyUsed) return Readable.from([Buffer.from(await c.req.arrayBuffer())]);
  const body = c.req.raw.body;
  if (!body) return Readable.from([]);
  return Readable.fromWeb(body as NodeReadableStream<Uint8Array>);
}

/** Each field's parts in the order sent (a field sent twice has two). Malformed bodies are a 400 naming `fileField`. */
export async function readMultipart(
  c: Context<AppEnv>,
  fileField: string,
  limits: MultipartLimits,
): Promise<Record<string, FormPart[]>> {
  const contentType = c.req.header('content-type') ?? '';
  const malformed = () => badRequest('The body is not a valid multipart form.', fileField);
  let parser: ReturnType<typeof Busboy>;
  try {
    parser = Busboy({
      headers: { 'content-type': contentType },
      limits: { fileSize: limits.fileBytes, fieldSize: limits.fieldBytes, parts: limits.parts },
    });
  } catch {
    throw malformed();
  }
  const form: Record<string, FormPart[]> = Object.create(null) as Record<string, FormPart[]>;
  const add = (name: string, part: FormPart) => {
    (form[name] ??= []).push(part);
  };
  // The first reason to refuse the form; the body is still read to its end, so the answer is not a reset.
  const refusals: HttpError[] = [];
  const refuse = (error: HttpError) => {
    refusals.push(error);
  };
  const files: Promise<void>[] = [];
  parser.on('field', (name, value, _nameTruncated, valueTruncated) => {
    if (valueTruncated) refuse(badRequest(`${name} is over ${limits.fieldBytes} bytes.`, name));
    else add(name, value);
  });
  parser.on('file', (name, stream, fileName) => {
    const chunks: Buffer[] = [];
    const hash = createHash('sha256');
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      hash.update(chunk);
      size += chunk.byteLength;
    });
    stream.on('limit', () => {
      refuse(
        new HttpError(
          413,
          'payload_too_large',
          `The file is over the upload limit of ${limits.fileBytes / 1024 / 1024} MB (${limits.fileBytes} bytes).`,
          name,
        ),
      );
      chunks.length = 0;
    });
    files.push(
      new Promise<void>((resolve) => {
        stream.on('end', () => {
          if (!stream.truncated) add(name, { name: fileName, chunks, size, sha256: hash.digest('hex') });
          resolve();
        });
      }),
    );
  });
  parser.on('partsLimit', () => {
    refuse(badRequest(`The form has more than ${limits.parts} parts.`, fileField));
  });
  const source = await bodyStream(c);
  await new Promise<void>((resolve, reject) => {
    parser.on('finish', resolve);
    parser.on('error', () => {
      reject(malformed());
    });
    source.on('error', () => {
      reject(malformed());
    });
    source.pipe(parser);
  });
  await Promise.all(files);
  if (refusals.length) throw refusals[0];
  return form;
}

/**
 * The one file of a form whose only field is `file` (a message attachment, a logo): its name as sent, its bytes
 * whole and their SHA-256. Anything else (another body, another field, no file or two) is a 400 naming the field.
 */
export async function readOneFile(
  c: Context<AppEnv>,
  fileBytes: number,
): Promise<{ name: string; content: Buffer; sha256: string }> {
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'multipart/form-data') throw badRequest('Send the file as multipart/form-data.', 'file');
  const form = await readMultipart(c, 'file', { fileBytes, fieldBytes: 1024, parts: 4 });
  const unknown = Object.keys(form).find((key) => key !== 'file');
  if (unknown) throw badRequest(`Unknown form field "${unknown}"; this operation takes file.`, unknown);
  const [file, ...more] = form.file ?? [];
  if (!file || !isReceivedFile(file)) throw badRequest('Attach the file as the form field "file".', 'file');
  if (more.length) throw badRequest('Send one file at a time.', 'file');
  const content = file.chunks.length === 1 ? file.chunks[0] : Buffer.concat(file.chunks, file.size);
  return { name: file.name, content, sha256: file.sha256 };
}
