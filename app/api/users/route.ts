import { NextResponse } from "next/server";
import { z } from "zod";
import { recordAudit } from "@/lib/console/audit";
import { consoleDb } from "@/lib/console/db";
import { clientIp, guard, jsonError, readJson } from "@/lib/console/http";
import { ROLES } from "@/lib/console/roles";
import { UserError, createUser, listUsers } from "@/lib/console/users";

export const dynamic = "force-dynamic";

/** Users (admin). */
export async function GET(request: Request) {
  const user = guard(request, {
    role: "admin",
    mutating: false,
    action: "User.List",
    what: "Listing users",
  });
  if (user instanceof Response) return user;
  return NextResponse.json(
    { users: listUsers(consoleDb()) },
    { headers: { "cache-control": "no-store" } },
  );
}

const Create = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().max(1024),
  role: z.enum(ROLES as [string, ...string[]]),
});

export async function POST(request: Request) {
  const user = guard(request, {
    role: "admin",
    mutating: true,
    action: "User.Create",
    what: "Creating users",
  });
  if (user instanceof Response) return user;
  const parsed = Create.safeParse(await readJson(request, 10_000));
  if (!parsed.success) {
    return jsonError(
      400,
      "ValidationError",
      parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
  }
  const db = consoleDb();
  const input = parsed.data as { username: string; password: string; role: (typeof ROLES)[number] };
  const base = {
    username: user.username,
    role: user.role,
    action: "User.Create",
    target: `user ${input.username}`,
    parameters: { username: input.username, role: input.role },
    ip: clientIp(request),
  };
  try {
    const created = await createUser(db, input);
    recordAudit(db, { ...base, outcome: "ok" });
    return NextResponse.json({ user: created }, { status: 201 });
  } catch (e) {
    if (e instanceof UserError) {
      recordAudit(db, { ...base, outcome: "fault", fault: e.fault, message: e.message });
      return jsonError(e.fault === "UserExists" ? 409 : 400, e.fault, e.message);
    }
    throw e;
  }
}
