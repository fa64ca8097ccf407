/**
 * The smallest complete workflow, the one the README's quick start shows: a decider that runs one
 * activity and closes the execution with its result (or fails it with the activity's reason), in a
 * domain and on task lists of its own, so that it never takes tasks from the demo's workflows.
 *
 * `npx tsx examples/hello/hello.ts [name]` runs it once against the engine `npm start` runs
 * (AWS_ENDPOINT_URL_SWF, else http://127.0.0.1:7070), prints the run's page in the console (on
 * PORT, default 3000) and how it closed, with its result or reason.
 */
import type { SWFClient } from "@aws-sdk/client-swf";
import {
  ActivityFailure,
  ActivityWorker,
  Decider,
  completeWorkflow,
  failWorkflow,
  registerAll,
  scheduleActivity,
  startWorkflow,
  waitForClose,
  type DecisionContext,
} from "../../lib/worker";
import { consoleRunUrl, describeFailure, exampleSwfClient, isMain } from "../common";

export const HELLO_DOMAIN = "hello";
const GREET = { name: "Greet", version: "1.0" };
const TASK_LISTS = { decisions: "hello-decisions", activities: "hello-activities" };

/** Registers the domain and its two types; existing ones are left as they are. */
export function registerHello(swf: SWFClient): Promise<void> {
  return registerAll(swf, {
    domain: { name: HELLO_DOMAIN, description: "The README's quick start", retentionDays: 1 },
    workflowTypes: [
      {
        name: "Hello",
        version: "1.0",
        defaultTaskList: { name: TASK_LISTS.decisions },
        defaultExecutionStartToCloseTimeout: "300",
        defaultTaskStartToCloseTimeout: "30",
        defaultChildPolicy: "TERMINATE",
      },
    ],
    activityTypes: [
      {
        ...GREET,
        defaultTaskList: { name: TASK_LISTS.activities },
        defaultTaskScheduleToStartTimeout: "60",
        defaultTaskStartToCloseTimeout: "60",
        defaultTaskScheduleToCloseTimeout: "120",
        defaultTaskHeartbeatTimeout: "NONE",
      },
    ],
  });
}

/** Every decision recomputes the next step from the whole history; nothing is kept in memory. */
export function decideHello(ctx: DecisionContext) {
  const greet = ctx.activity("greet");
  if (!greet) return [scheduleActivity("greet", GREET, { input: ctx.input })];
  if (greet.open) return []; // nothing to do until it closes
  if (greet.status === "completed") return [completeWorkflow(greet.result)];
  // Failed, timed out, canceled or not even scheduled (an unregistered or deprecated type): say
  // so, with why, or the execution would wait until its timeout.
  return [failWorkflow(`Greet ${greet.status}`, greet.reason ?? greet.cause ?? greet.timeoutType)];
}

export function startHelloWorkers(swf: SWFClient) {
  const worker = new ActivityWorker({
    swf,
    domain: HELLO_DOMAIN,
    taskList: TASK_LISTS.activities,
    activities: {
      Greet: (input) => {
        if (!input) throw new ActivityFailure("NoName", "Hello needs a name as its input");
        return `Hello, ${input}!`;
      },
    },
  }).start();
  const decider = new Decider({
    swf,
    domain: HELLO_DOMAIN,
    taskList: TASK_LISTS.decisions,
    decide: decideHello,
  }).start();
  return { stop: () => Promise.all([worker.stop(), decider.stop()]).then(() => undefined) };
}

/** Starts one Hello execution for `name`; resolves with its workflowId and runId. */
export function startHello(swf: SWFClient, name: string, workflowId = `hello-${Date.now()}`) {
  return startWorkflow(
    swf,
    HELLO_DOMAIN,
    workflowId,
    { name: "Hello", version: "1.0" },
    { input: name },
  );
}

async function main() {
  const swf = exampleSwfClient();
  await registerHello(swf);
  const workers = startHelloWorkers(swf);
  const execution = await startHello(swf, process.argv[2] ?? "world");
  console.log(
    `started ${execution.workflowId}; the console shows it at ${consoleRunUrl(HELLO_DOMAIN, execution)}`,
  );
  const closed = await waitForClose(swf, HELLO_DOMAIN, execution, { intervalMs: 200 });
  console.log(
    `${execution.workflowId} closed: ${closed.status}` +
      (closed.status === "COMPLETED" ? `, result ${JSON.stringify(closed.result)}` : "") +
      (closed.reason ? `, reason ${JSON.stringify(closed.reason)}` : ""),
  );
  await workers.stop();
  swf.destroy();
}

if (isMain(typeof module !== "undefined" ? module : undefined)) {
  main().catch((error) => {
    console.error(describeFailure(error));
    process.exit(1);
  });
}
