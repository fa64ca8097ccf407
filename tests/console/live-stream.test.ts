/**
 * GET /api/live (server-sent events) through the real route handler, the console's live hub on
 * a real engine's change feed, and a real console database. A stream outlives the request that
 * checked its session; before, it went on pushing the watched run's history events (inputs,
 * results, signal payloads) to a user who had been disabled, signed out everywhere or whose
 * session had expired, for as long as the tab stayed open.
 */
import { SignalWorkflowExecutionCommand } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setup, start } from "../engine/fixtures";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { memoryDb, openLiveStream } from "./helpers";
import { setConsoleDb, type Db } from "@/lib/console/db";
import { liveHub } from "@/lib/console/live/current";
import { topicString } from "@/lib/console/live/topics";
import { createSession } from "@/lib/console/sessions";
import { changeUser, createUser } from "@/lib/console/users";

const ORIGIN = "http://127.0.0.1:3000";
let engine: TestEngine;
let db: Db;

beforeAll(async () => {
  engine = await startTestEngine();
  process.env.AWS_ENDPOINT_URL_SWF = engine.url;
  process.env.AWS_ACCESS_KEY_ID = "x";
  process.env.AWS_SECRET_ACCESS_KEY = "x";
  db = await memoryDb();
  setConsoleDb(db);
});
afterAll(async () => {
  liveHub().close();
  setConsoleDb(undefined);
  await engine?.close();
});

async function signedIn(username: string) {
  const u = await createUser(db, { username, password: "live-test-password", role: "viewer" });
  return `swf_console_session=${(await createSession(db, u.id, 3_600_000)).token}`;
}

describe("GET /api/live", () => {
  it("ends a stream once its session has ended, and keeps the others going", async () => {
    const s = await setup(engine.swf);
    const run = await start(s);
    const topic = topicString({ kind: "execution", domain: s.domain, ...run });
    const staying = await openLiveStream(topic, await signedIn("live-stays"));
    const leaving = await openLiveStream(topic, await signedIn("live-leaves"));
    expect(await staying.next()).toContain("event: ready");
    expect(await leaving.next()).toContain("event: ready");

    // An admin disables the user (which also ends their sessions); the run then changes.
    await changeUser(db, "live-leaves", { disabled: true });
    await engine.swf.send(
      new SignalWorkflowExecutionCommand({
        domain: s.domain,
        ...run,
        signalName: "go",
        input: "payload for signed-in eyes only",
      }),
    );

    const seen: string[] = [];
    for (let m = await staying.next(); m !== null; m = await staying.next()) {
      seen.push(m);
      if (m.includes("payload for signed-in eyes only")) break;
    }
    expect(seen.at(-1)).toContain("WorkflowExecutionSignaled");

    const after: string[] = [];
    for (let m = await leaving.next(); m !== null; m = await leaving.next()) {
      after.push(m);
      if (m.includes("payload for signed-in eyes only")) break;
    }
    expect(after).toEqual([]);
    staying.close();
  });

  it("a stream the browser reopens by itself does not renew the session; one the tab opens does", async () => {
    const s = await setup(engine.swf);
    const run = await start(s);
    const topic = topicString({ kind: "execution", domain: s.domain, ...run });
    const cookie = await signedIn("live-reconnects");
    const mine = "user_id = (SELECT id FROM users WHERE username = 'live-reconnects')";
    const tenMinutesAgo = Date.now() - 10 * 60_000;
    const seenLongAgo = () =>
      db.run(`UPDATE sessions SET last_seen_at = ? WHERE ${mine}`, [tenMinutesAgo]);
    const seenAt = async () =>
      (await db.get<{ t: number }>(`SELECT last_seen_at AS t FROM sessions WHERE ${mine}`))!.t;

    await seenLongAgo();
    const opened = await openLiveStream(topic, cookie);
    // The browser keeps this id and sends it back when it reconnects on its own.
    expect(await opened.next()).toMatch(/^id: ready$/m);
    opened.close();
    expect(await seenAt()).toBeGreaterThan(tenMinutesAgo);

    await seenLongAgo();
    const reconnected = await openLiveStream(topic, cookie, { "last-event-id": "ready" });
    expect(await reconnected.next()).toContain("event: ready");
    reconnected.close();
    expect(await seenAt()).toBe(tenMinutesAgo);
  });

  it("holds at most 20 streams of one user open; the next is refused until one closes", async () => {
    // Before, a viewer could open streams without bound, each a subscription the hub serves.
    const s = await setup(engine.swf);
    const run = await start(s);
    const topic = topicString({ kind: "execution", domain: s.domain, ...run });
    const cookie = await signedIn("live-many-tabs");
    const streams = [];
    for (let i = 0; i < 20; i++) streams.push(await openLiveStream(topic, cookie));
    const { GET } = await import("@/app/api/live/route");
    const request = () =>
      new Request(`${ORIGIN}/api/live?topic=${encodeURIComponent(topic)}`, {
        headers: { cookie },
      });
    const refused = await GET(request());
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ fault: "TooManyStreams" });
    // Another user is not held up by this one's tabs.
    const other = await openLiveStream(topic, await signedIn("live-one-tab"));
    other.close();
    streams.pop()!.close();
    const again = await openLiveStream(topic, cookie);
    for (const stream of [...streams, again]) stream.close();
  });
});
