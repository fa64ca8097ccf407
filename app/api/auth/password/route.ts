import { NextResponse } from "next/server";
import { z } from "zod";
import { recordAudit } from "@/lib/console/audit";
import { sessionTtlMs } from "@/lib/console/config";
import { consoleDb } from "@/lib/console/db";
import { clientIp, guard, jsonError, readJson, sessionCookieOptions } from "@/lib/console/http";
import { SESSION_COOKIE, createSession, revokeUserSessions } from "@/lib/console/sessions";
import { UserError, authenticateLocal, updateUser } from "@/lib/console/users";

export const dynamic = "force-dynamic";

const Body = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().max(1024),
});

/** Changes the signed-in local user's own password; other sessions of the user end. */
export async function POST(request: Request) {
  const user = guard(request, { role: "viewer", mutating: true, action: "User.ChangePassword" });
  if (user instanceof Response) return user;
  const parsed = Body.safeParse(await readJson(request, 10_000));
  if (!parsed.success)
    return jsonError(400, "ValidationError", "currentPassword and newPassword are required");
  const db = consoleDb();
  if (user.source !== "local")
    return jsonError(400, "ValidationError", "Your password is managed by your identity provider");
  const ok = await authenticateLocal(db, user.username, parsed.data.currentPassword);
  const audit = (outcome: "ok" | "fault", fault?: string, message?: string) =>
    recordAudit(db, {
      username: user.username,
      role: user.role,
      action: "User.ChangePassword",
      target: `user ${user.username}`,
      outcome,
      fault,
      message,
      ip: clientIp(request),
    });
  if (!ok) {
    audit("fault", "InvalidCredentials", "current password is wrong");
    return jsonError(400, "InvalidCredentials", "The current password is wrong");
  }
  try {
    await updateUser(db, user.username, { password: parsed.data.newPassword });
  } catch (e) {
    if (e instanceof UserError) {
      audit("fault", e.fault, e.message);
      return jsonError(400, e.fault, e.message);
    }
    throw e;
  }
  revokeUserSessions(db, user.userId);
  audit("ok");
  // This browser stays signed in with a fresh session.
  const session = createSession(db, user.userId, sessionTtlMs(), {
    userAgent: request.headers.get("user-agent"),
    ip: clientIp(request),
  });
  const response = NextResponse.json({ ok: true });
  response.cookies.set(
    SESSION_COOKIE,
    session.token,
    sessionCookieOptions(request, session.expiresAt),
  );
  return response;
}
