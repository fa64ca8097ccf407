/**
 * When GET /api/live says `ready` (the real route handler, the console's live hub, a real engine
 * behind a relay that can hold the hub's history reads, a real console database). The tab goes
 * live on `ready` and re-reads what it shows then; the hub pushes only changes after its
 * watcher's baseline. Said before the baseline was taken (as it was), a change in between went
 * into the baseline, was never pushed, and came too late for the tab's re-read: the page stayed
 * stale for good. So `ready` must come once the baseline is in, and a change after it is pushed.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { SignalWorkflowExecutionCommand } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setup, start } from "../engine/fixtures";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { startRelay, type Relay } from "../engine/relay";
import { memoryDb, openLiveStream } from "./helpers";
import { setConsoleDb, type Db } from "@/lib/console/db";
import { liveHub } from "@/lib/console/live/current";
import { topicString } from "@/lib/console/live/topics";
import { createSession } from "@/lib/console/sessions";
import { createUser } from "@/lib/console/users";

let engine: TestEngine;
let relay: Relay;
let db: Db;
/** While set, the engine's answers to history reads are kept back (released by `release`). */
let holding = false;
const held: (() => void)[] = [];
function release() {
  holding = false;
  for (const answer of held.splice(0)) answer();
}

beforeAll(async () => {
  engine = await startTestEngine();
  relay = await startRelay(engine.url, {
    answer(action: string, answer: IncomingMessage, res: ServerResponse) {
      if (action !== "GetWorkflowExecutionHistory" || !holding) return false;
      held.push(() => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      return true;
    },
  });
  // The console (its hub's reads and change feed) talks to the engine through the relay.
  process.env.AWS_ENDPOINT_URL_SWF = relay.url;
  process.env.AWS_ACCESS_KEY_ID = "x";
  process.env.AWS_SECRET_ACCESS_KEY = "x";
  db = await memoryDb();
  setConsoleDb(db);
});
afterAll(async () => {
  release();
  liveHub().close();
  setConsoleDb(undefined);
  await relay?.close();
  await engine?.close();
});

/** Waits for `check`, polled (the test's own timeout bounds it). */
async function until(check: () => boolean) {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

async function signedIn(username: string) {
  const u = await createUser(db, { username, password: "live-test-password", role: "viewer" });
  return `swf_console_session=${(await createSession(db, u.id, 3_600_000)).token}`;
}

const signal = (domain: string, run: { workflowId: string; runId: string }, name: string) =>
  engine.swf.send(new SignalWorkflowExecutionCommand({ domain, ...run, signalName: name }));

describe("GET /api/live: ready", () => {
  it("comes once the hub watches the run from a baseline; a change right after it is pushed", async () => {
    const cookie = await signedIn("ready-viewer");
    const s = await setup(engine.swf);
    const run = await start(s);
    const topic = topicString({ kind: "execution", domain: s.domain, ...run });

    holding = true;
    const stream = await openLiveStream(topic, cookie);
    // Read up to `ready`, noting whether the hub's baseline read had answered by then.
    let baselineAnswered: boolean | undefined;
    const ready = (async () => {
      for (;;) {
        const m = await stream.next();
        if (m === null) throw new Error("the stream ended before ready");
        if (/^event: ready$/m.test(m)) {
          baselineAnswered = !holding;
          return m;
        }
      }
    })();
    try {
      await until(() => held.length > 0);
      // A change while the baseline is being read: the window the tab must not lose.
      await signal(s.domain, run, "during");
      expect(baselineAnswered).toBeUndefined();
      release();
      expect(await ready).toMatch(/^data: \{"mode":"(push|poll)"/m);
      expect(baselineAnswered).toBe(true);

      // Whatever happens once the tab is live reaches it.
      await signal(s.domain, run, "after");
      for (;;) {
        const m = await stream.next();
        if (m === null) throw new Error("the stream ended before the signal was pushed");
        const data = /^data: (.*)$/m.exec(m)?.[1];
        if (!data || /^event: /m.test(m)) continue;
        const pushed = JSON.parse(data) as {
          type: string;
          events?: { workflowExecutionSignaledEventAttributes?: { signalName?: string } }[];
        };
        const names = (pushed.events ?? []).map(
          (e) => e.workflowExecutionSignaledEventAttributes?.signalName,
        );
        if (names.includes("after")) break;
      }
    } finally {
      release();
      stream.close();
    }
  });
});
