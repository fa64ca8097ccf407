import { NextResponse } from "next/server";
import { z } from "zod";
import { sessionToken, setSessionCookie } from "@/lib/console/http";
import { capabilitiesOf } from "@/lib/console/roles";
import { route } from "@/lib/console/route";
import { passwordSignIn } from "@/lib/console/sign-in";

export const dynamic = "force-dynamic";

const Body = z.strictObject({
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(1024),
});

/** Local sign-in: user name and password → session cookie (throttled, audited). */
export const POST = route({
  role: "public",
  action: "Login",
  mutating: true,
  body: Body,
  bodyLimit: 10_000,
  invalidBody: "User name and password are required",
  handle: async ({ db, body, ip, request }) => {
    const { user, session } = await passwordSignIn(db, body, {
      ip,
      userAgent: request.headers.get("user-agent"),
      previousToken: sessionToken(request),
    });
    const response = NextResponse.json({
      user: { username: user.username, role: user.role, source: user.source },
      can: capabilitiesOf(user.role),
      expiresAt: session.expiresAt,
    });
    return setSessionCookie(response, request, session.token, session.expiresAt);
  },
});
