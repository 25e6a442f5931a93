// Form building blocks. Error messages arrive as i18n keys (schemas.ts) and are translated here.
import { useTranslation } from "react-i18next";

type Errors = string[] | undefined | null;

export function ErrorList({ id, errors, params }: { id?: string; errors: Errors; params?: Record<string, unknown> }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-sm text-red-700" role="alert">
      {errors.map((e) => (
        <li key={e}>{t(`errors.${e}`, { defaultValue: e, ...params })}</li>
      ))}
    </ul>
  );
}

export function Field({
  label,
  hint,
  errorId,
  errors,
  inputProps,
}: {
  label: string;
  hint?: string;
  errorId: string;
  errors: Errors;
  inputProps: React.InputHTMLAttributes<HTMLInputElement> & { id: string };
}) {
  const hintId = hint ? `${inputProps.id}-hint` : undefined;
  const invalid = !!errors?.length;
  return (
    <div>
      <label htmlFor={inputProps.id} className="block text-sm font-medium text-stone-800">
        {label}
      </label>
      <input
        {...inputProps}
        aria-invalid={invalid || undefined}
        aria-describedby={[invalid ? errorId : null, hintId].filter(Boolean).join(" ") || undefined}
        className={`mt-1 block w-full rounded-lg border bg-white px-3 py-2.5 text-base shadow-sm outline-none focus:border-leaf-600 focus:ring-2 focus:ring-leaf-100 ${
          invalid ? "border-red-500" : "border-stone-300"
        }`}
      />
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-stone-500">
          {hint}
        </p>
      ) : null}
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

export function SubmitButton({ children, ...props }: React.ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      type="submit"
      {...props}
      className="w-full rounded-lg bg-leaf-700 px-4 py-3 text-base font-semibold text-white shadow-sm hover:bg-leaf-800 disabled:opacity-60"
    >
      {children}
    </button>
  );
}
