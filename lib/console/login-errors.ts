/**
 * What `/login?error=<code>` may say. The sign-in page shows only these fixed sentences: a link
 * someone else built cannot put words of their choosing on the console's sign-in page. The
 * details of a failure go to the audit log and the server log instead.
 */
export const LOGIN_ERRORS = {
  sso_unavailable:
    "The identity provider cannot be reached. Try again later, or sign in with a password.",
  sso_failed: "Single sign-on did not complete. Please start again.",
  sso_throttled: "Too many failed sign-ins from here. Wait a minute, then start again.",
  sso_not_configured: "Single sign-on is not configured on this console.",
  sso_no_role: "Your account has no role in this console. Ask an administrator for access.",
  sso_conflict: "This account cannot sign in through single sign-on. Ask an administrator.",
  account_disabled: "Your account is disabled. Ask an administrator.",
} as const;

export type LoginErrorCode = keyof typeof LOGIN_ERRORS;

/** The sentence for a known code; undefined for anything else. */
export function loginErrorMessage(code: unknown): string | undefined {
  return typeof code === "string" && Object.hasOwn(LOGIN_ERRORS, code)
    ? LOGIN_ERRORS[code as LoginErrorCode]
    : undefined;
}

/** `/login?error=<code>` on the console that `base` belongs to. */
export function loginErrorUrl(code: LoginErrorCode, base: string | URL): URL {
  return new URL(`/login?error=${code}`, base);
}
