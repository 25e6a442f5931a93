// Entering a 6-digit code sent by Zalo, SMS or e-mail, and asking for a new one. Works with
// JavaScript off (two plain forms); with it on, "Gửi lại mã" counts down the 60 seconds.
import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/** The code input's attributes: a phone's numeric keypad and the OS's one-time-code autofill. */
export const codeInputProps = {
  type: "text",
  inputMode: "numeric",
  autoComplete: "one-time-code",
  maxLength: 7,
  placeholder: "••••••",
  className: "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-3 text-center text-2xl tracking-[0.4em] shadow-sm outline-none focus:border-leaf-600 focus:ring-2 focus:ring-leaf-100 aria-invalid:border-red-500 aria-invalid:focus:border-red-600 aria-invalid:focus:ring-red-100",
} as const;

/** "We sent a code to 0912 ••• 678 by Zalo or SMS; valid 5 minutes." */
export function CodeSentTo({ maskedTarget }: { maskedTarget: string }) {
  const { t } = useTranslation();
  const byEmail = maskedTarget.includes("@");
  return (
    <p className="rounded-lg bg-leaf-50 p-3 text-sm text-leaf-900 ring-1 ring-leaf-200" role="status">
      {t(byEmail ? "codes.sentByEmail" : "codes.sentByPhone", { target: maskedTarget })}
    </p>
  );
}

/** A separate form: asks for a new code (the server refuses within 60 s of the last one). */
export function ResendCode({ id, resendInMs }: { id: string; resendInMs: number }) {
  const { t } = useTranslation();
  const [left, setLeft] = useState(Math.ceil(resendInMs / 1000));
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => {
    setHydrated(true);
    setLeft(Math.ceil(resendInMs / 1000));
    const timer = setInterval(() => setLeft((s) => Math.max(0, s - 1)), 1000);
    return () => clearInterval(timer);
  }, [resendInMs]);
  const waiting = hydrated && left > 0;
  return (
    <Form method="post" className="text-center">
      <input type="hidden" name="id" value={id} />
      <button
        type="submit"
        name="intent"
        value="resend"
        disabled={waiting}
        className="rounded-lg px-3 py-2 text-sm font-semibold text-leaf-700 underline-offset-2 hover:underline disabled:text-stone-400 disabled:no-underline"
      >
        {waiting ? t("codes.resendIn", { seconds: left }) : t("codes.resend")}
      </button>
    </Form>
  );
}

/**
 * Up front, when this server cannot send codes to phones (or anywhere): sign-up and reset say so.
 * Without e-mail the form simply asks for a phone number.
 */
export function NoCodesNotice({ channels }: { channels: { phone: boolean; email: boolean } }) {
  const { t } = useTranslation();
  if (channels.phone) return null;
  const key = channels.email ? "codes.noPhoneChannel" : "codes.noChannels";
  return <p role="note" className="mt-3 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">{t(key)}</p>;
}
