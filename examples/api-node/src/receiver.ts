// A webhook receiver on a loopback port: it checks each request's Standard
// Webhooks signature with node:crypto (docs/webhooks.md, "Checking the
// signature"), answers 2xx at once, and drops a webhook whose webhook-id it
// has had already: delivery is at least once, so copies come.

import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// verify reports whether the headers sign rawBody with secret (whsec_ and
// the base64 of the key): HMAC-SHA256 over "id.timestamp.body", compared in
// constant time with each "v1," signature the header holds, and a
// timestamp within five minutes of now.
export function verify(secret: string, headers: IncomingHttpHeaders, rawBody: Buffer): boolean {
  const id = String(headers["webhook-id"] ?? "");
  const timestamp = String(headers["webhook-timestamp"] ?? "");
  const signatures = String(headers["webhook-signature"] ?? "");
  if (!id || !/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const want = createHmac("sha256", key).update(`${id}.${timestamp}.`).update(rawBody).digest();
  return signatures.split(" ").some((sig) => {
    const [version, value] = sig.split(",");
    const got = Buffer.from(value ?? "", "base64");
    return version === "v1" && got.length === want.length && timingSafeEqual(got, want);
  });
}

export class Receiver {
  /** The endpoint's signing secret, once the registration has given it. */
  secret = "";
  /** The webhooks processed, by webhook-id: their event type. */
  readonly received = new Map<string, string>();
  duplicates = 0;
  rejected = 0;
  private waiters: Array<() => void> = [];

  private constructor(private readonly server: Server) {}

  /** Listens on 127.0.0.1, at a port the system chooses. */
  static listen(): Promise<Receiver> {
    return new Promise((resolve) => {
      const server = createServer();
      const receiver = new Receiver(server);
      server.on("request", (req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          // The raw bytes, before any JSON parsing: the signature is over them.
          receiver.take(req.headers, Buffer.concat(chunks));
          res.writeHead(req.method === "POST" ? 204 : 405).end();
        });
      });
      server.listen(0, "127.0.0.1", () => resolve(receiver));
    });
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/webhooks`;
  }

  private take(headers: IncomingHttpHeaders, rawBody: Buffer) {
    const id = String(headers["webhook-id"] ?? "");
    if (!this.secret || !verify(this.secret, headers, rawBody)) {
      this.rejected++;
      console.log(`✗ webhook ${id || "without an id"}: bad signature, rejected`);
    } else if (this.received.has(id)) {
      this.duplicates++;
      console.log(`↺ webhook ${id}: had it already, dropped`);
    } else {
      const event = JSON.parse(rawBody.toString("utf8")) as { type: string; data: { summary: string } };
      this.received.set(id, event.type);
      console.log(`⇐ webhook ${id}: ${event.type}: ${event.data.summary}`);
    }
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when done(this) holds, or after ms, whichever is first. */
  waitFor(done: (r: Receiver) => boolean, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const deadline = setTimeout(resolve, ms);
      const check = () => {
        if (done(this)) {
          clearTimeout(deadline);
          resolve();
        } else {
          this.waiters.push(check);
        }
      };
      check();
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
