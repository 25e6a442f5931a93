// A photo picker that works without JavaScript (a plain file input opening the camera) and, with
// JavaScript, shrinks each photo in the browser before upload: a 12 MP phone photo (4–6 MB) leaves
// as a ~2048 px JPEG of a few hundred KB, upright, without its EXIF/GPS. Any failure keeps the original.
import { useTranslation } from "react-i18next";

const MAX_SIDE = 2048;

async function shrink(file: File): Promise<File> {
  if (!file.type.startsWith("image/") || file.type === "image/gif") return file;
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  if (scale === 1 && file.size < 1_500_000) return file;
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d")!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, "image/jpeg", 0.85));
  if (!blob || blob.size >= file.size) return file;
  return new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg", { type: "image/jpeg" });
}

// Replacing input.files can fire "change" again: remember what we put there so it never loops.
const signature = (files: ArrayLike<File>) => Array.from(files, (f) => `${f.name}:${f.size}`).join("|");

async function onChange(e: React.ChangeEvent<HTMLInputElement>) {
  const input = e.currentTarget;
  if (!input.files?.length || typeof DataTransfer === "undefined") return;
  if (input.dataset.shrunk === signature(input.files)) return;
  try {
    const originals = [...input.files];
    const shrunk = await Promise.all(originals.map((f) => shrink(f).catch(() => f)));
    if (shrunk.every((f, i) => f === originals[i])) return;
    const dt = new DataTransfer();
    shrunk.forEach((f) => dt.items.add(f));
    input.dataset.shrunk = signature(dt.files);
    input.files = dt.files;
  } catch {
    // keep the originals: the server checks and processes them anyway
  }
}

export function PhotoInput({ name, label, hint, errors, multiple = true }: { name: string; label: string; hint?: string; errors?: string[]; multiple?: boolean }) {
  const { t } = useTranslation();
  return (
    <div>
      <label htmlFor={`${name}-input`} className="block text-sm font-medium text-stone-800">
        {label}
      </label>
      <input
        id={`${name}-input`}
        name={name}
        type="file"
        accept="image/*"
        capture="environment"
        multiple={multiple}
        onChange={onChange}
        aria-describedby={hint ? `${name}-hint` : undefined}
        className="mt-1 block w-full rounded-lg border border-dashed border-stone-400 bg-white p-3 text-sm file:mr-3 file:rounded-md file:border-0 file:bg-leaf-700 file:px-3 file:py-2 file:font-semibold file:text-white"
      />
      {hint ? (
        <p id={`${name}-hint`} className="mt-1 text-xs text-stone-500">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <ul className="mt-1 space-y-0.5 text-sm text-red-700" role="alert">
          {errors.map((e) => (
            <li key={e}>{t(`errors.${e}`, { defaultValue: e })}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
