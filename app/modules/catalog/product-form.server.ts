// The server half of the product form: multipart parsing with bounds, zod, photo checks, and the
// reply the form renders (what was typed comes back; files are checked before anything is stored).
import { parseWithZod } from "~/utils/forms";
import { data } from "@remix-run/node";
import { isMultipart, parseUpload, RequestTooLarge } from "~/modules/media/upload.server";
import { checkPhotos } from "./products.server";
import { ProductFormSchema } from "./schemas";
import { readForm } from "~/utils/http.server";

export async function readProductSubmission(request: Request) {
  let form: FormData;
  let photos: Uint8Array[] = [];
  let photoErrors: string[] = [];
  if (isMultipart(request)) {
    let parsed;
    try {
      parsed = await parseUpload(request, ["photos"]);
    } catch (e) {
      if (e instanceof RequestTooLarge) throw data({ result: undefined, photoErrors: ["requestTooLarge"] }, { status: 413 });
      throw e;
    }
    form = parsed.form;
    const checked = await checkPhotos(parsed.files);
    photos = checked.ok;
    photoErrors = [...checked.errors, ...(parsed.tooMany ? ["tooManyImages"] : [])];
  } else {
    form = await readForm(request);
  }
  const submission = parseWithZod(form, { schema: ProductFormSchema });
  return { form, submission, photos, photoErrors };
}

export function categoryOptions(categories: Array<{ id: string; nameVi: string; nameEn: string; parentId: string | null }>, locale: string) {
  const name = (c: { nameVi: string; nameEn: string }) => (locale === "en" ? c.nameEn : c.nameVi);
  const byId = new Map(categories.map((c) => [c.id, c]));
  return categories.map((c) => ({ id: c.id, name: c.parentId && byId.get(c.parentId) ? `${name(byId.get(c.parentId)!)} › ${name(c)}` : name(c) }));
}
