import { NextResponse } from "next/server";
import { recordAudit } from "@/lib/console/audit";
import { swfAuditTarget } from "@/lib/console/audit-target";
import { consoleDb } from "@/lib/console/db";
import { clientIp, guard, jsonError, readJson } from "@/lib/console/http";
import { ACTIONS, isAction } from "@/lib/swf/actions";
import { swfClient } from "@/lib/swf/client";
import { toSwfError } from "@/lib/swf/errors";

export const dynamic = "force-dynamic";

/**
 * The browser's only door to SWF: allow-listed action → session and role (and same-origin for
 * writes) → validated input → SDK → JSON. Every state-changing call is audited with its outcome.
 */
export async function POST(request: Request, { params }: { params: Promise<{ action: string }> }) {
  const { action } = await params;
  if (!isAction(action))
    return jsonError(404, "UnknownAction", `Action ${action} is not available`);
  const spec = ACTIONS[action];

  const body = await readJson(request);
  const user = guard(request, {
    role: spec.role,
    mutating: spec.mutating,
    action,
    auditDetails: () => {
      const input = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
      return { ...swfAuditTarget(action, input), parameters: body };
    },
  });
  if (user instanceof Response) return user;

  if (body === undefined) return jsonError(400, "ValidationError", "The request body must be JSON");
  const parsed = spec.input.safeParse(body);
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((i) => `${i.path.join(".") || "body"}: ${i.message}`)
      .join("; ");
    return jsonError(400, "ValidationError", message);
  }

  const audit = (
    outcome: "ok" | "fault",
    details: { fault?: string; message?: string; result?: Record<string, unknown> },
  ) => {
    if (!spec.mutating) return;
    const bulkId = request.headers.get("x-console-bulk-id");
    recordAudit(consoleDb(), {
      username: user.username,
      role: user.role,
      action,
      ...swfAuditTarget(action, parsed.data as Record<string, unknown>, details.result),
      parameters: parsed.data,
      outcome,
      fault: details.fault,
      message: details.message,
      result: details.result,
      ip: clientIp(request),
      bulkId: bulkId && /^[A-Za-z0-9_-]{1,64}$/.test(bulkId) ? bulkId : null,
    });
  };

  try {
    const { $metadata: _, ...output } = await swfClient().send(new spec.command(parsed.data));
    audit("ok", { result: Object.keys(output).length ? output : undefined });
    return NextResponse.json(output);
  } catch (error) {
    const { status, body: fault } = toSwfError(error);
    audit("fault", { fault: fault.fault, message: fault.message });
    return NextResponse.json(fault, { status });
  }
}
