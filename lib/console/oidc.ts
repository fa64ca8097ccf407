/**
 * Optional OpenID Connect sign-in (authorization code flow with PKCE, state and nonce) through
 * `openid-client`, configured by the environment:
 *
 *   OIDC_ISSUER          issuer URL (enables OIDC)            OIDC_CLIENT_ID      client id (required)
 *   OIDC_CLIENT_SECRET   confidential clients (else public)   OIDC_REDIRECT_URI   …/api/auth/oidc/callback (required)
 *   OIDC_SCOPES          default "openid profile email"
 *   OIDC_ROLE_CLAIM      claim holding roles/groups, dotted paths allowed (default "roles")
 *   OIDC_ROLE_MAP        "idp-group=admin,other=operator"; without it claim values equal to a role name count
 *   OIDC_DEFAULT_ROLE    role when no claim value maps (default viewer; "none" refuses such users)
 *   OIDC_USERNAME_CLAIM  default preferred_username, falling back to a verified email, then sub
 *
 * A user is identified by the issuer and the `sub` claim, never by a name or an email the identity
 * provider may let people change; the name above only labels a user at their first sign-in.
 *   OIDC_LABEL           text of the sign-in button (default "Sign in with SSO")
 */
import type { Env } from "./config";
import * as client from "openid-client";
import { LOGIN_TTL_MS, openPendingLogin, sealPendingLogin } from "./oidc-state";
import { highestRole, isRole, type Role } from "./roles";

export interface OidcConfig {
  issuer: URL;
  clientId: string;
  clientSecret?: string;
  redirectUri: URL;
  scopes: string;
  roleClaim: string;
  roleMap: Map<string, Role> | null;
  defaultRole: Role | null;
  usernameClaim: string;
  label: string;
}

export class OidcConfigError extends Error {}

/** `undefined` when OIDC is not configured; throws OidcConfigError when it is, but wrongly. */
export function parseOidcConfig(env: Env = process.env): OidcConfig | undefined {
  const issuerText = env.OIDC_ISSUER?.trim();
  if (!issuerText) return undefined;
  const url = (name: string, value: string | undefined) => {
    if (!value?.trim()) throw new OidcConfigError(`${name} is required when OIDC_ISSUER is set`);
    let u: URL;
    try {
      u = new URL(value.trim());
    } catch {
      throw new OidcConfigError(`${name} is not a URL: ${value}`);
    }
    if (u.protocol !== "https:" && u.protocol !== "http:")
      throw new OidcConfigError(`${name} must be http(s)`);
    return u;
  };
  const issuer = url("OIDC_ISSUER", issuerText);
  const redirectUri = url("OIDC_REDIRECT_URI", env.OIDC_REDIRECT_URI);
  const clientId = env.OIDC_CLIENT_ID?.trim();
  if (!clientId) throw new OidcConfigError("OIDC_CLIENT_ID is required when OIDC_ISSUER is set");

  let roleMap: Map<string, Role> | null = null;
  if (env.OIDC_ROLE_MAP?.trim()) {
    roleMap = new Map();
    for (const pair of env.OIDC_ROLE_MAP.split(",")) {
      if (!pair.trim()) continue;
      const at = pair.lastIndexOf("=");
      const value = pair.slice(0, at).trim();
      const role = pair.slice(at + 1).trim();
      if (at <= 0 || !value || !isRole(role)) {
        throw new OidcConfigError(
          `OIDC_ROLE_MAP entry "${pair.trim()}" must be claimValue=viewer|approver|operator|admin`,
        );
      }
      roleMap.set(value, role);
    }
  }
  const defaultText = (env.OIDC_DEFAULT_ROLE ?? "viewer").trim();
  let defaultRole: Role | null;
  if (defaultText === "none") defaultRole = null;
  else if (isRole(defaultText)) defaultRole = defaultText;
  else
    throw new OidcConfigError(
      `OIDC_DEFAULT_ROLE must be viewer, approver, operator, admin or none`,
    );

  return {
    issuer,
    clientId,
    clientSecret: env.OIDC_CLIENT_SECRET?.trim() || undefined,
    redirectUri,
    scopes: env.OIDC_SCOPES?.trim() || "openid profile email",
    roleClaim: env.OIDC_ROLE_CLAIM?.trim() || "roles",
    roleMap,
    defaultRole,
    usernameClaim: env.OIDC_USERNAME_CLAIM?.trim() || "preferred_username",
    label: env.OIDC_LABEL?.trim() || "Sign in with SSO",
  };
}

/** A claim by dotted path (`realm_access.roles`); a claim literally named with dots wins. */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (path in claims) return claims[path];
  let cur: unknown = claims;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Claim values: an array of strings, a single string, or a space/comma separated string. */
function claimValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** The console role for an identity's claims: the highest that any value maps to, else the default. */
export function roleFromClaims(
  claims: Record<string, unknown>,
  config: Pick<OidcConfig, "roleClaim" | "roleMap" | "defaultRole">,
): Role | null {
  const values = claimValues(claimAt(claims, config.roleClaim));
  const roles = values
    .map((v) => (config.roleMap ? config.roleMap.get(v) : isRole(v) ? v : undefined))
    .filter((r): r is Role => r !== undefined);
  return highestRole(roles) ?? config.defaultRole;
}

/** An email claim counts only when the provider says it verified it (`email_verified: true`). */
function verifiedEmail(claims: Record<string, unknown>): string | undefined {
  const verified = claims.email_verified === true || claims.email_verified === "true";
  return verified && typeof claims.email === "string" ? claims.email : undefined;
}

export function usernameFromClaims(
  claims: Record<string, unknown>,
  config: Pick<OidcConfig, "usernameClaim">,
): string | undefined {
  for (const key of [config.usernameClaim, "preferred_username", "email", "sub"]) {
    const v = key === "email" ? verifiedEmail(claims) : claimAt(claims, key);
    if (typeof v === "string" && v.trim()) return v.trim().slice(0, 256);
  }
  return undefined;
}

const DISCOVERY = Symbol.for("swf-console.oidc-discovery");
type Holder = { [DISCOVERY]?: { key: string; config: Promise<client.Configuration> } };

/** Discovers the issuer once per process (retried after a failure). */
export function oidcClient(config: OidcConfig): Promise<client.Configuration> {
  const g = globalThis as Holder;
  const key = `${config.issuer.href}|${config.clientId}`;
  if (g[DISCOVERY]?.key === key) return g[DISCOVERY].config;
  const auth = config.clientSecret ? client.ClientSecretBasic(config.clientSecret) : client.None();
  const promise = client.discovery(
    config.issuer,
    config.clientId,
    config.clientSecret ? { client_secret: config.clientSecret } : {},
    auth,
    config.issuer.protocol === "http:" ? { execute: [client.allowInsecureRequests] } : undefined,
  );
  g[DISCOVERY] = { key, config: promise };
  promise.catch(() => {
    if (g[DISCOVERY]?.config === promise) g[DISCOVERY] = undefined;
  });
  return promise;
}

/**
 * Step 1: the identity provider's URL for a new sign-in, and the sealed cookie value that
 * remembers its state, nonce and PKCE verifier in the browser (oidc-state.ts). Nothing is stored
 * on the server.
 */
export async function beginOidcLogin(
  key: Buffer,
  config: OidcConfig,
  returnTo: string,
  now = Date.now(),
): Promise<{ url: URL; state: string; cookie: string }> {
  const oidc = await oidcClient(config);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const cookie = sealPendingLogin(key, {
    state,
    nonce,
    codeVerifier,
    returnTo,
    expiresAt: now + LOGIN_TTL_MS,
  });
  const url = client.buildAuthorizationUrl(oidc, {
    redirect_uri: config.redirectUri.href,
    scope: config.scopes,
    response_type: "code",
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return { url, state, cookie };
}

export class OidcLoginError extends Error {}

/**
 * Step 2 (callback): the browser must present the sealed cookie it was given at step 1, unchanged
 * and unexpired, and the IdP's answer must carry the state it holds; then the code is exchanged
 * with the PKCE verifier and the ID token checked (signature, issuer, audience, nonce) by
 * openid-client.
 */
export async function finishOidcLogin(
  key: Buffer,
  config: OidcConfig,
  callbackQuery: URLSearchParams,
  stateCookie: string | undefined,
  now = Date.now(),
): Promise<{ username: string; role: Role; returnTo: string; issuer: string; subject: string }> {
  const state = callbackQuery.get("state") ?? "";
  // Missing, altered, sealed under another key or for another sign-in: one answer for all.
  const login = openPendingLogin(key, stateCookie);
  if (!state || !login || login.state !== state)
    throw new OidcLoginError("the sign-in state does not match; start again");
  if (now > login.expiresAt) throw new OidcLoginError("the sign-in attempt expired; start again");
  if (callbackQuery.get("error")) {
    throw new OidcLoginError(
      `the identity provider refused: ${callbackQuery.get("error_description") ?? callbackQuery.get("error")}`,
    );
  }
  const oidc = await oidcClient(config);
  // The URL the IdP redirected to, rebuilt from the configured redirect URI (the server may sit behind a proxy).
  const currentUrl = new URL(config.redirectUri.href);
  currentUrl.search = callbackQuery.toString();
  const tokens = await client.authorizationCodeGrant(oidc, currentUrl, {
    pkceCodeVerifier: login.codeVerifier,
    expectedState: state,
    expectedNonce: login.nonce,
    idTokenExpected: true,
  });
  let claims: Record<string, unknown> = { ...(tokens.claims() ?? {}) };
  if (
    claimAt(claims, config.roleClaim) === undefined &&
    tokens.access_token &&
    typeof claims.sub === "string"
  ) {
    try {
      const info = await client.fetchUserInfo(oidc, tokens.access_token, claims.sub);
      claims = { ...info, ...claims };
    } catch {
      // No userinfo endpoint or no roles there: the default role applies.
    }
  }
  // openid-client has checked the ID token's `iss` against the discovered issuer.
  const subject = typeof claims.sub === "string" ? claims.sub : "";
  const issuer = typeof claims.iss === "string" ? claims.iss : "";
  if (!subject || !issuer) throw new OidcLoginError("the identity provider sent no subject");
  const username = usernameFromClaims(claims, config);
  if (!username) throw new OidcLoginError("the identity provider sent no usable user name");
  const role = roleFromClaims(claims, config);
  if (!role)
    throw new OidcLoginError(`${username} has no console role (claim ${config.roleClaim})`);
  return { username, role, returnTo: safeReturnTo(login.returnTo), issuer, subject };
}

/**
 * Where to go after signing in: only a path (and query) on this console. The value is resolved
 * the way a browser would resolve it against the console's own origin — browsers drop tabs and
 * newlines and read `\\` as `/`, so `/\t/evil.example` means `//evil.example` — and anything that
 * lands on another origin becomes `/`.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith("/")) return "/";
  const base = "http://console.invalid";
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return "/";
  }
  if (url.origin !== base) return "/";
  const path = `${url.pathname}${url.search}`;
  // The result must stay a same-origin path when a browser resolves it again.
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/";
}
