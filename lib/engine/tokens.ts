import { createHmac, randomFillSync, timingSafeEqual } from "node:crypto";
import { ValidationException } from "./faults";

/**
 * Task tokens name their task directly (kind, execution row, scheduled event) plus a random
 * nonce stored with the task, so a lookup needs no token table, a used or stale token no longer
 * matches, and nobody can guess a live one.
 */
export interface TaskTokenParts {
  kind: "d" | "a";
  executionId: number;
  scheduledEventId: number;
  nonce: string;
}

// Random bytes are drawn from a pool refilled 4 KiB at a time: a call into the CSPRNG per nonce
// and per run id showed in the profile of a single client's loop. No byte is handed out twice.
const pool = Buffer.alloc(4096);
let used = pool.length;

/** `size` fresh random bytes (at most 4 KiB), encoded. */
export function randomText(size: number, encoding: "base64" | "base64url"): string {
  if (used + size > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += size;
  return pool.toString(encoding, used - size, used);
}

export const newNonce = () => randomText(18, "base64url");

export function encodeTaskToken(p: TaskTokenParts): string {
  return Buffer.from(`${p.kind}:${p.executionId}:${p.scheduledEventId}:${p.nonce}`).toString(
    "base64url",
  );
}

export function decodeTaskToken(token: string, kind: TaskTokenParts["kind"]): TaskTokenParts {
  const parts = Buffer.from(token, "base64url").toString("utf8").split(":");
  const [k, exec, scheduled, nonce] = parts;
  if (
    parts.length !== 4 ||
    k !== kind ||
    !/^\d+$/.test(exec) ||
    !/^\d+$/.test(scheduled) ||
    !nonce
  ) {
    throw ValidationException("Invalid token");
  }
  return { kind, executionId: Number(exec), scheduledEventId: Number(scheduled), nonce };
}

const PAGE_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * Page tokens carry the position of the next page and a fingerprint of the query they belong to,
 * signed so that a forged or altered token is refused rather than silently misread.
 */
export class PageTokens {
  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number,
  ) {}

  encode(scope: string, position: unknown): string {
    const body = Buffer.from(JSON.stringify({ s: scope, p: position, t: this.now() })).toString(
      "base64url",
    );
    return `${body}.${this.sign(body)}`;
  }

  decode<T>(scope: string, token: string): T {
    const [body, mac] = token.split(".");
    const expected = body ? this.sign(body) : "";
    if (
      !body ||
      !mac ||
      mac.length !== expected.length ||
      !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))
    ) {
      throw ValidationException("Invalid nextPageToken");
    }
    const { s, p, t } = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as {
      s: string;
      p: T;
      t: number;
    };
    if (s !== scope)
      throw ValidationException(
        "nextPageToken does not belong to this request: repeat the other arguments unchanged",
      );
    if (this.now() - t > PAGE_TOKEN_LIFETIME_MS)
      throw ValidationException("Specified token has exceeded its maximum lifetime");
    return p;
  }

  private sign(body: string): string {
    return createHmac("sha256", this.secret).update(body).digest("base64url").slice(0, 22);
  }
}
