import { ConsoleFault } from "@/lib/console/faults";
import { openTaskLists } from "@/lib/console/open-task-lists";
import { liveHub } from "@/lib/console/live/current";
import { route } from "@/lib/console/route";
import { swfClient, swfTarget } from "@/lib/swf/client";

export const dynamic = "force-dynamic";

/**
 * The task lists of a domain's open executions: `?domain=`; in push mode (the embedded engine's
 * feed is up, so its GET extensions are there) also those with pending tasks.
 */
export const GET = route({
  role: "viewer",
  action: "TaskLists.Read",
  handle: ({ query }) => {
    const domain = query.get("domain");
    if (!domain) throw new ConsoleFault(400, "ValidationError", "domain is required");
    const engine = liveHub().mode === "push" ? swfTarget().endpoint : undefined;
    return openTaskLists(swfClient(), domain, Date.now(), engine);
  },
});
