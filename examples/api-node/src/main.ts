// An exams officer's year against eops's JSON API, from Node.js: a host
// that is not written in Go (issue 22, item 6). It acts, through one host
// key, for two people of the demo centre: Nadia, the exams officer, and
// Liam, her line manager, who oversees her. It registers its own webhook
// endpoint, receives the webhooks at a loopback port, checks each one's
// Standard Webhooks signature, and drops the copies of one it already had.
//
// Run the demo, issue a key, and run this (README.md says it in full):
//
//   EOPS_API=http://127.0.0.1:8080/api/v1 EOPS_HOST_KEY=eops_hk_… node dist/main.mjs

import { randomUUID } from "node:crypto";
import createClient, { type Middleware } from "openapi-fetch";

import type { components, paths } from "./schema.js";
import { Receiver } from "./receiver.js";

type Problem = components["schemas"]["Problem"];
type Target = components["schemas"]["Target"];

const api = process.env.EOPS_API ?? "http://127.0.0.1:8080/api/v1";
const hostKey = process.env.EOPS_HOST_KEY ?? "";
const examsOfficer = process.env.EOPS_EO_EMAIL ?? "exams@riverside.example";
const overseer = process.env.EOPS_OVERSEER_EMAIL ?? "bursar@riverside.example";
const centreNumber = process.env.EOPS_CENTRE ?? "12345";
const waitMs = Number(process.env.EOPS_WEBHOOK_WAIT_MS ?? 30000);

if (!hostKey.startsWith("eops_hk_")) {
  console.error("set EOPS_HOST_KEY to a host key's secret (eops_hk_…): README.md says how to issue one");
  process.exit(2);
}

// Every POST carries an Idempotency-Key, new for each request: a retry of
// the same request with the same key would never act twice.
const idempotency: Middleware = {
  onRequest({ request }) {
    if (request.method === "POST") request.headers.set("Idempotency-Key", randomUUID());
    return request;
  },
};

// One typed client per person the host acts for: the key, and the person's
// verified address, on every call.
function clientFor(email: string) {
  const client = createClient<paths>({
    baseUrl: api,
    headers: { Authorization: `Bearer ${hostKey}`, "Eops-Person-Email": email },
  });
  client.use(idempotency);
  return client;
}
const nadia = clientFor(examsOfficer);
const liam = clientFor(overseer);

// must returns a call's data, or throws its problem details (RFC 9457).
async function must<T>(what: string, call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || data === undefined) {
    const p = error as Problem | undefined;
    const fields = p?.errors?.map((e) => `${e.field}: ${e.message}`).join("; ");
    throw new Error(`${what}: ${response.status} ${p?.code ?? ""} ${p?.detail ?? ""}${fields ? ` (${fields})` : ""}`);
  }
  console.log(`✓ ${what}`);
  return data;
}

// A UK day (YYYY-MM-DD) n days from today, kept inside the academic year.
function dayIn(n: number, yearEnd: string): string {
  const day = new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
  return day < yearEnd ? day : yearEnd;
}

async function main() {
  // Who is Nadia, and where is this year's record?
  const me = await must("Nadia is found by her address", nadia.GET("/me"));
  const reg = me.registrations.find((r) => r.centre.number === centreNumber && r.roles.includes("EO") && r.recordId !== "");
  if (!reg) throw new Error(`${examsOfficer} has no exams officer's record at centre ${centreNumber}`);
  const recordId = reg.recordId;
  const yearEnd = `${reg.year + 1}-08-31`;
  const path = { recordId };
  console.log(`  ${me.person.name}, exams officer at ${reg.centre.name} (${reg.centre.number}), ${reg.yearLabel}: record ${recordId}`);

  // The host's own webhook endpoint, for this centre, at a receiver on a
  // loopback port. The secret is in this answer only.
  const receiver = await Receiver.listen();
  const registered = await must(
    "a webhook endpoint registered through the key",
    nadia.POST("/webhooks", {
      body: { url: receiver.url, description: "Node example's receiver", centreNumbers: [reg.centre.number] },
    }),
  );
  receiver.secret = registered.secret;
  const endpointId = registered.endpoint.id;

  // A target of her own: proposed by her, agreed by Liam, progressed by
  // her, achieved by him.
  const proposed = await must(
    "Nadia proposes a target",
    nadia.POST("/records/{recordId}/targets", {
      params: { path },
      body: {
        area: "knowledge",
        title: "Learn the JCQ rules on access arrangements",
        successMeasure: "No access arrangement query left open at the summer series",
        due: dayIn(60, yearEnd),
      },
    }),
  );
  const mine = proposed.target.id;
  const target = { path: { recordId, targetId: mine } };
  await must("Liam agrees it", liam.POST("/records/{recordId}/targets/{targetId}/agree", { params: target }));
  await must(
    "Nadia starts on it",
    nadia.POST("/records/{recordId}/targets/{targetId}/progress", {
      params: target,
      body: { state: "in_progress", rating: "amber", comment: "Booklet read; the ICE next." },
    }),
  );
  await must(
    "Nadia marks it ready for review",
    nadia.POST("/records/{recordId}/targets/{targetId}/progress", {
      params: target,
      body: { state: "ready_for_review", rating: "green", comment: "Every arrangement for the mocks in place." },
    }),
  );

  // CPD, linked to the target.
  await must(
    "Nadia logs CPD",
    nadia.POST("/records/{recordId}/cpd", {
      params: { path },
      body: {
        kind: "webinar",
        title: "JCQ access arrangements update",
        date: dayIn(0, yearEnd),
        hours: 1.5,
        provider: "NAEO",
        verified: true,
        reflection: "The new form changes our January timeline.",
        targetIds: [mine],
      },
    }),
  );

  // Every target of the year achieved, as her overseer; one still
  // proposed is agreed first, by the side that did not propose it.
  const tracker = await must("Liam reads her tracker", liam.GET("/records/{recordId}", { params: { path } }));
  for (const t of tracker.targets as Target[]) {
    if (t.state === "achieved" || t.state === "withdrawn") continue;
    const params = { path: { recordId, targetId: t.id } };
    if (t.state === "proposed") {
      const agreer = t.proposedBy === "eo" ? liam : nadia;
      await must(`"${t.title}" agreed`, agreer.POST("/records/{recordId}/targets/{targetId}/agree", { params }));
    }
    await must(
      `Liam marks "${t.title}" achieved`,
      liam.POST("/records/{recordId}/targets/{targetId}/achieve", { params, body: { comment: "Seen in practice this term." } }),
    );
  }

  // The Values and Attributes statement: she signs, he countersigns.
  await must("Nadia signs the statement", nadia.POST("/records/{recordId}/statement/sign", { params: { path } }));
  await must("Liam countersigns it", liam.POST("/records/{recordId}/statement/countersign", { params: { path } }));

  // The final review: a meeting of the two of them, attendees named by
  // their registrations (the tracker's members).
  const him = await must("Liam is found by his address", liam.GET("/me"));
  const attendees = tracker.members
    .filter((m) => m.personId === me.person.id || m.personId === him.person.id)
    .map((m) => m.registrationId);
  await must(
    "Liam records the final review",
    liam.POST("/records/{recordId}/meetings", {
      params: { path },
      body: {
        kind: "final_review",
        date: dayIn(0, yearEnd),
        attendees,
        notes: "Every target met, the statement signed: ready to claim.",
      },
    }),
  );

  // The claim: the checklist first, with the three confirmations, then the
  // claim itself, which closes the record and issues the certificate.
  const confirmations = { knowledge: true, skills: true, values: true };
  const check = await must(
    "Liam checks the claim's conditions",
    liam.GET("/records/{recordId}/claim", { params: { path, query: confirmations } }),
  );
  if (!check.eligible) throw new Error(`not eligible yet: ${check.unmet.map((u) => `${u.code}: ${u.message}`).join("; ")}`);
  const claimed = await must(
    "Liam claims the certificate",
    liam.POST("/records/{recordId}/claim", { params: { path }, body: confirmations }),
  );
  const cert = await must(
    "Nadia reads her certificate",
    nadia.GET("/certificates/{certificateId}", { params: { path: { certificateId: claimed.id } } }),
  );
  console.log(
    `  certificate ${cert.serial} for ${cert.holderName}, issued ${cert.issuedAt.slice(0, 10)}, verification code ${cert.verificationCode}`,
  );

  // The webhooks of all that: wait for the certificate's, then ask for the
  // first again (a redelivery carries the same webhook-id, which the
  // receiver drops).
  await receiver.waitFor((r) => [...r.received.values()].includes("certificate.issued"), waitMs);
  const deliveries = await must(
    "the endpoint's deliveries",
    nadia.GET("/webhooks/{endpointId}/deliveries", { params: { path: { endpointId } } }),
  );
  const first = deliveries.items.find((d) => d.state === "delivered");
  if (first) {
    await must(
      `redelivery of ${first.eventId} asked for`,
      nadia.POST("/webhooks/{endpointId}/deliveries/{deliveryId}/redeliver", {
        params: { path: { endpointId, deliveryId: first.id } },
      }),
    );
    await receiver.waitFor((r) => r.duplicates >= 1, waitMs);
  }
  await receiver.close();

  console.log(`webhooks: ${receiver.received.size} received and verified, ${receiver.duplicates} duplicate(s) dropped, ${receiver.rejected} rejected`);
  for (const [id, type] of receiver.received) console.log(`  ${type} ${id}`);
  if (receiver.received.size === 0 || receiver.rejected > 0) throw new Error("no verified webhooks, or some failed their signature");
  console.log("the year is done: certificate claimed, webhooks verified");
}

main().catch((err: unknown) => {
  console.error(`failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
