// Code generated from src/ by npm run build (esbuild); DO NOT EDIT.

// src/main.ts
import { randomUUID } from "node:crypto";

// node_modules/openapi-fetch/dist/index.mjs
var PATH_PARAM_RE = /\{[^{}]+\}/g;
var supportsRequestInitExt = () => {
  return typeof process === "object" && Number.parseInt(process?.versions?.node?.substring(0, 2)) >= 18 && process.versions.undici;
};
function randomID() {
  return Math.random().toString(36).slice(2, 11);
}
function createClient(clientOptions) {
  let {
    baseUrl = "",
    Request: CustomRequest = globalThis.Request,
    fetch: baseFetch = globalThis.fetch,
    querySerializer: globalQuerySerializer,
    bodySerializer: globalBodySerializer,
    pathSerializer: globalPathSerializer,
    headers: baseHeaders,
    requestInitExt = void 0,
    ...baseOptions
  } = { ...clientOptions };
  requestInitExt = supportsRequestInitExt() ? requestInitExt : void 0;
  baseUrl = removeTrailingSlash(baseUrl);
  const globalMiddlewares = [];
  async function coreFetch(schemaPath, fetchOptions) {
    const {
      baseUrl: localBaseUrl,
      fetch = baseFetch,
      Request = CustomRequest,
      headers,
      params = {},
      parseAs = "json",
      querySerializer: requestQuerySerializer,
      bodySerializer = globalBodySerializer ?? defaultBodySerializer,
      pathSerializer: requestPathSerializer,
      body,
      middleware: requestMiddlewares = [],
      ...init
    } = fetchOptions || {};
    let finalBaseUrl = baseUrl;
    if (localBaseUrl) {
      finalBaseUrl = removeTrailingSlash(localBaseUrl) ?? baseUrl;
    }
    let querySerializer = typeof globalQuerySerializer === "function" ? globalQuerySerializer : createQuerySerializer(globalQuerySerializer);
    if (requestQuerySerializer) {
      querySerializer = typeof requestQuerySerializer === "function" ? requestQuerySerializer : createQuerySerializer({
        ...typeof globalQuerySerializer === "object" ? globalQuerySerializer : {},
        ...requestQuerySerializer
      });
    }
    const pathSerializer = requestPathSerializer || globalPathSerializer || defaultPathSerializer;
    const serializedBody = body === void 0 ? void 0 : bodySerializer(
      body,
      // Note: we declare mergeHeaders() both here and below because it’s a bit of a chicken-or-egg situation:
      // bodySerializer() needs all headers so we aren’t dropping ones set by the user, however,
      // the result of this ALSO sets the lowest-priority content-type header. So we re-merge below,
      // setting the content-type at the very beginning to be overwritten.
      // Lastly, based on the way headers work, it’s not a simple “present-or-not” check becauase null intentionally un-sets headers.
      mergeHeaders(baseHeaders, headers, params.header)
    );
    const finalHeaders = mergeHeaders(
      // with no body, we should not to set Content-Type
      serializedBody === void 0 || // if serialized body is FormData; browser will correctly set Content-Type & boundary expression
      serializedBody instanceof FormData ? {} : {
        "Content-Type": "application/json"
      },
      baseHeaders,
      headers,
      params.header
    );
    const finalMiddlewares = [...globalMiddlewares, ...requestMiddlewares];
    const requestInit = {
      redirect: "follow",
      ...baseOptions,
      ...init,
      body: serializedBody,
      headers: finalHeaders
    };
    let id;
    let options;
    let request = new Request(
      createFinalURL(schemaPath, { baseUrl: finalBaseUrl, params, querySerializer, pathSerializer }),
      requestInit
    );
    let response;
    for (const key in init) {
      if (!(key in request)) {
        request[key] = init[key];
      }
    }
    if (finalMiddlewares.length) {
      id = randomID();
      options = Object.freeze({
        baseUrl: finalBaseUrl,
        fetch,
        parseAs,
        querySerializer,
        bodySerializer,
        pathSerializer
      });
      for (const m of finalMiddlewares) {
        if (m && typeof m === "object" && typeof m.onRequest === "function") {
          const result = await m.onRequest({
            request,
            schemaPath,
            params,
            options,
            id
          });
          if (result) {
            if (result instanceof Request) {
              request = result;
            } else if (result instanceof Response) {
              response = result;
              break;
            } else {
              throw new Error("onRequest: must return new Request() or Response() when modifying the request");
            }
          }
        }
      }
    }
    if (!response) {
      try {
        response = await fetch(request, requestInitExt);
      } catch (error2) {
        let errorAfterMiddleware = error2;
        if (finalMiddlewares.length) {
          for (let i = finalMiddlewares.length - 1; i >= 0; i--) {
            const m = finalMiddlewares[i];
            if (m && typeof m === "object" && typeof m.onError === "function") {
              const result = await m.onError({
                request,
                error: errorAfterMiddleware,
                schemaPath,
                params,
                options,
                id
              });
              if (result) {
                if (result instanceof Response) {
                  errorAfterMiddleware = void 0;
                  response = result;
                  break;
                }
                if (result instanceof Error) {
                  errorAfterMiddleware = result;
                  continue;
                }
                throw new Error("onError: must return new Response() or instance of Error");
              }
            }
          }
        }
        if (errorAfterMiddleware) {
          throw errorAfterMiddleware;
        }
      }
      if (finalMiddlewares.length) {
        for (let i = finalMiddlewares.length - 1; i >= 0; i--) {
          const m = finalMiddlewares[i];
          if (m && typeof m === "object" && typeof m.onResponse === "function") {
            const result = await m.onResponse({
              request,
              response,
              schemaPath,
              params,
              options,
              id
            });
            if (result) {
              if (!(result instanceof Response)) {
                throw new Error("onResponse: must return new Response() when modifying the response");
              }
              response = result;
            }
          }
        }
      }
    }
    const contentLength = response.headers.get("Content-Length");
    if (response.status === 204 || request.method === "HEAD" || contentLength === "0" && !response.headers.get("Transfer-Encoding")?.includes("chunked")) {
      return response.ok ? { data: void 0, response } : { error: void 0, response };
    }
    if (response.ok) {
      const getResponseData = async () => {
        if (parseAs === "stream") {
          return response.body;
        }
        if (parseAs === "json" && !contentLength) {
          const raw = await response.text();
          return raw ? JSON.parse(raw) : void 0;
        }
        return await response[parseAs]();
      };
      return { data: await getResponseData(), response };
    }
    let error = await response.text();
    try {
      error = JSON.parse(error);
    } catch {
    }
    return { error, response };
  }
  return {
    request(method, url, init) {
      return coreFetch(url, { ...init, method: method.toUpperCase() });
    },
    /** Call a GET endpoint */
    GET(url, init) {
      return coreFetch(url, { ...init, method: "GET" });
    },
    /** Call a PUT endpoint */
    PUT(url, init) {
      return coreFetch(url, { ...init, method: "PUT" });
    },
    /** Call a POST endpoint */
    POST(url, init) {
      return coreFetch(url, { ...init, method: "POST" });
    },
    /** Call a DELETE endpoint */
    DELETE(url, init) {
      return coreFetch(url, { ...init, method: "DELETE" });
    },
    /** Call a OPTIONS endpoint */
    OPTIONS(url, init) {
      return coreFetch(url, { ...init, method: "OPTIONS" });
    },
    /** Call a HEAD endpoint */
    HEAD(url, init) {
      return coreFetch(url, { ...init, method: "HEAD" });
    },
    /** Call a PATCH endpoint */
    PATCH(url, init) {
      return coreFetch(url, { ...init, method: "PATCH" });
    },
    /** Call a TRACE endpoint */
    TRACE(url, init) {
      return coreFetch(url, { ...init, method: "TRACE" });
    },
    /** Register middleware */
    use(...middleware) {
      for (const m of middleware) {
        if (!m) {
          continue;
        }
        if (typeof m !== "object" || !("onRequest" in m || "onResponse" in m || "onError" in m)) {
          throw new Error("Middleware must be an object with one of `onRequest()`, `onResponse() or `onError()`");
        }
        globalMiddlewares.push(m);
      }
    },
    /** Unregister middleware */
    eject(...middleware) {
      for (const m of middleware) {
        const i = globalMiddlewares.indexOf(m);
        if (i !== -1) {
          globalMiddlewares.splice(i, 1);
        }
      }
    }
  };
}
function serializePrimitiveParam(name, value, options) {
  if (value === void 0 || value === null) {
    return "";
  }
  if (typeof value === "object") {
    throw new Error(
      "Deeply-nested arrays/objects aren\u2019t supported. Provide your own `querySerializer()` to handle these."
    );
  }
  return `${name}=${options?.allowReserved === true ? value : encodeURIComponent(value)}`;
}
function serializeObjectParam(name, value, options) {
  if (!value || typeof value !== "object") {
    return "";
  }
  const values = [];
  const joiner = {
    simple: ",",
    label: ".",
    matrix: ";"
  }[options.style] || "&";
  if (options.style !== "deepObject" && options.explode === false) {
    for (const k in value) {
      values.push(k, options.allowReserved === true ? value[k] : encodeURIComponent(value[k]));
    }
    const final2 = values.join(",");
    switch (options.style) {
      case "form": {
        return `${name}=${final2}`;
      }
      case "label": {
        return `.${final2}`;
      }
      case "matrix": {
        return `;${name}=${final2}`;
      }
      default: {
        return final2;
      }
    }
  }
  for (const k in value) {
    const finalName = options.style === "deepObject" ? `${name}[${k}]` : k;
    values.push(serializePrimitiveParam(finalName, value[k], options));
  }
  const final = values.join(joiner);
  return options.style === "label" || options.style === "matrix" ? `${joiner}${final}` : final;
}
function serializeArrayParam(name, value, options) {
  if (!Array.isArray(value)) {
    return "";
  }
  if (options.explode === false) {
    const joiner2 = { form: ",", spaceDelimited: "%20", pipeDelimited: "|" }[options.style] || ",";
    const final = (options.allowReserved === true ? value : value.map((v) => encodeURIComponent(v))).join(joiner2);
    switch (options.style) {
      case "simple": {
        return final;
      }
      case "label": {
        return `.${final}`;
      }
      case "matrix": {
        return `;${name}=${final}`;
      }
      // case "spaceDelimited":
      // case "pipeDelimited":
      default: {
        return `${name}=${final}`;
      }
    }
  }
  const joiner = { simple: ",", label: ".", matrix: ";" }[options.style] || "&";
  const values = [];
  for (const v of value) {
    if (options.style === "simple" || options.style === "label") {
      values.push(options.allowReserved === true ? v : encodeURIComponent(v));
    } else {
      values.push(serializePrimitiveParam(name, v, options));
    }
  }
  return options.style === "label" || options.style === "matrix" ? `${joiner}${values.join(joiner)}` : values.join(joiner);
}
function createQuerySerializer(options) {
  return function querySerializer(queryParams) {
    const search = [];
    if (queryParams && typeof queryParams === "object") {
      for (const name in queryParams) {
        const value = queryParams[name];
        if (value === void 0 || value === null) {
          continue;
        }
        if (Array.isArray(value)) {
          if (value.length === 0) {
            continue;
          }
          search.push(
            serializeArrayParam(name, value, {
              style: "form",
              explode: true,
              ...options?.array,
              allowReserved: options?.allowReserved || false
            })
          );
          continue;
        }
        if (typeof value === "object") {
          search.push(
            serializeObjectParam(name, value, {
              style: "deepObject",
              explode: true,
              ...options?.object,
              allowReserved: options?.allowReserved || false
            })
          );
          continue;
        }
        search.push(serializePrimitiveParam(name, value, options));
      }
    }
    return search.join("&");
  };
}
function defaultPathSerializer(pathname, pathParams) {
  let nextURL = pathname;
  for (const match of pathname.match(PATH_PARAM_RE) ?? []) {
    let name = match.substring(1, match.length - 1);
    let explode = false;
    let style = "simple";
    if (name.endsWith("*")) {
      explode = true;
      name = name.substring(0, name.length - 1);
    }
    if (name.startsWith(".")) {
      style = "label";
      name = name.substring(1);
    } else if (name.startsWith(";")) {
      style = "matrix";
      name = name.substring(1);
    }
    if (!pathParams || pathParams[name] === void 0 || pathParams[name] === null) {
      continue;
    }
    const value = pathParams[name];
    if (Array.isArray(value)) {
      nextURL = nextURL.replace(match, serializeArrayParam(name, value, { style, explode }));
      continue;
    }
    if (typeof value === "object") {
      nextURL = nextURL.replace(match, serializeObjectParam(name, value, { style, explode }));
      continue;
    }
    if (style === "matrix") {
      nextURL = nextURL.replace(match, `;${serializePrimitiveParam(name, value)}`);
      continue;
    }
    nextURL = nextURL.replace(match, style === "label" ? `.${encodeURIComponent(value)}` : encodeURIComponent(value));
  }
  return nextURL;
}
function defaultBodySerializer(body, headers) {
  if (body instanceof FormData) {
    return body;
  }
  if (headers) {
    const contentType = headers.get instanceof Function ? headers.get("Content-Type") ?? headers.get("content-type") : headers["Content-Type"] ?? headers["content-type"];
    if (contentType === "application/x-www-form-urlencoded") {
      return new URLSearchParams(body).toString();
    }
  }
  return JSON.stringify(body);
}
function createFinalURL(pathname, options) {
  let finalURL = `${options.baseUrl}${pathname}`;
  if (options.params?.path) {
    finalURL = options.pathSerializer(finalURL, options.params.path);
  }
  let search = options.querySerializer(options.params.query ?? {});
  if (search.startsWith("?")) {
    search = search.substring(1);
  }
  if (search) {
    finalURL += `?${search}`;
  }
  return finalURL;
}
function mergeHeaders(...allHeaders) {
  const finalHeaders = new Headers();
  for (const h of allHeaders) {
    if (!h || typeof h !== "object") {
      continue;
    }
    const iterator = h instanceof Headers ? h.entries() : Object.entries(h);
    for (const [k, v] of iterator) {
      if (v === null) {
        finalHeaders.delete(k);
      } else if (Array.isArray(v)) {
        for (const v2 of v) {
          finalHeaders.append(k, v2);
        }
      } else if (v !== void 0) {
        finalHeaders.set(k, v);
      }
    }
  }
  return finalHeaders;
}
function removeTrailingSlash(url) {
  if (url.endsWith("/")) {
    return url.substring(0, url.length - 1);
  }
  return url;
}

// src/receiver.ts
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
function verify(secret, headers, rawBody) {
  const id = String(headers["webhook-id"] ?? "");
  const timestamp = String(headers["webhook-timestamp"] ?? "");
  const signatures = String(headers["webhook-signature"] ?? "");
  if (!id || !/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1e3 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const want = createHmac("sha256", key).update(`${id}.${timestamp}.`).update(rawBody).digest();
  return signatures.split(" ").some((sig) => {
    const [version, value] = sig.split(",");
    const got = Buffer.from(value ?? "", "base64");
    return version === "v1" && got.length === want.length && timingSafeEqual(got, want);
  });
}
var Receiver = class _Receiver {
  constructor(server) {
    this.server = server;
  }
  server;
  /** The endpoint's signing secret, once the registration has given it. */
  secret = "";
  /** The webhooks processed, by webhook-id: their event type. */
  received = /* @__PURE__ */ new Map();
  duplicates = 0;
  rejected = 0;
  waiters = [];
  /** Listens on 127.0.0.1, at a port the system chooses. */
  static listen() {
    return new Promise((resolve) => {
      const server = createServer();
      const receiver = new _Receiver(server);
      server.on("request", (req, res) => {
        const chunks = [];
        req.on("data", (c) => chunks.push(c));
        req.on("end", () => {
          receiver.take(req.headers, Buffer.concat(chunks));
          res.writeHead(req.method === "POST" ? 204 : 405).end();
        });
      });
      server.listen(0, "127.0.0.1", () => resolve(receiver));
    });
  }
  get url() {
    const { port } = this.server.address();
    return `http://127.0.0.1:${port}/webhooks`;
  }
  take(headers, rawBody) {
    const id = String(headers["webhook-id"] ?? "");
    if (!this.secret || !verify(this.secret, headers, rawBody)) {
      this.rejected++;
      console.log(`\u2717 webhook ${id || "without an id"}: bad signature, rejected`);
    } else if (this.received.has(id)) {
      this.duplicates++;
      console.log(`\u21BA webhook ${id}: had it already, dropped`);
    } else {
      const event = JSON.parse(rawBody.toString("utf8"));
      this.received.set(id, event.type);
      console.log(`\u21D0 webhook ${id}: ${event.type}: ${event.data.summary}`);
    }
    for (const w of this.waiters.splice(0)) w();
  }
  /** Resolves when done(this) holds, or after ms, whichever is first. */
  waitFor(done, ms) {
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
  close() {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
};

// src/main.ts
var api = process.env.EOPS_API ?? "http://127.0.0.1:8080/api/v1";
var hostKey = process.env.EOPS_HOST_KEY ?? "";
var examsOfficer = process.env.EOPS_EO_EMAIL ?? "exams@riverside.example";
var overseer = process.env.EOPS_OVERSEER_EMAIL ?? "bursar@riverside.example";
var centreNumber = process.env.EOPS_CENTRE ?? "12345";
var waitMs = Number(process.env.EOPS_WEBHOOK_WAIT_MS ?? 3e4);
if (!hostKey.startsWith("eops_hk_")) {
  console.error("set EOPS_HOST_KEY to a host key's secret (eops_hk_\u2026): README.md says how to issue one");
  process.exit(2);
}
var idempotency = {
  onRequest({ request }) {
    if (request.method === "POST") request.headers.set("Idempotency-Key", randomUUID());
    return request;
  }
};
function clientFor(email) {
  const client = createClient({
    baseUrl: api,
    headers: { Authorization: `Bearer ${hostKey}`, "Eops-Person-Email": email }
  });
  client.use(idempotency);
  return client;
}
var nadia = clientFor(examsOfficer);
var liam = clientFor(overseer);
async function must(what, call) {
  const { data, error, response } = await call;
  if (error !== void 0 || data === void 0) {
    const p = error;
    const fields = p?.errors?.map((e) => `${e.field}: ${e.message}`).join("; ");
    throw new Error(`${what}: ${response.status} ${p?.code ?? ""} ${p?.detail ?? ""}${fields ? ` (${fields})` : ""}`);
  }
  console.log(`\u2713 ${what}`);
  return data;
}
function dayIn(n, yearEnd) {
  const day = new Date(Date.now() + n * 864e5).toISOString().slice(0, 10);
  return day < yearEnd ? day : yearEnd;
}
async function main() {
  const me = await must("Nadia is found by her address", nadia.GET("/me"));
  const reg = me.registrations.find((r) => r.centre.number === centreNumber && r.roles.includes("EO") && r.recordId !== "");
  if (!reg) throw new Error(`${examsOfficer} has no exams officer's record at centre ${centreNumber}`);
  const recordId = reg.recordId;
  const yearEnd = `${reg.year + 1}-08-31`;
  const path = { recordId };
  console.log(`  ${me.person.name}, exams officer at ${reg.centre.name} (${reg.centre.number}), ${reg.yearLabel}: record ${recordId}`);
  const receiver = await Receiver.listen();
  const registered = await must(
    "a webhook endpoint registered through the key",
    nadia.POST("/webhooks", {
      body: { url: receiver.url, description: "Node example's receiver", centreNumbers: [reg.centre.number] }
    })
  );
  receiver.secret = registered.secret;
  const endpointId = registered.endpoint.id;
  const proposed = await must(
    "Nadia proposes a target",
    nadia.POST("/records/{recordId}/targets", {
      params: { path },
      body: {
        area: "knowledge",
        title: "Learn the JCQ rules on access arrangements",
        successMeasure: "No access arrangement query left open at the summer series",
        due: dayIn(60, yearEnd)
      }
    })
  );
  const mine = proposed.target.id;
  const target = { path: { recordId, targetId: mine } };
  await must("Liam agrees it", liam.POST("/records/{recordId}/targets/{targetId}/agree", { params: target }));
  await must(
    "Nadia starts on it",
    nadia.POST("/records/{recordId}/targets/{targetId}/progress", {
      params: target,
      body: { state: "in_progress", rating: "amber", comment: "Booklet read; the ICE next." }
    })
  );
  await must(
    "Nadia marks it ready for review",
    nadia.POST("/records/{recordId}/targets/{targetId}/progress", {
      params: target,
      body: { state: "ready_for_review", rating: "green", comment: "Every arrangement for the mocks in place." }
    })
  );
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
        targetIds: [mine]
      }
    })
  );
  const tracker = await must("Liam reads her tracker", liam.GET("/records/{recordId}", { params: { path } }));
  for (const t of tracker.targets) {
    if (t.state === "achieved" || t.state === "withdrawn") continue;
    const params = { path: { recordId, targetId: t.id } };
    if (t.state === "proposed") {
      const agreer = t.proposedBy === "eo" ? liam : nadia;
      await must(`"${t.title}" agreed`, agreer.POST("/records/{recordId}/targets/{targetId}/agree", { params }));
    }
    await must(
      `Liam marks "${t.title}" achieved`,
      liam.POST("/records/{recordId}/targets/{targetId}/achieve", { params, body: { comment: "Seen in practice this term." } })
    );
  }
  await must("Nadia signs the statement", nadia.POST("/records/{recordId}/statement/sign", { params: { path } }));
  await must("Liam countersigns it", liam.POST("/records/{recordId}/statement/countersign", { params: { path } }));
  const him = await must("Liam is found by his address", liam.GET("/me"));
  const attendees = tracker.members.filter((m) => m.personId === me.person.id || m.personId === him.person.id).map((m) => m.registrationId);
  await must(
    "Liam records the final review",
    liam.POST("/records/{recordId}/meetings", {
      params: { path },
      body: {
        kind: "final_review",
        date: dayIn(0, yearEnd),
        attendees,
        notes: "Every target met, the statement signed: ready to claim."
      }
    })
  );
  const confirmations = { knowledge: true, skills: true, values: true };
  const check = await must(
    "Liam checks the claim's conditions",
    liam.GET("/records/{recordId}/claim", { params: { path, query: confirmations } })
  );
  if (!check.eligible) throw new Error(`not eligible yet: ${check.unmet.map((u) => `${u.code}: ${u.message}`).join("; ")}`);
  const claimed = await must(
    "Liam claims the certificate",
    liam.POST("/records/{recordId}/claim", { params: { path }, body: confirmations })
  );
  const cert = await must(
    "Nadia reads her certificate",
    nadia.GET("/certificates/{certificateId}", { params: { path: { certificateId: claimed.id } } })
  );
  console.log(
    `  certificate ${cert.serial} for ${cert.holderName}, issued ${cert.issuedAt.slice(0, 10)}, verification code ${cert.verificationCode}`
  );
  await receiver.waitFor((r) => [...r.received.values()].includes("certificate.issued"), waitMs);
  const deliveries = await must(
    "the endpoint's deliveries",
    nadia.GET("/webhooks/{endpointId}/deliveries", { params: { path: { endpointId } } })
  );
  const first = deliveries.items.find((d) => d.state === "delivered");
  if (first) {
    await must(
      `redelivery of ${first.eventId} asked for`,
      nadia.POST("/webhooks/{endpointId}/deliveries/{deliveryId}/redeliver", {
        params: { path: { endpointId, deliveryId: first.id } }
      })
    );
    await receiver.waitFor((r) => r.duplicates >= 1, waitMs);
  }
  await receiver.close();
  console.log(`webhooks: ${receiver.received.size} received and verified, ${receiver.duplicates} duplicate(s) dropped, ${receiver.rejected} rejected`);
  for (const [id, type] of receiver.received) console.log(`  ${type} ${id}`);
  if (receiver.received.size === 0 || receiver.rejected > 0) throw new Error("no verified webhooks, or some failed their signature");
  console.log("the year is done: certificate claimed, webhooks verified");
}
main().catch((err) => {
  console.error(`failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
