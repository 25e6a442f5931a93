// What a page needs to show a stored image, kept small because it travels twice, in the HTML and
// in the data the page hydrates with (a home page lists twenty of them): the variants' common
// path and their widths, from which `mediaUrl` and `mediaSrcset` spell out each file.
// Files are named `<path>-<width>.<format>` (media.server.ts).
export type MediaView = { path: string; webp: number[]; avif: number[]; width: number; height: number; placeholder: string };

/** One variant's address; the smallest WebP unless told otherwise. */
export function mediaUrl(image: MediaView, width = image.webp[0], format: "webp" | "avif" = "webp"): string {
  return `${image.path}-${width}.${format}`;
}

/** `srcset` of every width in `format` ("" when there is none). */
export function mediaSrcset(image: MediaView, format: "webp" | "avif"): string {
  return image[format].map((w) => `${mediaUrl(image, w, format)} ${w}w`).join(", ");
}
