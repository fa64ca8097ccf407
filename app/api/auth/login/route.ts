import { NextResponse } from "next/server";
import { z } from "zod";
import { recordAudit } from "@/lib/console/audit";
import { sessionTtlMs } from "@/lib/console/config";
import { consoleDb } from "@/lib/console/db";
import {
  clientIp,
  crossOriginProblem,
  jsonError,
  readJson,
  sessionCookieOptions,
} from "@/lib/console/http";
import { loginLimiter } from "@/lib/console/rate-limit";
import { capabilitiesOf } from "@/lib/console/roles";
import { SESSION_COOKIE, createSession } from "@/lib/console/sessions";
import { authenticateLocal, recordLogin } from "@/lib/console/users";

export const dynamic = "force-dynamic";

const Body = z.strictObject({
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(1024),
});

/** Local sign-in: user name and password → session cookie. */
export async function POST(request: Request) {
  const problem = crossOriginProblem(request);
  if (problem) return jsonError(403, "CrossOriginRequest", problem);
  const parsed = Body.safeParse(await readJson(request, 10_000));
  if (!parsed.success)
    return jsonError(400, "ValidationError", "User name and password are required");
  const { username, password } = parsed.data;
  const ip = clientIp(request);
  const keys = [`user:${username.toLowerCase()}`, ...(ip ? [`ip:${ip}`] : [])];
  const limiter = loginLimiter();
  const wait = limiter.retryAfter(keys);
  if (wait > 0) {
    return jsonError(
      429,
      "TooManyAttempts",
      `Too many failed sign-ins; try again in ${Math.ceil(wait / 1000)} s`,
    );
  }
  const db = consoleDb();
  const user = await authenticateLocal(db, username, password);
  if (!user) {
    limiter.fail(keys);
    recordAudit(db, {
      username,
      action: "Login",
      outcome: "denied",
      fault: "InvalidCredentials",
      ip,
    });
    return jsonError(401, "InvalidCredentials", "Wrong user name or password");
  }
  limiter.succeed(keys);
  const session = createSession(db, user.id, sessionTtlMs(), {
    userAgent: request.headers.get("user-agent"),
    ip,
  });
  recordLogin(db, user.id);
  recordAudit(db, { username: user.username, role: user.role, action: "Login", outcome: "ok", ip });
  const response = NextResponse.json({
    user: { username: user.username, role: user.role, source: user.source },
    can: capabilitiesOf(user.role),
    expiresAt: session.expiresAt,
  });
  response.cookies.set(
    SESSION_COOKIE,
    session.token,
    sessionCookieOptions(request, session.expiresAt),
  );
  response.headers.set("cache-control", "no-store");
  return response;
}
