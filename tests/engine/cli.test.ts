/**
 * The engine from the outside: Debian's AWS CLI (botocore) against it, and the engine as its own
 * process (`npx tsx lib/engine/main.ts --port 0`), stopped with SIGTERM.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeDomainCommand, RegisterDomainCommand } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWS, CLIENT_TEST_TIMEOUT_MS, clientHome, hasCli } from "./clients";
import { sdkClient, startTestEngine, type TestEngine } from "./harness";
import { engineLeaf, killGroup, spawnEngine, within } from "./process";

if (!hasCli)
  console.warn(`cli.test.ts: ${AWS} is absent (Debian package awscli); skipping the AWS CLI test`);

const clients = clientHome();
afterAll(() => clients.dispose());
const aws = clients.aws;

describe.skipIf(!hasCli)(
  "AWS CLI (botocore) against the engine",
  { timeout: CLIENT_TEST_TIMEOUT_MS },
  () => {
    let t: TestEngine;
    beforeAll(async () => {
      t = await startTestEngine();
    });
    afterAll(() => t.close());

    it("registers a domain, lists domains and prints a fault message", async () => {
      const reg = await aws(t.url, [
        "register-domain",
        "--name",
        "cli-domain",
        "--workflow-execution-retention-period-in-days",
        "1",
        "--description",
        "from the CLI",
      ]);
      expect(reg, reg.stderr).toMatchObject({ code: 0 });
      const list = await aws(t.url, ["list-domains", "--registration-status", "REGISTERED"]);
      expect(list.code, list.stderr).toBe(0);
      expect(JSON.parse(list.stdout).domainInfos).toEqual([
        {
          name: "cli-domain",
          status: "REGISTERED",
          description: "from the CLI",
          arn: "arn:aws:swf:us-east-1:123456789012:/domain/cli-domain",
        },
      ]);
      const missing = await aws(t.url, ["describe-domain", "--name", "nope"]);
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain(
        "An error occurred (UnknownResourceFault) when calling the DescribeDomain operation: Unknown domain: nope",
      );
      const invalid = await aws(t.url, [
        "register-domain",
        "--name",
        "bad",
        "--workflow-execution-retention-period-in-days",
        "91",
      ]);
      expect(invalid.stderr).toContain("(ValidationException)");
    });

    it("starts a run and polls its decision task (timestamps parse in botocore)", async () => {
      const reg = await aws(t.url, [
        "register-workflow-type",
        "--domain",
        "cli-domain",
        "--name",
        "cli-wf",
        "--workflow-version",
        "1",
        "--default-task-list",
        "name=cli-list",
        "--default-execution-start-to-close-timeout",
        "60",
        "--default-task-start-to-close-timeout",
        "30",
        "--default-child-policy",
        "TERMINATE",
      ]);
      expect(reg.code, reg.stderr).toBe(0);
      const started = await aws(t.url, [
        "start-workflow-execution",
        "--domain",
        "cli-domain",
        "--workflow-id",
        "w1",
        "--workflow-type",
        "name=cli-wf,version=1",
      ]);
      expect(started.code, started.stderr).toBe(0);
      const { runId } = JSON.parse(started.stdout);
      const polled = await aws(t.url, [
        "poll-for-decision-task",
        "--domain",
        "cli-domain",
        "--task-list",
        "name=cli-list",
      ]);
      expect(polled.code, polled.stderr).toBe(0);
      const task = JSON.parse(polled.stdout);
      expect(task.workflowExecution).toEqual({ workflowId: "w1", runId });
      expect(task.events.map((e: { eventType: string }) => e.eventType)).toEqual([
        "WorkflowExecutionStarted",
        "DecisionTaskScheduled",
        "DecisionTaskStarted",
      ]);
      const done = await aws(t.url, [
        "respond-decision-task-completed",
        "--task-token",
        task.taskToken,
        "--decisions",
        JSON.stringify([
          {
            decisionType: "CompleteWorkflowExecution",
            completeWorkflowExecutionDecisionAttributes: { result: "cli" },
          },
        ]),
      ]);
      expect(done.code, done.stderr).toBe(0);
      const describe = await aws(t.url, [
        "describe-workflow-execution",
        "--domain",
        "cli-domain",
        "--execution",
        `workflowId=w1,runId=${runId}`,
      ]);
      expect(JSON.parse(describe.stdout).executionInfo.closeStatus).toBe("COMPLETED");
    });
  },
);

describe("the engine process", () => {
  const dir = mkdtempSync(join(tmpdir(), "swf-proc-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("listens on the port it printed with --port 0, serves, and exits 0 on SIGTERM", async () => {
    const engine = await spawnEngine(["--port", "0", "--db", join(dir, "p.sqlite")]);
    try {
      expect(engine.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(engine.url).not.toMatch(/:0$/);
      const swf = sdkClient(engine.url);
      await swf.send(
        new RegisterDomainCommand({ name: "proc", workflowExecutionRetentionPeriodInDays: "1" }),
      );
      expect((await swf.send(new DescribeDomainCommand({ name: "proc" }))).domainInfo!.name).toBe(
        "proc",
      );
      swf.destroy();
      process.kill(engineLeaf(engine.child), "SIGTERM");
      expect(await within(engine.exited, 20_000, "the engine to exit")).toBe(0);
      expect(engine.output()).toContain("SIGTERM: stopping");
    } finally {
      killGroup(engine.child, "SIGKILL");
    }
  });

  it("refuses a bad flag value with exit code 2", async () => {
    await expect(spawnEngine(["--port=abc"], 20_000)).rejects.toThrow(
      /exited \(2\)[\s\S]*--port must be a non-negative number/,
    );
    await expect(spawnEngine(["--bogus"], 20_000)).rejects.toThrow(/exited \(2\)[\s\S]*bogus/);
  });
});
