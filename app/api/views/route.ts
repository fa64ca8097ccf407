import { z } from "zod";
import { ConsoleFault } from "@/lib/console/faults";
import { route } from "@/lib/console/route";
import { deleteView, savedView, savedViews, saveView } from "@/lib/console/saved-views";

export const dynamic = "force-dynamic";

const Body = z.strictObject({
  domain: z.string().min(1).max(256),
  name: z.string().trim().min(1, "give the view a name").max(100),
  query: z.string().max(4000),
});

/** The domain's saved views of the executions list: `?domain=`. */
export const GET = route({
  role: "viewer",
  action: "View.Read",
  handle: async ({ db, query }) => {
    const domain = query.get("domain");
    if (!domain) throw new ConsoleFault(400, "ValidationError", "domain is required");
    return { views: await savedViews(db, domain) };
  },
});

/** Saves a view, or replaces the caller's own view of that name (an admin's: anyone's). Audited. */
export const POST = route({
  role: "viewer",
  action: "View.Save",
  body: Body,
  audit: {
    target: ({ body }) => {
      const b = (body ?? {}) as { domain?: unknown; name?: unknown };
      const domain = typeof b.domain === "string" ? b.domain : undefined;
      return { target: `${domain} / ${String(b.name)}`, domain };
    },
  },
  handle: async ({ db, user, body }) => {
    const view = await saveView(db, {
      ...body,
      username: user.username,
      anyone: user.role === "admin",
    });
    if (!view)
      throw new ConsoleFault(
        409,
        "NameTaken",
        `A view named '${body.name}' belongs to someone else: choose another name`,
      );
    return { view };
  },
});

/** Deletes a view: `?id=`. Its author or an admin. Audited. */
export const DELETE = route({
  role: "viewer",
  action: "View.Delete",
  audit: {
    target: (_input, output) => {
      const view = (output as { view?: { domain: string; name: string } } | undefined)?.view;
      return view ? { target: `${view.domain} / ${view.name}`, domain: view.domain } : {};
    },
    parameters: () => undefined,
  },
  handle: async ({ db, user, query }) => {
    const id = Number(query.get("id"));
    if (!Number.isSafeInteger(id) || id <= 0)
      throw new ConsoleFault(400, "ValidationError", "id is required");
    const existing = await savedView(db, id);
    if (!existing) throw new ConsoleFault(404, "NotFound", `No saved view ${id}`);
    if (existing.createdBy !== user.username && user.role !== "admin")
      throw new ConsoleFault(
        403,
        "AccessDenied",
        "Only its author or an admin may delete a saved view",
      );
    // Another request (a double click, another tab) may have deleted it since it was read.
    const deleted = await deleteView(db, id);
    if (!deleted) throw new ConsoleFault(404, "NotFound", `No saved view ${id}`);
    return { deleted: id, view: deleted };
  },
});
