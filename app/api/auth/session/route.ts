import { NextResponse } from "next/server";
import { jsonError, requestUser } from "@/lib/console/http";
import { capabilitiesOf } from "@/lib/console/roles";

export const dynamic = "force-dynamic";

/** The signed-in user, their role and what the UI may offer them. 401 when signed out. */
export async function GET(request: Request) {
  const user = requestUser(request);
  if (!user) return jsonError(401, "Unauthenticated", "Sign in to use the console");
  return NextResponse.json(
    {
      user: { username: user.username, role: user.role, source: user.source },
      can: capabilitiesOf(user.role),
      expiresAt: user.expiresAt,
    },
    { headers: { "cache-control": "no-store" } },
  );
}
