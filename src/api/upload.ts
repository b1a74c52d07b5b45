import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { UserError } from '../errors.ts';
import { scratchPath } from '../scratch.ts';

export class BodyTooLargeError extends UserError {
  constructor(message: string) {
    super(message, 413);
  }
}

export interface SpooledUpload {
  path: string;
  /** The file name the sender gave, if any (never used as a path). */
  fileName?: string;
  contentType?: string;
  bytes: number;
  remove(): Promise<void>;
}

function limiter(maxBytes: number, counted: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      counted.bytes += chunk.length;
      if (counted.bytes > maxBytes) {
        done(new BodyTooLargeError(`the request body is larger than ${Math.round(maxBytes / 1048576)} MB`));
      } else {
        done(null, chunk);
      }
    },
  });
}

export async function spoolUpload(request: Request, maxBytes: number): Promise<SpooledUpload> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new BodyTooLargeError(`the request body is larger than ${Math.round(maxBytes / 1048576)} MB`);
  }
  if (!request.body) throw new UserError('the request has no body: send the file');
  const path = scratchPath('upload');
  const remove = () => rm(path, { force: true });
  const counted = { bytes: 0 };
  const type = request.headers.get('content-type') ?? '';
  const body = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
  try {
    if (!/^multipart\/form-data/i.test(type)) {
      await pipeline(body, limiter(maxBytes, counted), createWriteStream(path));
      if (counted.bytes === 0) throw new UserError('the request body is empty: send the file');
      return { path, contentType: type, bytes: counted.bytes, remove };
    }
    const file = await new Promise<{ fileName?: string; contentType?: string }>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: { 'content-type': type },
          limits: { files: 1, fileSize: maxBytes, fields: 20 },
        });
      } catch {
        reject(new UserError('the multipart request has no boundary'));
        return;
      }
      let found = false;
      parser.on('file', (_name, stream, info) => {
        found = true;
        stream.on('limit', () =>
          reject(new BodyTooLargeError(`the file is larger than ${Math.round(maxBytes / 1048576)} MB`)),
        );
        pipeline(stream, limiter(maxBytes, counted), createWriteStream(path)).then(
          () => resolve({ fileName: info.filename, contentType: info.mimeType }),
          reject,
        );
      });
      parser.on('error', (error: Error) =>
        reject(new UserError(`the multipart body cannot be read: ${error.message}`)),
      );
      parser.on('close', () => {
        if (!found) reject(new UserError('the multipart request holds no file part'));
      });
      body.on('error', reject);
      body.pipe(parser);
    });
    if (counted.bytes === 0) throw new UserError('the uploaded file is empty');
    return { path, ...file, bytes: counted.bytes, remove };
  } catch (error) {
    body.destroy();
    await remove();
    throw error;
  }
}
