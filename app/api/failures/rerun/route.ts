import { z } from "zod";
import { MAX_RERUN } from "@/lib/console/failures-rerun";
import { rerunPass } from "@/lib/console/failures-rerun-pass";
import { route } from "@/lib/console/route";
import { swfWriteClient } from "@/lib/console/swf-proxy";
import { ACTIONS } from "@/lib/swf/actions";
import { swfClient } from "@/lib/swf/client";

export const dynamic = "force-dynamic";

const execution = z.strictObject({
  workflowId: z.string().min(1).max(256),
  runId: z.string().min(1).max(64),
});
const Body = z.strictObject({
  domain: z.string().min(1).max(256),
  window: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  key: z.string().min(1).max(4000),
  /** One input for every run; absent: each run's own input. */
  input: z.string().max(32_768).optional(),
  dryRun: z.boolean(),
  /** The runs a preview showed: the confirmation starts exactly these (if still in the group). */
  runs: z.array(execution).max(MAX_RERUN).optional(),
});

/** Re-runs a failure group, at most MAX_RERUN runs a pass (lib/console/failures-rerun-pass.ts). */
export const POST = route({
  role: ACTIONS.StartWorkflowExecution.role,
  action: "Failures.Rerun",
  what: "re-run executions",
  body: Body,
  // Each start is audited on its own (under one bulk id), not the re-run as a whole.
  handle: ({ body, db, user, ip, log }) =>
    rerunPass({ db, swf: swfClient(), writer: swfWriteClient(), user, ip, log }, body),
});
