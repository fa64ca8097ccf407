import { NextResponse } from "next/server";
import { recordAudit } from "@/lib/console/audit";
import { consoleDb } from "@/lib/console/db";
import {
  clientIp,
  cookieValue,
  crossOriginProblem,
  jsonError,
  requestUser,
} from "@/lib/console/http";
import { SESSION_COOKIE, revokeSession } from "@/lib/console/sessions";

export const dynamic = "force-dynamic";

/** Ends the session (server-side too) and clears the cookie. */
export async function POST(request: Request) {
  const problem = crossOriginProblem(request);
  if (problem) return jsonError(403, "CrossOriginRequest", problem);
  const token = cookieValue(request, SESSION_COOKIE);
  const user = requestUser(request);
  if (token) revokeSession(consoleDb(), token);
  if (user)
    recordAudit(consoleDb(), {
      username: user.username,
      role: user.role,
      action: "Logout",
      outcome: "ok",
      ip: clientIp(request),
    });
  const response = NextResponse.json({ ok: true });
  response.cookies.set(SESSION_COOKIE, "", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: 0,
  });
  return response;
}
