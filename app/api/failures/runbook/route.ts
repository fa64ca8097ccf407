import { NextResponse } from "next/server";
import { z } from "zod";
import { recordAudit } from "@/lib/console/audit";
import { consoleDb } from "@/lib/console/db";
import { clientIp, guard, jsonError, readJson } from "@/lib/console/http";
import { MAX_RUNBOOK_CHARS, saveRunbook } from "@/lib/console/runbooks";

export const dynamic = "force-dynamic";

const Body = z.strictObject({
  domain: z.string().min(1).max(256),
  groupKey: z.string().min(1).max(4000),
  body: z.string().max(MAX_RUNBOOK_CHARS, `a note is at most ${MAX_RUNBOOK_CHARS} characters`),
});

/** Saves a failure group's runbook note (operators); an empty body removes it. Audited. */
export async function PUT(request: Request) {
  const body = await readJson(request);
  const user = guard(request, {
    role: "operator",
    mutating: true,
    action: "Runbook.Save",
    what: "edit runbook notes",
  });
  if (user instanceof Response) return user;
  const parsed = Body.safeParse(body);
  if (!parsed.success)
    return jsonError(
      400,
      "ValidationError",
      parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
  const db = consoleDb();
  const note = saveRunbook(db, { ...parsed.data, username: user.username });
  recordAudit(db, {
    username: user.username,
    role: user.role,
    action: "Runbook.Save",
    target: `${parsed.data.domain} / ${parsed.data.groupKey}`,
    domain: parsed.data.domain,
    parameters: parsed.data,
    outcome: "ok",
    ip: clientIp(request),
  });
  return NextResponse.json({ runbook: note ?? null });
}
