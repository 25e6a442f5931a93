import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout } from "~/modules/auth/auth.server";

// POST only: a link or an image cannot log someone out.
export async function action({ request }: ActionFunctionArgs) {
  return redirect("/", { headers: { "Set-Cookie": await logout(request) } });
}

export function loader() {
  return redirect("/");
}
