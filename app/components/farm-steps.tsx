import { NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export const FARM_STEPS = ["profile", "photos", "bank", "certifications", "members"] as const;

/** `ownerSteps`: false hides the owner's own steps (the bank account) from managers and staff. */
export function FarmSteps({ farmId, ownerSteps = true }: { farmId: string; ownerSteps?: boolean }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("onboarding.newTitle")} className="-mx-4 overflow-x-auto px-4">
      <ol className="flex gap-2 text-sm">
        {FARM_STEPS.filter((step) => ownerSteps || step !== "bank").map((step, i) => (
          <li key={step}>
            <NavLink
              to={`/seller/farms/${farmId}/${step}`}
              className={({ isActive }) =>
                `block whitespace-nowrap rounded-full px-3 py-1.5 no-underline ${isActive ? "bg-leaf-700 font-semibold text-white" : "bg-white text-stone-700 ring-1 ring-stone-200"}`
              }
            >
              {i + 1}. {t(`onboarding.steps.${step}`)}
            </NavLink>
          </li>
        ))}
      </ol>
    </nav>
  );
}
