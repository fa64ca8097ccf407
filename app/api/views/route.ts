import { NextResponse } from "next/server";
import { z } from "zod";
import { recordAudit } from "@/lib/console/audit";
import { consoleDb } from "@/lib/console/db";
import { clientIp, guard, jsonError, readJson } from "@/lib/console/http";
import { deleteView, savedViews, saveView } from "@/lib/console/saved-views";

export const dynamic = "force-dynamic";

const Body = z.strictObject({
  domain: z.string().min(1).max(256),
  name: z.string().trim().min(1, "give the view a name").max(100),
  query: z.string().max(4000),
});

/** The domain's saved views of the executions list: `?domain=`. */
export async function GET(request: Request) {
  const user = guard(request, { role: "viewer", mutating: false, action: "View.Read" });
  if (user instanceof Response) return user;
  const domain = new URL(request.url).searchParams.get("domain");
  if (!domain) return jsonError(400, "ValidationError", "domain is required");
  return NextResponse.json(
    { views: savedViews(consoleDb(), domain) },
    { headers: { "cache-control": "no-store" } },
  );
}

/** Saves (or replaces, by name) a view; every signed-in user may. Audited. */
export async function POST(request: Request) {
  const body = await readJson(request);
  const user = guard(request, { role: "viewer", mutating: true, action: "View.Save" });
  if (user instanceof Response) return user;
  const parsed = Body.safeParse(body);
  if (!parsed.success)
    return jsonError(
      400,
      "ValidationError",
      parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
  const db = consoleDb();
  const view = saveView(db, { ...parsed.data, username: user.username });
  recordAudit(db, {
    username: user.username,
    role: user.role,
    action: "View.Save",
    target: `${view.domain} / ${view.name}`,
    domain: view.domain,
    parameters: parsed.data,
    outcome: "ok",
    ip: clientIp(request),
  });
  return NextResponse.json({ view });
}

/** Deletes a view: `?id=`. Its author or an admin. Audited. */
export async function DELETE(request: Request) {
  const user = guard(request, { role: "viewer", mutating: true, action: "View.Delete" });
  if (user instanceof Response) return user;
  const id = Number(new URL(request.url).searchParams.get("id"));
  if (!Number.isInteger(id) || id <= 0) return jsonError(400, "ValidationError", "id is required");
  const db = consoleDb();
  const existing = db.prepare("SELECT created_by FROM saved_views WHERE id = ?").get(id) as
    { created_by: string } | undefined;
  if (!existing) return jsonError(404, "NotFound", `No saved view ${id}`);
  if (existing.created_by !== user.username && user.role !== "admin")
    return jsonError(403, "AccessDenied", "Only its author or an admin may delete a saved view");
  const view = deleteView(db, id)!;
  recordAudit(db, {
    username: user.username,
    role: user.role,
    action: "View.Delete",
    target: `${view.domain} / ${view.name}`,
    domain: view.domain,
    outcome: "ok",
    ip: clientIp(request),
  });
  return NextResponse.json({ deleted: id });
}
