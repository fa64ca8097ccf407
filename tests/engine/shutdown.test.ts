/**
 * Graceful shutdown of the engine process: on SIGTERM (or SIGINT) it stops accepting, answers
 * held long polls empty, ends its change-feed streams, commits and exits 0; what it acknowledged
 * is there after a restart.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DescribeDomainCommand,
  PollForDecisionTaskCommand,
  RegisterDomainCommand,
} from "@aws-sdk/client-swf";
import { afterAll, describe, expect, it } from "vitest";
import { sdkClient } from "./harness";
import { engineLeaf, killGroup, spawnEngine, within } from "./process";

const dir = mkdtempSync(join(tmpdir(), "swf-shutdown-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("graceful shutdown", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal}: held polls answered empty, work committed, exit 0`, async () => {
      const db = join(dir, `${signal}.sqlite`);
      const engine = await spawnEngine(["--port", "0", "--db", db, "--poll-timeout", "60"]);
      const swf = sdkClient(engine.url);
      try {
        await swf.send(
          new RegisterDomainCommand({ name: "kept", workflowExecutionRetentionPeriodInDays: "1" }),
        );
        const held = swf.send(
          new PollForDecisionTaskCommand({ domain: "kept", taskList: { name: "quiet" } }),
        );
        // The poll is parked once the engine's metrics say so.
        for (let i = 0; i < 1000; i++) {
          const text = await (await fetch(`${engine.url}/metrics`)).text();
          if (/^swf_engine_held_long_polls 1$/m.test(text)) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        process.kill(engineLeaf(engine.child), signal);
        const answer = await within(held, 20_000, "the held poll to be answered");
        expect(answer.taskToken).toBeUndefined();
        expect(answer.$metadata.httpStatusCode).toBe(200);
        expect(await within(engine.exited, 20_000, "the engine to exit")).toBe(0);
        expect(engine.output()).toContain(`${signal}: stopping`);
      } finally {
        swf.destroy();
        killGroup(engine.child, "SIGKILL");
      }
      const again = await spawnEngine(["--port", "0", "--db", db]);
      const client = sdkClient(again.url);
      try {
        const d = await client.send(new DescribeDomainCommand({ name: "kept" }));
        expect(d.domainInfo!.name).toBe("kept");
      } finally {
        client.destroy();
        killGroup(again.child, "SIGKILL");
      }
    });
  }

  it("SIGTERM ends open change-feed streams, so that consoles fall back and reconnect", async () => {
    const engine = await spawnEngine(["--port", "0", "--db", ":memory:"]);
    try {
      const response = await fetch(`${engine.url}/_changes`);
      expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
      const reader = response.body!.getReader();
      // The stream is open: its `hello` event arrives.
      const first = await within(reader.read(), 20_000, "the stream's first bytes");
      expect(first.done).toBe(false);
      process.kill(engineLeaf(engine.child), "SIGTERM");
      let ended = false;
      while (!ended) ended = (await within(reader.read(), 20_000, "the stream to end")).done;
      expect(await within(engine.exited, 20_000, "the engine to exit")).toBe(0);
    } finally {
      killGroup(engine.child, "SIGKILL");
    }
  });
});
