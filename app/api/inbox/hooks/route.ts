import { z } from "zod";
import { hookUrlProblem, listHooks, setHook } from "@/lib/console/inbox-hooks";
import { route } from "@/lib/console/route";
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
export const GET = route({
  role: "admin",
  action: "Inbox.Hooks.Read",
  handle: async ({ db }) => ({
    lists: (await humanTaskListsSetting(db)).lists,
    hooks: await listHooks(db),
  }),
});

/** Sets or removes the webhook of a human task list (admins): `{domain, taskList, url|null}`. */
export const PUT = route({
  role: "admin",
  action: "Inbox.Hook.Set",
  what: "Changing inbox notifications",
  body: HookBody,
  bodyLimit: 10_000,
  audit: {
    target: ({ body }) => {
      const b = body as { domain?: unknown; taskList?: unknown };
      return { target: `${String(b.domain)}:${String(b.taskList)}`, domain: String(b.domain) };
    },
    parameters: ({ body }) => ({ ...body, url: body.url || null }),
  },
  handle: async ({ db, user, request, body }) => {
    const origin = request.headers.get("origin") ?? new URL(request.url).origin;
    await setHook(db, { ...body, url: body.url || null, consoleUrl: origin }, user.username);
    return { hooks: await listHooks(db) };
  },
});
