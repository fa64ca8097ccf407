/**
 * The OpenID Connect callback's work: the identity provider's answer → a console user (keyed on
 * issuer + subject) and a session, audited; failures → a fixed `/login?error=` code.
 */
import { recordAudit } from "./audit";
import type { Db } from "./db";
import type { LoginErrorCode } from "./login-errors";
import { consoleMetrics } from "./metrics";
import { OidcLoginError, finishOidcLogin, parseOidcConfig } from "./oidc";
import { loginStateKey } from "./oidc-state";
import { addressKey, loginLimiter } from "./rate-limit";
import { startSession, type ClientInfo } from "./sign-in";
import { UserError, upsertOidcUser } from "./users";

export type OidcCallbackResult =
  | { ok: true; returnTo: string; session: { token: string; expiresAt: number } }
  | { ok: false; code: LoginErrorCode };

export async function oidcCallback(
  db: Db,
  query: URLSearchParams,
  stateCookie: string | undefined,
  client: ClientInfo,
): Promise<OidcCallbackResult> {
  // Failed callbacks count against the client's address like failed passwords: each costs an audit
  // row and, past the state check, a call to the identity provider, and anyone can send one.
  const attempt = loginLimiter().begin(client.ip ? [addressKey(client.ip)] : []);
  if (attempt.retryAfterMs > 0) {
    consoleMetrics().loginsRefused.inc({ reason: "throttled" });
    return { ok: false, code: "sso_throttled" };
  }
  let result: OidcCallbackResult | undefined;
  try {
    return (result = await finishCallback(db, query, stateCookie, client));
  } finally {
    attempt.settle(result?.ok === true);
  }
}

async function finishCallback(
  db: Db,
  query: URLSearchParams,
  stateCookie: string | undefined,
  client: ClientInfo,
): Promise<OidcCallbackResult> {
  const fail = async (code: LoginErrorCode, message: string): Promise<OidcCallbackResult> => {
    consoleMetrics().loginsRefused.inc({ reason: "oidc" });
    await recordAudit(db, {
      username: "(oidc)",
      action: "Login",
      outcome: "denied",
      fault: "OidcLoginFailed",
      message,
      ip: client.ip,
    });
    return { ok: false, code };
  };
  let config;
  try {
    config = parseOidcConfig();
  } catch (e) {
    return fail("sso_not_configured", (e as Error).message);
  }
  if (!config) return fail("sso_not_configured", "OpenID Connect sign-in is not configured");
  try {
    const identity = await finishOidcLogin(loginStateKey(db), config, query, stateCookie);
    const user = await upsertOidcUser(db, identity);
    if (user.disabled) return fail("account_disabled", `${user.username} is disabled`);
    const session = await startSession(db, user, client, {
      via: "oidc",
      issuer: identity.issuer,
      subject: identity.subject,
    });
    return { ok: true, returnTo: identity.returnTo, session };
  } catch (e) {
    const message = (e as Error).message;
    if (e instanceof UserError) return fail("sso_conflict", message);
    if (e instanceof OidcLoginError && /no console role/.test(message))
      return fail("sso_no_role", message);
    return fail("sso_failed", message);
  }
}
