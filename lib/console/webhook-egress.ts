/**
 * Where inbox webhooks may be sent. An admin chooses a webhook's URL, but the console sends it
 * from its own place in the network: without a check, a URL naming `127.0.0.1`, a private
 * network or the cloud metadata address (`169.254.169.254`) would have the console POST to
 * services that only trust their neighbours. So a delivery goes only to public addresses, unless
 * the operator lists the internal ones it may reach in `CONSOLE_WEBHOOK_ALLOW`.
 *
 * The check happens on saving (a literal internal address, or `localhost`, is refused with a form
 * error) and again on every delivery: the host name is resolved, every address it resolves to is
 * checked, and the connection goes to those checked addresses only — a name whose DNS answer
 * changes between the check and the connection (DNS rebinding) cannot swap an internal address
 * in. Redirects are never followed.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { addRange, familyOf } from "./address-ranges";
import type { Env } from "./config";

export const ALLOW_SETTING = "CONSOLE_WEBHOOK_ALLOW";

/**
 * Internal address ranges, each with the word a refusal names it by. The names in `KEYWORDS` may
 * also be written in `CONSOLE_WEBHOOK_ALLOW` to allow their ranges at once.
 */
const INTERNAL: readonly [cidr: string, kind: string][] = [
  ["0.0.0.0/8", "this network"],
  ["10.0.0.0/8", "private"],
  ["100.64.0.0/10", "carrier-grade NAT"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local, where cloud metadata lives"],
  ["172.16.0.0/12", "private"],
  ["192.0.0.0/24", "IETF protocol assignments"],
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "benchmarking"],
  ["224.0.0.0/4", "multicast"],
  ["240.0.0.0/4", "reserved"],
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["fc00::/7", "unique-local"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "site-local"],
  ["ff00::/8", "multicast"],
  ["2001::/32", "Teredo tunnel"],
  ["64:ff9b:1::/48", "local-use NAT64"],
];

/** Words `CONSOLE_WEBHOOK_ALLOW` takes for whole kinds of internal range. */
const KEYWORDS: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
  "unique-local": ["fc00::/7"],
  "link-local": ["169.254.0.0/16", "fe80::/10"],
};

const RANGES = INTERNAL.map(([cidr, kind]) => {
  const list = new BlockList();
  addRange(list, cidr);
  return { list, kind };
});

/** The 8 16-bit groups of an IPv6 address (a dotted IPv4 tail included). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, "");
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const part = (s: string | undefined) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const front = part(head);
  const back = part(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/**
 * The IPv4 address an IPv6 one carries and is delivered to: IPv4-mapped (`::ffff:a.b.c.d`),
 * IPv4-compatible (`::a.b.c.d`), IPv4-translated (`::ffff:0:a.b.c.d`), NAT64
 * (`64:ff9b::a.b.c.d`) and 6to4 (`2002:aabb:ccdd::`). `[::ffff:127.0.0.1]` reaches loopback as surely as `127.0.0.1` does.
 */
function embeddedIpv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && g[5] === 0xffff) return v4(g[6], g[7]);
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return v4(g[6], g[7]); // IPv4-translated
  if (zero(0, 6) && (g[6] !== 0 || g[7] > 1)) return v4(g[6], g[7]);
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return v4(g[6], g[7]);
  if (g[0] === 0x2002) return v4(g[1], g[2]);
  return undefined;
}

/** What kind of internal address `address` is, or undefined for a public one. */
export function internalKind(address: string): string | undefined {
  const family = familyOf(address);
  const plain = address.replace(/%.*$/, ""); // a zone (`fe80::1%eth0`) names an interface, not an address
  for (const { list, kind } of RANGES) if (list.check(plain, family)) return kind;
  if (family === "ipv6") {
    const inner = embeddedIpv4(address);
    if (inner) {
      const kind = internalKind(inner);
      return kind && `${kind}, as IPv4 inside IPv6`;
    }
  }
  return undefined;
}

/** `CONSOLE_WEBHOOK_ALLOW`, read: the host names and address ranges webhooks may reach although internal. */
export interface WebhookAllow {
  hosts: ReadonlySet<string>;
  ranges: BlockList;
  /** Entries that are none of those (reported at start; left out, so nothing more is allowed). */
  problems: string[];
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*$/;

/** A host name as URLs and the allowlist compare it: lower case, no trailing dot, no brackets. */
const bareHost = (host: string) =>
  host
    .toLowerCase()
    .replace(/\.$/, "")
    .replace(/^\[(.*)\]$/, "$1");

/**
 * Parses `CONSOLE_WEBHOOK_ALLOW`: comma- or space-separated host names (`hooks.internal`,
 * `localhost`), addresses (`10.1.2.3`, `::1`), CIDR ranges (`10.0.0.0/8`) and the words
 * `loopback`, `private`, `unique-local` and `link-local`. Unset or empty: nothing internal.
 */
export function webhookAllow(env: Env = process.env): WebhookAllow {
  const hosts = new Set<string>();
  const ranges = new BlockList();
  const problems: string[] = [];
  for (const raw of (env[ALLOW_SETTING] ?? "").split(/[\s,]+/)) {
    const entry = raw.trim();
    if (!entry) continue;
    const word = KEYWORDS[entry.toLowerCase()];
    if (word) {
      for (const cidr of word) addRange(ranges, cidr);
      continue;
    }
    const [address, bits, extra] = entry.split("/");
    if (isIP(bareHost(address))) {
      const max = isIP(bareHost(address)) === 6 ? 128 : 32;
      if (
        extra !== undefined ||
        (bits !== undefined && !/^\d{1,3}$/.test(bits)) ||
        Number(bits) > max
      )
        problems.push(`"${entry}": the prefix length must be a number from 0 to ${max}`);
      else
        try {
          addRange(ranges, bits === undefined ? bareHost(address) : `${bareHost(address)}/${bits}`);
        } catch {
          problems.push(`"${entry}" is not an address Node can compare (a zone, perhaps)`);
        }
      continue;
    }
    const host = bareHost(entry);
    if (HOST_NAME.test(host)) hosts.add(host);
    else
      problems.push(
        `"${entry}" is neither a host name, an address, a CIDR range nor one of ${Object.keys(KEYWORDS).join(", ")}`,
      );
  }
  return { hosts, ranges, problems };
}

/** Start-up's report of a mistyped setting, or undefined when it reads cleanly. */
export function webhookAllowProblem(env: Env = process.env): string | undefined {
  const { problems } = webhookAllow(env);
  return problems.length
    ? `${ALLOW_SETTING}: ${problems.join("; ")}; those entries allow nothing`
    : undefined;
}

function allowed(allow: WebhookAllow, host: string, address: string): boolean {
  if (allow.hosts.has(host)) return true;
  if (allow.ranges.check(address.replace(/%.*$/, ""), familyOf(address))) return true;
  const inner = familyOf(address) === "ipv6" ? embeddedIpv4(address) : undefined;
  return inner !== undefined && allow.ranges.check(inner, "ipv4");
}

/** Why `host` (resolved to `address`) may not be sent to, or undefined when it may. */
function refusal(allow: WebhookAllow, host: string, address: string): string | undefined {
  const kind = internalKind(address);
  if (!kind || allowed(allow, host, address)) return undefined;
  const what = host === address ? address : `${host} resolves to ${address}, which`;
  return `${what} is an internal address (${kind}): webhooks reach internal addresses only when ${ALLOW_SETTING} lists them`;
}

/**
 * The save-time check, without DNS (a name's addresses are checked on every delivery): a URL
 * whose host is a literal internal address, or `localhost`, that the setting does not allow.
 */
export function internalHostProblem(url: URL, env: Env = process.env): string | undefined {
  const host = bareHost(url.hostname);
  const allow = webhookAllow(env);
  if (isIP(host)) return refusal(allow, host, host);
  // Either loopback address may answer for it, as the resolver on the console's host decides.
  if (host === "localhost" || host.endsWith(".localhost"))
    return refusal(allow, host, "127.0.0.1") ?? refusal(allow, host, "::1");
  return undefined;
}

/** A delivery refused before any connection was made; its message says why and what allows it. */
export class EgressRefused extends Error {}

/** Resolves `host` and returns its addresses when every one of them may be reached. */
async function checkedAddresses(
  allow: WebhookAllow,
  host: string,
  signal: AbortSignal,
): Promise<LookupAddress[]> {
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    dnsLookup(host, { all: true, verbatim: true }, (error, found) => {
      signal.removeEventListener("abort", onAbort);
      if (error) reject(error);
      else resolve(found);
    });
  });
  for (const { address } of addresses) {
    const problem = refusal(allow, host, address);
    if (problem) throw new EgressRefused(problem);
  }
  return addresses;
}

/**
 * A `lookup` for the connection that answers only with addresses already checked, in the shapes
 * Node asks for (one address, or all of them when it tries several families in turn).
 */
export function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = addresses.filter((a) => !options.family || a.family === options.family);
    const cb = callback as (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void;
    if (!wanted.length) {
      const error: NodeJS.ErrnoException = new Error("no checked address of that family");
      error.code = "ENOTFOUND";
      cb(error, "", 0);
    } else if (options.all) cb(null, wanted);
    else cb(null, wanted[0].address, wanted[0].family);
  };
}

export interface WebhookAnswer {
  status: number;
  /** The start of the answer's body, for the hook's last error (read for a refusal only). */
  text: string;
}

/**
 * POSTs `body` as JSON to `url` when every address its host resolves to may be reached, over a
 * connection to those addresses only (TLS still verifies the certificate against the URL's host
 * name). Throws `EgressRefused` without connecting otherwise. A redirect is answered as it came
 * (its status), never followed: its target was not checked.
 */
export async function postWebhook(
  url: string,
  body: string,
  options: { timeoutMs: number; env?: Env },
): Promise<WebhookAnswer> {
  const u = new URL(url);
  const host = bareHost(u.hostname);
  const allow = webhookAllow(options.env ?? process.env);
  const signal = AbortSignal.timeout(options.timeoutMs);
  // A literal address is connected to as it is (Node does no lookup for it): check it alone.
  let addresses: LookupAddress[];
  if (isIP(host)) {
    const problem = refusal(allow, host, host);
    if (problem) throw new EgressRefused(problem);
    addresses = [{ address: host, family: isIP(host) }];
  } else addresses = await checkedAddresses(allow, host, signal);
  const send = u.protocol === "https:" ? https.request : http.request;
  return await new Promise<WebhookAnswer>((resolve, reject) => {
    const request = send(
      {
        protocol: u.protocol,
        hostname: host,
        port: u.port || undefined,
        path: `${u.pathname}${u.search}`,
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
        },
        lookup: pinnedLookup(addresses),
        // A connection of its own: a pooled socket would have been opened under another check.
        agent: false,
        signal,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        // A 2xx delivers, whatever its body then does: waiting for the body would count a
        // receiver that answers and stalls as a failure, and send it the message again.
        if (status >= 200 && status < 300) {
          response.resume();
          return resolve({ status, text: "" });
        }
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          if (text.length < 200) text += chunk;
        });
        response.on("end", () => resolve({ status, text }));
        response.on("error", reject);
        response.on("close", () => {
          if (!response.complete)
            reject(signal.aborted ? signal.reason : new Error("answer cut off"));
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}
