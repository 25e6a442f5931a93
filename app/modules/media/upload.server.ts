// Multipart uploads with bounds: at most MAX_IMAGES_PER_UPLOAD files of MAX_UPLOAD_BYTES each.
// An oversized file is drained and reported, not thrown, so the rest of the form (what the farmer
// typed) survives and comes back with a clear error.
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { responseIn } from "~/utils/http.server";
import { MAX_IMAGES_PER_UPLOAD, MAX_UPLOAD_BYTES } from "./validate.server";

export type UploadedFile = { field: string; filename: string; bytes: Uint8Array | null; tooLarge: boolean };
export type ParsedUpload = { form: FormData; files: UploadedFile[]; tooMany: boolean };

const MAX_TEXT_BYTES = 64 * 1024;

export class RequestTooLarge extends Error {}

export async function parseUpload(request: Request, fileFields: string[]): Promise<ParsedUpload> {
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > MAX_IMAGES_PER_UPLOAD * MAX_UPLOAD_BYTES + 1024 * 1024) throw new RequestTooLarge();
  const files: UploadedFile[] = [];
  let tooMany = false;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (filename === undefined) {
      // a text field: bounded too
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of data) {
        size += chunk.byteLength;
        if (size > MAX_TEXT_BYTES) throw new RequestTooLarge();
        chunks.push(chunk);
      }
      return new TextDecoder().decode(Buffer.concat(chunks)).replaceAll("\0", ""); // as readForm (http.server.ts)
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let tooLarge = false;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > MAX_UPLOAD_BYTES) tooLarge = true; // keep reading to the end, keep nothing
      else chunks.push(chunk);
    }
    if (!fileFields.includes(name) || (size === 0 && !filename)) return undefined; // no file chosen
    if (files.length >= MAX_IMAGES_PER_UPLOAD) {
      tooMany = true;
      return undefined;
    }
    files.push({ field: name, filename, bytes: tooLarge ? null : Buffer.concat(chunks), tooLarge });
    return undefined;
  };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, handler);
  } catch (e) {
    if (e instanceof RequestTooLarge) throw e;
    const answered = responseIn(e); // refused on its way in (body-limit.server.ts: 413)
    if (answered) throw answered;
    // a body no browser sends (no boundary, cut short, a broken part header): the sender's mistake
    throw new Response("Bad Request: the form could not be read", { status: 400 });
  }
  return { form, files, tooMany };
}

/** Multipart forms go through parseUpload; plain ones (JavaScript off, no file input) do not. */
export function isMultipart(request: Request): boolean {
  return (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");
}
