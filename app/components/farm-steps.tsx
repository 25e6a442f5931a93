import { NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export const FARM_STEPS = ["profile", "photos", "bank", "certifications", "members"] as const;

export function FarmSteps({ farmId }: { farmId: string }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("onboarding.newTitle")} className="-mx-4 overflow-x-auto px-4">
      <ol className="flex gap-2 text-sm">
        {FARM_STEPS.map((step, i) => (
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
