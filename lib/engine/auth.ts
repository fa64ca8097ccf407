/**
 * Optional strict SigV4 mode. By default the engine accepts any signature;
 * with configured key pairs every request must be signed by one of them. The signature is
 * recomputed with the SDK's own signer (`@smithy/signature-v4`) over the request as received and
 * compared with the one the client sent. Beyond the signature itself: the Host and X-Amz-Target
 * headers must be signed (otherwise a signed request could be sent to another action or
 * endpoint), the credential scope must name service `swf` and the engine's region, and a
 * signature is served once (replay cache).
 */
import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { SignatureV4 } from "@smithy/signature-v4";
import { SwfFault } from "./faults";
import { ReplayCache } from "./replay-cache";

const CORAL_SERVICE_NS = "com.amazon.coral.service";
const MAX_SKEW_MS = 15 * 60 * 1000;
/** Headers every signature must cover. */
const REQUIRED_SIGNED_HEADERS = ["host", "x-amz-target"];

const authFault = (name: string, status: number) => (message: string) =>
  new SwfFault(name, message, CORAL_SERVICE_NS, status);

export const MissingAuthenticationTokenException = authFault(
  "MissingAuthenticationTokenException",
  403,
);
export const IncompleteSignatureException = authFault("IncompleteSignatureException", 400);
export const UnrecognizedClientException = authFault("UnrecognizedClientException", 403);
export const InvalidSignatureException = authFault("InvalidSignatureException", 403);

/**
 * A key pair of the strict mode. `deny` lists SWF actions (`DeprecateDomain`) and decision types
 * (`RecordMarker`) this key may not use: the engine's stand-in for IAM policies, answered with
 * OperationNotPermittedFault and the OPERATION_NOT_PERMITTED decision failure cause.
 */
export interface KeyConfig {
  secret: string;
  deny?: string[];
}

export type CredentialsConfig = Record<string, string | KeyConfig>;

/** Who sent a request (strict mode only) and what it may not do. */
export interface Caller {
  accessKeyId: string;
  deny: ReadonlySet<string>;
}

/**
 * Reads key pairs: a JSON object `{"AKID": "SECRET"}` or `{"AKID": {"secret": "…", "deny": […]}}`,
 * a JSON list of `{accessKeyId, secretAccessKey, deny?}`, or lines `AKID:SECRET` (blank lines and
 * `#` comments ignored).
 */
export function parseCredentials(text: string): CredentialsConfig {
  const trimmed = text.trim();
  const out: CredentialsConfig = {};
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    const parsed = JSON.parse(trimmed) as unknown;
    const entries: [unknown, unknown, unknown][] = Array.isArray(parsed)
      ? parsed.map((p: { accessKeyId?: unknown; secretAccessKey?: unknown; deny?: unknown }) => [
          p?.accessKeyId,
          p?.secretAccessKey,
          p?.deny,
        ])
      : Object.entries(parsed as Record<string, unknown>).map(([id, v]) =>
          v !== null && typeof v === "object"
            ? [id, (v as { secret?: unknown }).secret, (v as { deny?: unknown }).deny]
            : [id, v, undefined],
        );
    for (const [id, secret, deny] of entries) {
      if (typeof id !== "string" || typeof secret !== "string" || !id || !secret) {
        throw new Error("credentials: every entry needs a non-empty access key id and secret");
      }
      if (
        deny !== undefined &&
        !(Array.isArray(deny) && deny.every((d) => typeof d === "string"))
      ) {
        throw new Error(`credentials: "deny" of ${id} must be a list of action or decision names`);
      }
      out[id] = deny ? { secret, deny } : secret;
    }
  } else {
    for (const [n, raw] of text.split(/\r?\n/).entries()) {
      const line = raw.trim();
      if (!line || line.startsWith("#")) continue;
      const at = line.indexOf(":");
      if (at <= 0 || at === line.length - 1)
        throw new Error(`credentials line ${n + 1}: expected AKID:SECRET`);
      out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
  }
  if (Object.keys(out).length === 0) throw new Error("credentials: no key pairs found");
  return out;
}

export function readCredentialsFile(path: string): CredentialsConfig {
  return parseCredentials(readFileSync(path, "utf8"));
}

/** node:crypto behind the hash interface the signer expects (SHA-256, or HMAC-SHA-256 with a key). */
class Sha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined
      ? createHash("sha256")
      : createHmac("sha256", bytes(this.secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/;

/** `20260101T120000Z` → epoch ms, or undefined. */
function parseAmzDate(value: string | undefined): number | undefined {
  const m = value ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

const amzDate = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface StrictMode {
  keys: ReadonlyMap<string, KeyConfig>;
  /** The region credential scopes must name. */
  region: string;
  replays: ReplayCache;
}

export function strictMode(keys: ReadonlyMap<string, KeyConfig>, region: string): StrictMode {
  return { keys, region, replays: new ReplayCache(MAX_SKEW_MS) };
}

/**
 * Throws the fault AWS answers with unless the request carries a current signature, never seen
 * before, by one of the configured keys (access key id → key). `now` is the wall clock (epoch ms).
 */
export async function verifySignature(
  req: ReceivedRequest,
  mode: StrictMode,
  now: number,
): Promise<Caller> {
  const { keys } = mode;
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v.join(",") : v;
  };
  const authorization = header("authorization");
  if (!authorization) throw MissingAuthenticationTokenException("Missing Authentication Token");
  const m = AUTH_PATTERN.exec(authorization.trim());
  if (!m) {
    throw IncompleteSignatureException(
      `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters (AWS4-HMAC-SHA256). Authorization=${authorization.split(" ")[0]}`,
    );
  }
  const [, accessKeyId, scopeDay, region, service, signedHeaderList, signature] = m;
  const signedHeaders = signedHeaderList.split(";");
  for (const required of REQUIRED_SIGNED_HEADERS) {
    if (!signedHeaders.includes(required)) {
      throw IncompleteSignatureException(
        `'${required === "host" ? "Host" : "X-Amz-Target"}' must be a 'SignedHeader' in the AWS Authorization.`,
      );
    }
  }
  if (service !== "swf") {
    throw InvalidSignatureException(`Credential should be scoped to correct service: 'swf'.`);
  }
  if (region !== mode.region) {
    throw InvalidSignatureException(
      `Credential should be scoped to a valid region, not '${region}'. Should be '${mode.region}'.`,
    );
  }
  const key = keys.get(accessKeyId);
  const secretAccessKey = key?.secret;
  if (key === undefined || secretAccessKey === undefined) {
    throw UnrecognizedClientException("The security token included in the request is invalid.");
  }

  const dateHeader = header("x-amz-date");
  const signedAt = parseAmzDate(dateHeader);
  if (signedAt === undefined) {
    throw IncompleteSignatureException(
      "Authorization header requires existence of a valid 'X-Amz-Date' header.",
    );
  }
  if (now - signedAt > MAX_SKEW_MS) {
    throw InvalidSignatureException(
      `Signature expired: ${dateHeader} is now earlier than ${amzDate(now - MAX_SKEW_MS)} (${amzDate(now)} - 15 min.)`,
    );
  }
  if (signedAt - now > MAX_SKEW_MS) {
    throw InvalidSignatureException(
      `Signature not yet current: ${dateHeader} is still later than ${amzDate(now + MAX_SKEW_MS)} (${amzDate(now)} + 15 min.)`,
    );
  }
  if (!dateHeader!.startsWith(scopeDay)) {
    throw InvalidSignatureException(
      `Credential should be scoped to a valid date, not ${scopeDay}.`,
    );
  }

  // A payload hash header, if the client sent one, must describe the body we actually got.
  const declaredHash = header("x-amz-content-sha256");
  const bodyHash = createHash("sha256").update(req.body, "utf8").digest("hex");
  if (
    declaredHash !== undefined &&
    declaredHash !== "UNSIGNED-PAYLOAD" &&
    declaredHash !== bodyHash
  ) {
    throw InvalidSignatureException(
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }

  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = header(name);
    if (value !== undefined) headers[name] = value;
  }
  const url = URL.canParse(req.url, "http://localhost")
    ? new URL(req.url, "http://localhost")
    : undefined;
  if (!url) throw InvalidSignatureException(`The request path cannot be signed: ${req.url}`);
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey },
    region,
    service,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: req.method,
      protocol: "http:",
      hostname: (headers.host ?? "localhost").replace(/:\d+$/, ""),
      path: url.pathname,
      query,
      headers,
      body: req.body,
    },
    {
      signingDate: new Date(signedAt),
      signingRegion: region,
      signingService: service,
      signableHeaders: new Set(signedHeaders),
    },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? "";
  const sameHeaders =
    /SignedHeaders=([^,]+)/.exec(String(signed.headers.authorization))?.[1] === signedHeaderList;
  if (
    !sameHeaders ||
    expected.length !== signature.length ||
    !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
  ) {
    throw InvalidSignatureException(
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
  }
  // Only a valid signature is remembered: nobody can block a request by sending its signature first
  // without having seen it.
  const seen = mode.replays.admit(signature, signedAt, now);
  if (seen === "replay") {
    throw InvalidSignatureException("Signature already used: a request is served once.");
  }
  if (seen === "unverifiable") {
    throw InvalidSignatureException(
      `Signature expired: ${dateHeader} is too old to be checked against replays; sign the request again.`,
    );
  }
  return { accessKeyId, deny: new Set(key.deny ?? []) };
}
