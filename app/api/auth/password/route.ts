import { NextResponse } from "next/server";
import { z } from "zod";
import { setSessionCookie } from "@/lib/console/http";
import { route } from "@/lib/console/route";
import { changeOwnPassword } from "@/lib/console/sign-in";

export const dynamic = "force-dynamic";

const Body = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().max(1024),
});

/** Changes the signed-in local user's own password; other sessions of the user end. */
export const POST = route({
  role: "viewer",
  action: "User.ChangePassword",
  body: Body,
  bodyLimit: 10_000,
  invalidBody: "currentPassword and newPassword are required",
  audit: {
    target: ({ user }) => ({ target: `user ${user.username}` }),
    parameters: () => undefined,
  },
  handle: async ({ db, user, body, ip, request }) => {
    const session = await changeOwnPassword(db, user, body, {
      ip,
      userAgent: request.headers.get("user-agent"),
    });
    // This browser stays signed in with a fresh session.
    return setSessionCookie(
      NextResponse.json({ ok: true }),
      request,
      session.token,
      session.expiresAt,
    );
  },
});
