import { NextResponse } from "next/server";
import { z } from "zod";
import { recordAudit } from "@/lib/console/audit";
import { consoleDb } from "@/lib/console/db";
import { clientIp, decodeParam, guard, jsonError, readJson } from "@/lib/console/http";
import { ROLES, type Role } from "@/lib/console/roles";
import { revokeUserSessions } from "@/lib/console/sessions";
import { UserError, deleteUser, findUser, updateUser } from "@/lib/console/users";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ username: string }> };

const Patch = z.strictObject({
  role: z.enum(ROLES as [string, ...string[]]).optional(),
  password: z.string().max(1024).optional(),
  disabled: z.boolean().optional(),
  /** Ends every session of the user. */
  revokeSessions: z.literal(true).optional(),
});

const status = (e: UserError) =>
  e.fault === "UnknownUser" ? 404 : e.fault === "LastAdmin" ? 409 : 400;

/** Changes a user's role, password or enabled state; can sign them out everywhere (admin). */
export async function PATCH(request: Request, { params }: Params) {
  const user = guard(request, {
    role: "admin",
    mutating: true,
    action: "User.Update",
    what: "Changing users",
  });
  if (user instanceof Response) return user;
  const username = decodeParam((await params).username);
  const parsed = Patch.safeParse(await readJson(request, 10_000));
  if (!parsed.success) {
    return jsonError(
      400,
      "ValidationError",
      parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
  }
  const db = consoleDb();
  const { revokeSessions, ...patch } = parsed.data as {
    role?: Role;
    password?: string;
    disabled?: boolean;
    revokeSessions?: true;
  };
  const base = {
    username: user.username,
    role: user.role,
    action: "User.Update",
    target: `user ${username}`,
    parameters: {
      ...patch,
      ...(patch.password !== undefined ? { password: "[redacted]" } : {}),
      revokeSessions,
    },
    ip: clientIp(request),
  };
  try {
    const result = Object.keys(patch).length ? await updateUser(db, username, patch) : undefined;
    const target = result?.user ?? findUser(db, username);
    if (!target) throw new UserError("UnknownUser", `no user ${username}`);
    const revoked =
      result?.revokeSessions || revokeSessions ? revokeUserSessions(db, target.id) : 0;
    recordAudit(db, { ...base, outcome: "ok", result: { revokedSessions: revoked } });
    return NextResponse.json({ user: target, revokedSessions: revoked });
  } catch (e) {
    if (e instanceof UserError) {
      recordAudit(db, { ...base, outcome: "fault", fault: e.fault, message: e.message });
      return jsonError(status(e), e.fault, e.message);
    }
    throw e;
  }
}

export async function DELETE(request: Request, { params }: Params) {
  const user = guard(request, {
    role: "admin",
    mutating: true,
    action: "User.Delete",
    what: "Deleting users",
  });
  if (user instanceof Response) return user;
  const username = decodeParam((await params).username);
  const db = consoleDb();
  const base = {
    username: user.username,
    role: user.role,
    action: "User.Delete",
    target: `user ${username}`,
    ip: clientIp(request),
  };
  try {
    deleteUser(db, username);
    recordAudit(db, { ...base, outcome: "ok" });
    return NextResponse.json({ ok: true });
  } catch (e) {
    if (e instanceof UserError) {
      recordAudit(db, { ...base, outcome: "fault", fault: e.fault, message: e.message });
      return jsonError(status(e), e.fault, e.message);
    }
    throw e;
  }
}
