// Whether the live hub (lib/console/live/hub.ts) notices an SWF that stops answering, within
// seconds and whatever the mode: in push mode the engine's change feed goes silent (the engine's
// process stopped with SIGSTOP: its connections stay open, nothing answers) or refuses connections
// (the process gone); in poll mode (as against AWS) a read gets no answer. Each turns the hub's
// `swf` reachability false, which every open stream hears; SWF answering again turns it back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LiveHub, type LiveMessage } from "@/lib/console/live/hub";
import { topicString } from "@/lib/console/live/topics";
import { HEARTBEAT_MS } from "@/lib/engine/change-feed";
import { setup, start } from "../engine/fixtures";
import { sdkClient, startTestEngine, type TestEngine } from "../engine/harness";
import { killGroup, spawnEngine, type EngineProcess } from "../engine/process";
import { startRelay } from "../engine/relay";

/** Waits for `check` (the test's own timeout bounds the wait). */
async function until(check: () => boolean) {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

const reaches = (box: LiveMessage[]) => box.flatMap((m) => (m.type === "swf" ? [m.swf] : []));

describe("a stopped engine, in push mode", () => {
  let proc: EngineProcess;
  beforeAll(async () => {
    proc = await spawnEngine(["--port", "0", "--db", ":memory:"]);
  });
  afterAll(async () => {
    killGroup(proc.child, "SIGCONT");
    killGroup(proc.child, "SIGKILL");
    await proc.exited;
  });

  it("turns SWF unreachable after three silent heartbeats, and live again once it answers", async () => {
    const swf = sdkClient(proc.url);
    const hub = new LiveHub({ swf, feedEndpoint: proc.url, readTimeoutMs: 1000 });
    try {
      await hub.ready;
      await until(() => hub.mode === "push");
      const s = await setup(swf);
      const box: LiveMessage[] = [];
      const stop = hub.subscribe([topicString({ kind: "executions", domain: s.domain })], (m) =>
        box.push(m),
      );
      expect(hub.swf).toEqual({ reachable: true });

      killGroup(proc.child, "SIGSTOP");
      await until(() => !hub.swf.reachable);
      // Said by the feed's silence: push mode reads nothing that could have said it.
      expect(hub.swf).toEqual({
        reachable: false,
        fault: "TimeoutError",
        message: `The engine did not answer within ${(3 * HEARTBEAT_MS) / 1000} s`,
      });
      expect(hub.mode).toBe("poll");

      killGroup(proc.child, "SIGCONT");
      await until(() => hub.swf.reachable && hub.mode === "push");
      // And the feed carries changes again.
      const before = box.filter((m) => m.type === "changed").length;
      await start(s);
      await until(() => box.filter((m) => m.type === "changed").length > before);
      expect(reaches(box)[0]).toMatchObject({ reachable: false, fault: "TimeoutError" });
      expect(reaches(box).at(-1)).toEqual({ reachable: true });

      // Gone altogether: the stream ends, the reconnection is refused.
      killGroup(proc.child, "SIGKILL");
      await until(() => !hub.swf.reachable);
      expect(hub.swf).toMatchObject({ reachable: false, fault: "EndpointUnreachable" });
      stop();
    } finally {
      hub.close();
      swf.destroy();
    }
  });
});

describe("a hung SWF, in poll mode (as against AWS)", () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine.close());

  it("turns SWF unreachable once a read outlasts the hub's bound, and live again once it answers", async () => {
    const relay = await startRelay(engine.url);
    // The SDK client waits for ever (no request timeout): the hub's own bound must end the read.
    const swf = sdkClient(relay.url);
    const hub = new LiveHub({ swf, pollMs: { execution: 50 }, readTimeoutMs: 300 });
    try {
      const s = await setup(engine.swf);
      const run = await start(s);
      const box: LiveMessage[] = [];
      const stop = hub.subscribe(
        [topicString({ kind: "execution", domain: s.domain, ...run })],
        (m) => box.push(m),
      );
      await until(() => (hub.calls.get("GetWorkflowExecutionHistory") ?? 0) >= 2);
      expect(hub.swf).toEqual({ reachable: true });

      relay.held = true;
      await until(() => !hub.swf.reachable);
      expect(hub.swf).toEqual({
        reachable: false,
        fault: "TimeoutError",
        message: "SWF did not answer within 0.3 s",
      });
      relay.held = false;
      await until(() => hub.swf.reachable);
      expect(reaches(box)).toEqual([
        expect.objectContaining({ reachable: false, fault: "TimeoutError" }),
        { reachable: true },
      ]);
      stop();
    } finally {
      hub.close();
      swf.destroy();
      await relay.close();
    }
  });
});
