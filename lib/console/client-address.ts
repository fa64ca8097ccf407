/**
 * Which address a request came from, for the login throttle and the audit log.
 *
 * Next.js does not hand route handlers the socket's address, and it keeps a client-sent
 * `X-Forwarded-For` as it is, so that header alone lets any client claim any address. At start-up
 * the console therefore stamps every incoming request with the socket's peer address in a header
 * of its own, signed with a per-process secret (a client cannot forge it, and an unstamped
 * request is simply "address unknown"). `X-Forwarded-For` is then believed only hop by hop from
 * the right, and only while the hop that added it is a trusted proxy (`CONSOLE_TRUSTED_PROXIES`).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import { BlockList, isIP } from "node:net";
import { addRange, familyOf } from "./address-ranges";
import type { Env } from "./config";

export const PEER_HEADER = "x-swf-console-peer";

const SECRET = Symbol.for("swf-console.peer-secret");
const STAMPED = Symbol.for("swf-console.peer-stamping");
type Holder = { [SECRET]?: Buffer; [STAMPED]?: boolean };

function secret(): Buffer {
  const g = globalThis as Holder;
  return (g[SECRET] ??= randomBytes(32));
}

const mac = (address: string) => createHmac("sha256", secret()).update(address).digest("base64url");

/** The header value that vouches for `address` (what the stamp writes; tests build requests with it). */
export function peerStamp(address: string): string {
  return `${address} ${mac(address)}`;
}

/** The vouched-for peer address, or undefined when the header is absent or forged. */
export function stampedPeer(request: Request): string | undefined {
  const value = request.headers.get(PEER_HEADER);
  if (!value) return undefined;
  const space = value.lastIndexOf(" ");
  const address = value.slice(0, space);
  const given = Buffer.from(value.slice(space + 1));
  const expected = Buffer.from(mac(address));
  return given.length === expected.length && timingSafeEqual(given, expected) ? address : undefined;
}

/**
 * Installs the stamp on every HTTP server of this process (once): the header is replaced before
 * Next.js sees the request, so a client-sent value never survives.
 */
export function stampPeerAddresses(): void {
  const g = globalThis as Holder;
  if (g[STAMPED]) return;
  g[STAMPED] = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      const address = normalize(req.socket?.remoteAddress);
      if (address) req.headers[PEER_HEADER] = peerStamp(address);
      else delete req.headers[PEER_HEADER];
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; undefined for anything that is not an IP address. */
function normalize(address: string | undefined | null): string | undefined {
  const a = address?.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
  return a && isIP(a) ? a : undefined;
}

/** `CONSOLE_TRUSTED_PROXIES`: addresses and CIDR ranges, comma or space separated. */
export function trustedProxies(env: Env = process.env): BlockList {
  const list = new BlockList();
  for (const entry of (env.CONSOLE_TRUSTED_PROXIES ?? "").split(/[\s,]+/)) {
    if (!entry) continue;
    if (!isIP(entry.split("/")[0]))
      throw new Error(`CONSOLE_TRUSTED_PROXIES: "${entry}" is not an address`);
    addRange(list, entry);
  }
  return list;
}

const isTrusted = (list: BlockList, address: string) => list.check(address, familyOf(address));

/**
 * The client's address: the stamped peer, or — when that peer is a trusted proxy — the rightmost
 * `X-Forwarded-For` entry not itself a trusted proxy. Null when unknown.
 */
export function clientAddress(request: Request, env: Env = process.env): string | null {
  const peer = stampedPeer(request);
  if (!peer) return null;
  let proxies: BlockList;
  try {
    proxies = trustedProxies(env);
  } catch {
    return peer;
  }
  if (!isTrusted(proxies, peer)) return peer;
  const hops = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => normalize(h))
    .filter((h): h is string => h !== undefined);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    client = hops[i];
    if (!isTrusted(proxies, client)) break;
  }
  return client;
}
