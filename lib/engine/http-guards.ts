/**
 * Who may talk to the engine over HTTP, decided before any SWF work: which browser origins get
 * CORS headers, which Host names a loopback-bound engine answers (DNS rebinding: a hostile page
 * whose own name resolves to 127.0.0.1 sends its own name as Host), and whether an address is
 * safe to listen on without credentials. Pure functions; server.ts applies them.
 */
import { isIP } from "node:net";

export interface HttpGuards {
  /** Browser origins allowed to call the engine (exact `scheme://host[:port]`); none by default. */
  corsOrigins: readonly string[];
  /** Extra Host names (without port) a loopback-bound engine accepts besides loopback ones. */
  allowHosts: readonly string[];
  /** Whether the engine listens on a loopback address only (then Host headers are checked). */
  loopbackOnly: boolean;
}

/** `127.x.x.x`, `::1`, `localhost` (and `*.localhost`, which resolvers keep on this machine). */
export function isLoopbackName(name: string): boolean {
  const host = name.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  if (isIP(host) === 6) return host === "::1" || /^::ffff:127\./.test(host);
  return false;
}

/** The name in a Host header without its port: `[::1]:7070` → `::1`, `localhost:7070` → `localhost`. */
export function hostName(header: string): string | undefined {
  const value = header.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) return bracketed[1];
  const plain = /^([a-z0-9._-]+)(?::\d{1,5})?$/.exec(value);
  return plain ? plain[1] : undefined;
}

/** Whether a request's Host header may reach this engine. */
export function hostAllowed(header: string | undefined, guards: HttpGuards): boolean {
  if (!guards.loopbackOnly) return true;
  // HTTP/1.1 requires Host; a request without one cannot come from a browser page.
  if (header === undefined) return true;
  const name = hostName(header);
  if (name === undefined) return false;
  return isLoopbackName(name) || guards.allowHosts.some((h) => h.toLowerCase() === name);
}

/**
 * `hostAllowed` remembered per Host header value: a client sends the same one on every request,
 * and parsing it each time is measurable on the request path. At most `limit` values are kept,
 * since a hostile client can send any number of them.
 */
export function hostChecker(
  guards: HttpGuards,
  limit = 256,
): (header: string | undefined) => boolean {
  const verdicts = new Map<string | undefined, boolean>();
  return (header) => {
    let verdict = verdicts.get(header);
    if (verdict === undefined) {
      verdict = hostAllowed(header, guards);
      if (verdicts.size >= limit) verdicts.clear();
      verdicts.set(header, verdict);
    }
    return verdict;
  };
}

/** The origin to echo in Access-Control-Allow-Origin, or undefined (no CORS headers at all). */
export function corsOrigin(origin: string | undefined, guards: HttpGuards): string | undefined {
  if (origin === undefined) return undefined;
  return guards.corsOrigins.includes(origin) ? origin : undefined;
}

export const CORS_ALLOW_HEADERS =
  "authorization, content-type, x-amz-target, x-amz-date, x-amz-security-token, x-amz-user-agent, x-amz-content-sha256, amz-sdk-invocation-id, amz-sdk-request";

/**
 * How deep a request's JSON may nest. SWF's deepest request (a decision's attributes) is six
 * levels; everything a client chooses freely (inputs, details, results) travels as strings.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text nests arrays and objects deeper than `max`, found by one pass over the text
 * (no recursion, brackets inside strings ignored). A body within the size limit can nest hundreds
 * of thousands of levels, and whatever walks the parsed value recursively would run out of stack.
 */
export function nestedDeeperThan(text: string, max = MAX_JSON_DEPTH): boolean {
  if (text.length <= max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Refuses an address that other machines can reach unless requests are signed, or the operator
 * said `--insecure`: an open engine on a network lets anyone terminate runs and take tasks.
 */
export function listenRefusal(opts: {
  host: string;
  credentials: boolean;
  insecure: boolean;
}): string | undefined {
  if (isLoopbackName(opts.host) || opts.credentials || opts.insecure) return undefined;
  return `refusing to listen on ${opts.host} without --credentials: anyone who can reach it could drive every workflow. Pass --credentials FILE, or --insecure to accept that.`;
}
