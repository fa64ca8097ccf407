import { z } from "zod";
import { route } from "@/lib/console/route";
import { MAX_RUNBOOK_CHARS, saveRunbook } from "@/lib/console/runbooks";

export const dynamic = "force-dynamic";

const Body = z.strictObject({
  domain: z.string().min(1).max(256),
  groupKey: z.string().min(1).max(4000),
  body: z.string().max(MAX_RUNBOOK_CHARS, `a note is at most ${MAX_RUNBOOK_CHARS} characters`),
});

/** Saves a failure group's runbook note (operators); an empty body removes it. Audited. */
export const PUT = route({
  role: "operator",
  action: "Runbook.Save",
  what: "edit runbook notes",
  body: Body,
  audit: {
    target: ({ body }) => {
      const b = (body ?? {}) as { domain?: unknown; groupKey?: unknown };
      const domain = typeof b.domain === "string" ? b.domain : undefined;
      return { target: `${domain} / ${String(b.groupKey)}`, domain };
    },
  },
  handle: async ({ db, user, body }) => ({
    runbook: (await saveRunbook(db, { ...body, username: user.username })) ?? null,
  }),
});
