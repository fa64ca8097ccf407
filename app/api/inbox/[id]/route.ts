import { NextResponse } from "next/server";
import { consoleDb } from "@/lib/console/db";
import { clientIp, guard, jsonError, readJson } from "@/lib/console/http";
import { decideTask } from "@/lib/console/inbox";
import { formOfInput } from "@/lib/console/inbox-form";
import { DecideBody, issues, outcomeResponse, taskId } from "@/lib/console/inbox-http";
import { getTask, publicTask } from "@/lib/console/inbox-store";
import { swfClient } from "@/lib/swf/client";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/** One task with its input and, for form tasks, the parsed form (or what is wrong with it). */
export async function GET(request: Request, { params }: Params) {
  const user = guard(request, { role: "viewer", mutating: false, action: "Inbox.Read" });
  if (user instanceof Response) return user;
  const id = taskId((await params).id);
  const task = id === undefined ? undefined : getTask(consoleDb(), id);
  if (!task) return jsonError(404, "UnknownTask", "No such human task");
  const form = formOfInput(task.input);
  return NextResponse.json(
    {
      task: publicTask(task),
      form: form.form,
      formProblem: "problem" in form ? form.problem : null,
    },
    { headers: { "cache-control": "no-store" } },
  );
}

/**
 * Decides a human task (approver): `{decision: "approve"|"reject", comment, values}` completes the
 * activity with `{decision, comment, values, by, at}`; `{decision: "fail", reason}` fails it. One
 * decision per task: a late second decider gets 409 with who decided and when; a decision whose
 * outcome SWF has not confirmed yet gets 202 OutcomeUnknown.
 */
export async function POST(request: Request, { params }: Params) {
  const user = guard(request, {
    role: "approver",
    mutating: true,
    action: "Inbox.Decide",
    what: "Deciding human tasks",
  });
  if (user instanceof Response) return user;
  const id = taskId((await params).id);
  if (id === undefined) return jsonError(404, "UnknownTask", "No such human task");
  const parsed = DecideBody.safeParse(await readJson(request, 100_000));
  if (!parsed.success) return jsonError(400, "ValidationError", issues(parsed.error));
  const input = parsed.data;
  const outcome = await decideTask(
    consoleDb(),
    swfClient(),
    id,
    { username: user.username, role: user.role, ip: clientIp(request) },
    input.decision === "fail"
      ? { decision: "fail", comment: input.reason }
      : { decision: input.decision, comment: input.comment ?? "", values: input.values },
  );
  return outcomeResponse(outcome);
}
