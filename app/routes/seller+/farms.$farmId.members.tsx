import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/utils/forms";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, SubmitButton } from "~/components/forms";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatVnPhone } from "~/modules/auth/phone";
import { cancelInvite, getOwnFarm, inviteMember, removeMember } from "~/modules/farms/farms.server";
import { InviteSchema } from "~/modules/farms/schemas";
import { invariantResponse } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "update:farm:own");
  const farm = await getOwnFarm({ userId: user.id, farmId: params.farmId ?? "" });
  invariantResponse(farm, "Not found", { status: 404 });
  return { farmId: farm.id, isOwner: farm.myRole === "OWNER", members: farm.members, invites: farm.invites };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update:farm:own");
  const farmId = params.farmId ?? "";
  const form = await request.formData();
  const op = form.get("op");
  if (op === "remove") {
    invariantResponse(await removeMember({ userId: user.id, farmId, memberUserId: String(form.get("userId") ?? "") }), "Forbidden", { status: 403 });
    return redirect(`/seller/farms/${farmId}/members`);
  }
  if (op === "cancel") {
    invariantResponse(await cancelInvite({ userId: user.id, farmId, inviteId: String(form.get("inviteId") ?? "") }), "Forbidden", { status: 403 });
    return redirect(`/seller/farms/${farmId}/members`);
  }
  const submission = parseWithZod(form, { schema: InviteSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await inviteMember({ userId: user.id, farmId, identifier: submission.value.identifier });
  if (!outcome.ok) return data({ result: submission.reply({ formErrors: ["notYours"] }) }, { status: 403 });
  return redirect(`/seller/farms/${farmId}/members`);
}

export default function FarmMembers() {
  const { isOwner, members, invites } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({ id: "invite", lastResult: actionData?.result, constraint: getZodConstraint(InviteSchema), shouldValidate: "onBlur" });
  const contact = (u: { phone: string | null; email: string | null }) => (u.phone ? formatVnPhone(u.phone) : u.email);
  return (
    <div className="space-y-4">
      <p className="text-sm text-stone-600">{t("onboarding.membersIntro")}</p>
      <ul className="divide-y divide-stone-100 rounded-xl bg-white px-4 ring-1 ring-stone-200">
        {members.map((m) => (
          <li key={m.userId} className="flex items-center justify-between gap-2 py-3 text-sm">
            <span>
              <strong>{m.user.name}</strong> · {contact(m.user)} · {t(m.role === "OWNER" ? "onboarding.owner" : "onboarding.staff")}
            </span>
            {isOwner && m.role !== "OWNER" ? (
              <Form method="post">
                <input type="hidden" name="userId" value={m.userId} />
                <button type="submit" name="op" value="remove" className="rounded-md border border-stone-300 px-2 py-1 text-xs">{t("onboarding.remove")}</button>
              </Form>
            ) : null}
          </li>
        ))}
        {invites.map((i) => (
          <li key={i.id} className="flex items-center justify-between gap-2 py-3 text-sm">
            <span>{i.identifier.startsWith("+84") ? formatVnPhone(i.identifier) : i.identifier} · <em>{t("onboarding.invited")}</em></span>
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
          <SubmitButton>{t("onboarding.invite")}</SubmitButton>
        </Form>
      ) : (
        <p className="text-sm text-stone-600">{t("onboarding.ownerOnly")}</p>
      )}
      <Link to="/seller" className="block rounded-lg bg-leaf-700 px-4 py-3 text-center font-semibold text-white no-underline">{t("onboarding.finish")}</Link>
    </div>
  );
}
