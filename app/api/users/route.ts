import { NextResponse } from "next/server";
import { z } from "zod";
import { ROLES } from "@/lib/console/roles";
import { route } from "@/lib/console/route";
import { createUser, listUsersWithHolds } from "@/lib/console/users";

export const dynamic = "force-dynamic";

/** Users (admin), each with how many open inbox tasks they hold. */
export const GET = route({
  role: "admin",
  action: "User.List",
  what: "Listing users",
  handle: async ({ db }) => ({ users: await listUsersWithHolds(db) }),
});

const Create = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().max(1024),
  role: z.enum(ROLES),
});

/** Creates a local user: 201 `{user}`; 409 `UserExists`. */
export const POST = route({
  role: "admin",
  action: "User.Create",
  what: "Creating users",
  body: Create,
  bodyLimit: 10_000,
  audit: {
    target: ({ body }) => ({ target: `user ${(body as { username?: unknown })?.username}` }),
    parameters: ({ body }) => ({ username: body.username, role: body.role }),
  },
  handle: async ({ db, body }) =>
    NextResponse.json({ user: await createUser(db, body) }, { status: 201 }),
});
