// A local fake of the few S3 endpoints the media store uses (PUT/GET/DELETE object, path-style),
// which refuses requests without an AWS Signature V4 Authorization header for the expected key.
import http from "node:http";
import type { AddressInfo } from "node:net";

export async function startFakeS3({ accessKeyId }: { accessKeyId: string }) {
  const objects = new Map<string, { body: Buffer; contentType: string }>();
  const requests: Array<{ method: string; path: string; authorization: string }> = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const auth = req.headers.authorization ?? "";
    requests.push({ method: req.method!, path: req.url!, authorization: auth });
    if (!auth.startsWith(`AWS4-HMAC-SHA256 Credential=${accessKeyId}/`) || !req.headers["x-amz-date"]) {
      res.writeHead(403).end("<Error><Code>AccessDenied</Code></Error>");
      return;
    }
    const key = decodeURIComponent(req.url!);
    if (req.method === "PUT") {
      objects.set(key, { body: Buffer.concat(chunks), contentType: String(req.headers["content-type"]) });
      res.writeHead(200).end();
    } else if (req.method === "GET") {
      const o = objects.get(key);
      if (!o) res.writeHead(404).end("<Error><Code>NoSuchKey</Code></Error>");
      else res.writeHead(200, { "Content-Type": o.contentType }).end(o.body);
    } else if (req.method === "DELETE") {
      objects.delete(key);
      res.writeHead(204).end();
    } else res.writeHead(405).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
