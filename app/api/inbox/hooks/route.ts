import { NextResponse } from "next/server";
import { z } from "zod";
import { recordAudit } from "@/lib/console/audit";
import { consoleDb } from "@/lib/console/db";
import { clientIp, guard, jsonError, readJson } from "@/lib/console/http";
import { hookUrlProblem, listHooks, setHook } from "@/lib/console/inbox-hooks";
import { issues } from "@/lib/console/inbox-http";
import { humanTaskListsSetting } from "@/lib/console/settings";

export const dynamic = "force-dynamic";

const HookBody = z.strictObject({
  domain: z.string().min(1).max(256),
  taskList: z.string().min(1).max(256),
  /** null removes the hook. */
  url: z
    .string()
    .trim()
    .max(2000)
    .nullable()
    .superRefine((url, ctx) => {
      const problem = url === null ? undefined : hookUrlProblem(url);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
});

/** The human task lists with their webhooks (admins). */
export async function GET(request: Request) {
  const user = guard(request, { role: "admin", mutating: false, action: "Inbox.Hooks.Read" });
  if (user instanceof Response) return user;
  const db = consoleDb();
  return NextResponse.json(
    { lists: humanTaskListsSetting(db).lists, hooks: listHooks(db) },
    { headers: { "cache-control": "no-store" } },
  );
}

/** Sets or removes the webhook of a human task list (admins): `{domain, taskList, url|null}`. */
export async function PUT(request: Request) {
  const user = guard(request, {
    role: "admin",
    mutating: true,
    action: "Inbox.Hook.Set",
    what: "Changing inbox notifications",
  });
  if (user instanceof Response) return user;
  const parsed = HookBody.safeParse(await readJson(request, 10_000));
  if (!parsed.success) return jsonError(400, "ValidationError", issues(parsed.error));
  const db = consoleDb();
  const { domain, taskList, url } = parsed.data;
  const origin = request.headers.get("origin") ?? new URL(request.url).origin;
  setHook(db, { domain, taskList, url: url || null, consoleUrl: origin }, user.username);
  recordAudit(db, {
    username: user.username,
    role: user.role,
    action: "Inbox.Hook.Set",
    target: `${domain}:${taskList}`,
    domain,
    parameters: { domain, taskList, url: url || null },
    outcome: "ok",
    ip: clientIp(request),
  });
  return NextResponse.json({ hooks: listHooks(db) });
}
