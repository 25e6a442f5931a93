import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/utils/forms";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, SubmitButton } from "~/components/forms";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatVnPhone } from "~/modules/auth/phone";
import { cancelInvite, getOwnFarm, inviteMember, removeMember, setMemberRole } from "~/modules/farms/farms.server";
import { farmRoleCan } from "~/modules/farms/roles";
import { InviteSchema } from "~/modules/farms/schemas";
import { invariantResponse, readForm } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "update:farm:own");
  const farm = await getOwnFarm({ userId: user.id, farmId: params.farmId ?? "" });
  invariantResponse(farm, "Not found", { status: 404 });
  return { farmId: farm.id, isOwner: farmRoleCan(farm.myRole, "farm:members"), members: farm.members, invites: farm.invites };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update:farm:own");
  const farmId = params.farmId ?? "";
  const form = await readForm(request);
  const op = form.get("op");
  if (op === "remove") {
    invariantResponse(await removeMember({ userId: user.id, farmId, memberUserId: String(form.get("userId") ?? "") }), "Forbidden", { status: 403 });
    return redirect(`/seller/farms/${farmId}/members`);
  }
  if (op === "role") {
    invariantResponse(await setMemberRole({ userId: user.id, farmId, memberUserId: String(form.get("userId") ?? ""), role: String(form.get("role") ?? "") }), "Forbidden", { status: 403 });
    return redirect(`/seller/farms/${farmId}/members`);
  }
  if (op === "cancel") {
    invariantResponse(await cancelInvite({ userId: user.id, farmId, inviteId: String(form.get("inviteId") ?? "") }), "Forbidden", { status: 403 });
    return redirect(`/seller/farms/${farmId}/members`);
  }
  const submission = parseWithZod(form, { schema: InviteSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await inviteMember({ userId: user.id, farmId, identifier: submission.value.identifier, role: submission.value.role });
  if (!outcome.ok) return data({ result: submission.reply({ formErrors: ["notYours"] }) }, { status: 403 });
  return redirect(`/seller/farms/${farmId}/members`);
}

export default function FarmMembers() {
  const { farmId, isOwner, members, invites } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({ id: "invite", lastResult: actionData?.result, constraint: getZodConstraint(InviteSchema), shouldValidate: "onBlur" });
  const contact = (u: { phone: string | null; email: string | null }) => (u.phone ? formatVnPhone(u.phone) : u.email);
  return (
    <div className="space-y-4">
      <p className="text-sm text-stone-600">{t("onboarding.membersIntro")}</p>
      {members.some((m) => m.role === "HELPER") ? <p className="rounded-lg bg-leaf-50 p-3 text-sm text-leaf-900 ring-1 ring-leaf-200">{t("onboarding.helperHint")}</p> : null}
      <ul className="divide-y divide-stone-100 rounded-xl bg-white px-4 ring-1 ring-stone-200">
        {members.map((m) => (
          <li key={m.userId} className="flex items-center justify-between gap-2 py-3 text-sm">
            <span>
              <strong>{m.user.name}</strong> · {contact(m.user)} · {t(`onboarding.roles.${m.role}`)}
            </span>
            {isOwner && m.role === "HELPER" ? (
              <Form method="post" className="shrink-0">
                <input type="hidden" name="userId" value={m.userId} />
                <button type="submit" name="op" value="remove" className="rounded-md border border-stone-300 px-2 py-1 text-xs font-semibold">{t("onboarding.endAssist")}</button>
              </Form>
            ) : isOwner && m.role !== "OWNER" ? (
              <span className="flex shrink-0 gap-1">
                <Form method="post">
                  <input type="hidden" name="userId" value={m.userId} />
                  <input type="hidden" name="role" value={m.role === "MANAGER" ? "STAFF" : "MANAGER"} />
                  <button type="submit" name="op" value="role" className="rounded-md border border-stone-300 px-2 py-1 text-xs">
                    {t(m.role === "MANAGER" ? "onboarding.makeStaff" : "onboarding.makeManager")}
                  </button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="userId" value={m.userId} />
                  <button type="submit" name="op" value="remove" className="rounded-md border border-stone-300 px-2 py-1 text-xs">{t("onboarding.remove")}</button>
                </Form>
              </span>
            ) : null}
          </li>
        ))}
        {invites.map((i) => (
          <li key={i.id} className="flex items-center justify-between gap-2 py-3 text-sm">
            <span>{i.identifier.startsWith("+84") ? formatVnPhone(i.identifier) : i.identifier} · {t(`onboarding.roles.${i.role}`)} · <em>{t("onboarding.invited")}</em></span>
            {isOwner ? (
              <Form method="post">
                <input type="hidden" name="inviteId" value={i.id} />
                <button type="submit" name="op" value="cancel" className="rounded-md border border-stone-300 px-2 py-1 text-xs">{t("onboarding.remove")}</button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {isOwner ? (
        <Form method="post" {...getFormProps(form)} className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
          <Field label={t("auth.identifier")} hint={t("auth.identifierHint")} errorId={fields.identifier.errorId} errors={[...(fields.identifier.errors ?? []), ...(form.errors ?? [])]} inputProps={{ ...getInputProps(fields.identifier, { type: "text" }), autoCapitalize: "none" }} />
          <fieldset className="space-y-2 text-sm">
            <legend className="font-medium">{t("onboarding.roleLegend")}</legend>
            {(["STAFF", "MANAGER"] as const).map((r) => (
              <label key={r} className="flex items-start gap-2">
                <input type="radio" name={fields.role.name} value={r} defaultChecked={r === "STAFF"} className="mt-1" />
                <span><strong>{t(`onboarding.roles.${r}`)}</strong> — {t(`onboarding.roleHints.${r}`)}</span>
              </label>
            ))}
          </fieldset>
          <SubmitButton>{t("onboarding.invite")}</SubmitButton>
        </Form>
      ) : (
        <p className="text-sm text-stone-600">{t("onboarding.ownerOnly")}</p>
      )}
      {isOwner ? <Link to={`/seller/farms/${farmId}/activity`} className="block text-center text-sm font-semibold text-leaf-700">{t("activity.link")}</Link> : null}
      <Link to="/seller" className="block rounded-lg bg-leaf-700 px-4 py-3 text-center font-semibold text-white no-underline">{t("onboarding.finish")}</Link>
    </div>
  );
}
