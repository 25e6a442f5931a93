// The bare route: a Remix route through the same server and request handler that does no data
// work. bench:http measures every page against it (issue 6); also a liveness probe that does not
// touch the database (healthcheck does).
export function loader() {
  return new Response("pong", { headers: { "Cache-Control": "no-store", "Content-Type": "text/plain" } });
}
