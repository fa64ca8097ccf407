import { z } from "zod";
import { route } from "@/lib/console/route";
import { changeHumanTaskLists, settingsSnapshot } from "@/lib/console/settings-view";

export const dynamic = "force-dynamic";

export const GET = route({
  role: "admin",
  action: "Settings.Read",
  what: "Reading settings",
  handle: ({ db }) => settingsSnapshot(db),
});

const Put = z.strictObject({ humanTaskLists: z.string().max(10_000).nullable() });

/** `{humanTaskLists: "domain:list,…"}` stores the lists; `null` reverts to HUMAN_TASK_LISTS. */
export const PUT = route({
  role: "admin",
  action: "Settings.Update",
  what: "Changing settings",
  body: Put,
  bodyLimit: 20_000,
  invalidBody: "humanTaskLists must be a string or null",
  audit: { target: () => ({ target: "human task lists" }) },
  handle: async ({ db, body, user }) => {
    await changeHumanTaskLists(db, body.humanTaskLists, user.username);
    return settingsSnapshot(db);
  },
});
