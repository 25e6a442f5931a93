// A unique slug chosen and written together: the free slug is read, then the row written; when
// another request took the same slug in between (the unique index refuses the write, P2002 on the
// slug), the next free one is read and the write tried again. Without this two products or farms
// of the same name saved at the same moment gave one of them an error page.
import { Prisma } from "./db.server";

const ATTEMPTS = 5;

function isSlugConflict(e: unknown): boolean {
  if (!(e instanceof Prisma.PrismaClientKnownRequestError) || e.code !== "P2002") return false;
  const target = (e.meta as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: unknown } } } } | undefined) ?? {};
  const fields = target.target ?? target.driverAdapterError?.cause?.constraint?.fields;
  // when the driver does not say which index, any unique conflict of this write is the slug's
  return fields === undefined || JSON.stringify(fields).includes("slug");
}

export async function withFreeSlug<T>(choose: () => Promise<string>, write: (slug: string) => Promise<T>, { retry = true }: { retry?: boolean } = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const slug = await choose();
    try {
      return await write(slug);
    } catch (e) {
      if (!retry || attempt >= ATTEMPTS || !isSlugConflict(e)) throw e;
    }
  }
}
