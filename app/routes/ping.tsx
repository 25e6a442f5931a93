// The bare document route: the root layout with no loader of its own and no data work. bench:http
// measures every page against it (issue 6), so the ratio shows what a page's data and markup
// cost beyond the framework, the layout and the network. /resources/ping is the same without React.
import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Chợ Nông" }, { name: "robots", content: "noindex" }];

export default function Ping() {
  return <p>pong</p>;
}
