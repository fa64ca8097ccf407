/**
 * What an OpenID Connect sign-in must remember between `/api/auth/oidc/login` and the identity
 * provider's redirect to the callback — the `state`, the `nonce`, the PKCE verifier and where to
 * return — kept in the browser rather than in the database, so that starting a sign-in (which
 * anyone may do, without a session) writes nothing on the server.
 *
 * The browser holds it in a short-lived HttpOnly cookie, sealed (AES-256-GCM, sealing.ts) under a
 * key derived from the console's task-token key (inbox-token.ts): the client can neither read the
 * verifier nor change or forge any of it, and every console process sharing a database opens what
 * another sealed. The sealed value carries its own expiry, which the callback checks; the callback
 * clears the cookie, so a browser presents it once.
 */
import type { Db } from "./db";
import { isHttps } from "./http";
import { tokenKey } from "./inbox-token";
import { openSealed, sealText, subkey } from "./sealing";

export const OIDC_STATE_COOKIE = "swf_console_oidc_state";

/** How long a started sign-in stays good: the person signs in at the identity provider meanwhile. */
export const LOGIN_TTL_MS = 10 * 60_000;

/** Longer return paths are dropped (to `/`): the cookie must stay well under browsers' 4 KB. */
const MAX_RETURN_TO = 1_024;

export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** Epoch milliseconds after which the callback refuses it. */
  expiresAt: number;
}

/** The key sign-in state is sealed under, separate from the task tokens' own. */
export function loginStateKey(db: Db): Buffer {
  return subkey(tokenKey(db), "oidc-login-state");
}

export function sealPendingLogin(key: Buffer, login: PendingLogin): string {
  const returnTo = login.returnTo.length > MAX_RETURN_TO ? "/" : login.returnTo;
  return sealText(
    key,
    JSON.stringify({
      s: login.state,
      n: login.nonce,
      v: login.codeVerifier,
      r: returnTo,
      e: login.expiresAt,
    }),
  );
}

/** The sign-in a cookie holds; undefined when there is none or it is not one this console sealed. */
export function openPendingLogin(
  key: Buffer,
  sealed: string | undefined,
): PendingLogin | undefined {
  if (!sealed) return undefined;
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(openSealed(key, sealed)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const text = (x: unknown) => typeof x === "string" && x.length > 0;
  if (!v || !text(v.s) || !text(v.n) || !text(v.v) || !text(v.r) || typeof v.e !== "number")
    return undefined;
  return {
    state: v.s as string,
    nonce: v.n as string,
    codeVerifier: v.v as string,
    returnTo: v.r as string,
    expiresAt: v.e,
  };
}

/**
 * The cookie's attributes: HttpOnly; SameSite=Lax, so that the identity provider's top-level
 * redirect back carries it; Secure over https; sent only to the sign-in routes.
 */
export function loginStateCookie(request: Request, maxAgeSeconds: number) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: isHttps(request),
    path: "/api/auth/oidc",
    maxAge: maxAgeSeconds,
  };
}
