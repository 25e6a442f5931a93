// Officers verify a seller's identity in person (ADR 018): for households without a smartphone ID
// app, the officer (or the commune's digital team with an officer) sees the chip ID card and records
// the name, number and date of birth. Lists farm owners not verified yet, or finds one by phone.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList } from "~/components/forms";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatVnPhone, normalizeVnPhone } from "~/modules/auth/phone";
import { unverifiedSellers, verifySellerInPerson } from "~/modules/identity/identity.server";
import { InPersonSchema } from "~/modules/identity/schemas";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseWithZod } from "~/utils/forms";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Xác minh người bán — Chợ Nông" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "verify:seller");
  const typed = (new URL(request.url).searchParams.get("phone") ?? "").slice(0, 30);
  const phone = typed ? normalizeVnPhone(typed) : null;
  return { typed, sellers: typed && !phone ? [] : await unverifiedSellers({ phone }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const officer = await requirePermission(request, "verify:seller");
  const submission = parseWithZod(await readForm(request), { schema: InPersonSchema });
  if (submission.status !== "success") return data({ userId: String(submission.payload.userId ?? ""), errors: Object.values(submission.error ?? {}).flat() as string[] }, { status: 400 });
  const { userId, note, ...input } = submission.value;
  const done = await verifySellerInPerson({ officerId: officer.id, userId, input, note: note ?? "" });
  if (!done.ok) return data({ userId, errors: [done.error as string] }, { status: done.error === "idNumberTaken" ? 409 : done.error === "notFound" ? 404 : 400 });
  return redirectWithFlash("/department/sellers", { key: "identityVerified" });
}

export default function Sellers() {
  const { typed, sellers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation();
  const input = "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base";
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <p className="text-sm"><Link to="/department/onboarding" className="font-semibold text-leaf-700">← {t("onboardingDept.title")}</Link></p>
      <h1 className="text-2xl font-bold">{t("identity.sellersTitle")}</h1>
      <p className="text-sm text-stone-600">{t("identity.sellersIntro")}</p>
      <Form method="get" role="search" className="flex items-end gap-2">
        <label className="grow text-sm font-medium">
          {t("identity.findByPhone")}
          <input type="search" name="phone" defaultValue={typed} inputMode="tel" maxLength={30} className={input} />
        </label>
        <button type="submit" className="rounded-lg bg-leaf-700 px-4 py-2 font-semibold text-white">{t("admin.userSearchButton")}</button>
      </Form>
      {sellers.length === 0 ? <p className="text-sm text-stone-500">{t("identity.noneToVerify")}</p> : (
        <ul className="space-y-3">
          {sellers.map((s) => (
            <li key={s.id} className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
              <p className="font-semibold">{s.name} · <span className="font-normal">{s.phone ? formatVnPhone(s.phone) : "—"}</span></p>
              <p className="text-sm text-stone-600">{s.farm}{s.refused ? ` · ${t("identity.refusedOnline")}` : ""}</p>
              <details className="mt-2" open={actionData?.userId === s.id}>
                <summary className="cursor-pointer text-sm font-semibold text-leaf-700">{t("identity.verifyInPerson")}</summary>
                <Form method="post" className="mt-2 space-y-2">
                  <input type="hidden" name="userId" value={s.id} />
                  <label className="block text-sm">{t("identity.fullName")}<input name="fullName" required defaultValue={s.name} className={input} /></label>
                  <label className="block text-sm">{t("identity.idNumber")}<input name="idNumber" required inputMode="numeric" maxLength={20} autoComplete="off" className={input} /></label>
                  <label className="block text-sm">{t("identity.dateOfBirth")}<input name="dateOfBirth" type="date" required className={input} /></label>
                  <label className="block text-sm">{t("identity.note")}<input name="note" maxLength={300} placeholder={t("identity.notePlaceholder")} className={input} /></label>
                  {actionData?.userId === s.id ? <ErrorList errors={actionData.errors} /> : null}
                  <button type="submit" disabled={busy} className="rounded-lg bg-leaf-700 px-4 py-2 text-sm font-semibold text-white">{t("identity.confirmInPerson")}</button>
                </Form>
              </details>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
