import { swfAuditTarget } from "@/lib/console/audit-target";
import { route } from "@/lib/console/route";
import { bulkIdOf } from "@/lib/console/bulk-id";
import { sendSwfAction, swfAction } from "@/lib/console/swf-proxy";

export const dynamic = "force-dynamic";

/**
 * The browser's only door to SWF: allow-listed action → session and role (and same-origin for
 * writes) → validated input → SDK → JSON. Every state-changing call is audited: an attempt before
 * the call, its outcome after.
 */
export const POST = route({
  params: ({ action }) => swfAction(action),
  action: ({ name }) => name,
  roleFor: ({ spec }) => spec.role,
  role: "viewer",
  mutating: ({ spec }) => spec.mutating,
  body: ({ spec }) => spec.input,
  audit: {
    target: ({ body, params }, output) =>
      swfAuditTarget(params.name, asRecord(body), output ? asRecord(output) : undefined),
    result: (output) => (Object.keys(asRecord(output)).length ? output : undefined),
    extra: (request, user) => ({ bulkId: bulkIdOf(request, user) }),
  },
  handle: ({ db, params, body }) => sendSwfAction(db, params.name, params.spec, body),
});

const asRecord = (v: unknown) =>
  v && typeof v === "object" ? (v as Record<string, unknown>) : ({} as Record<string, unknown>);
