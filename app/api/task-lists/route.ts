import { ConsoleFault } from "@/lib/console/faults";
import { openTaskLists } from "@/lib/console/open-task-lists";
import { route } from "@/lib/console/route";
import { swfClient } from "@/lib/swf/client";

export const dynamic = "force-dynamic";

/** The task lists of a domain's open executions: `?domain=`. */
export const GET = route({
  role: "viewer",
  action: "TaskLists.Read",
  handle: ({ query }) => {
    const domain = query.get("domain");
    if (!domain) throw new ConsoleFault(400, "ValidationError", "domain is required");
    return openTaskLists(swfClient(), domain);
  },
});
