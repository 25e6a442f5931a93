import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/seller/farms/${encodeURIComponent(params.farmId ?? "")}/profile`);
}
