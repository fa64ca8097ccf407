import { NextResponse } from "next/server";
import { recordAudit } from "@/lib/console/audit";
import { clearSessionCookie, requestUser, sessionToken } from "@/lib/console/http";
import { route } from "@/lib/console/route";
import { revokeSession } from "@/lib/console/sessions";

export const dynamic = "force-dynamic";

/** Ends the session (server-side too) and clears the cookie; works signed out as well. */
export const POST = route({
  role: "public",
  action: "Logout",
  mutating: true,
  handle: async ({ db, request, ip }) => {
    const token = sessionToken(request);
    const user = await requestUser(request);
    if (token) await revokeSession(db, token);
    if (user)
      await recordAudit(db, {
        username: user.username,
        role: user.role,
        action: "Logout",
        outcome: "ok",
        ip,
      });
    return clearSessionCookie(NextResponse.json({ ok: true }), request);
  },
});
