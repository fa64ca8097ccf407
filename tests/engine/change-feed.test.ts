// The engine's change feed (lib/engine/change-feed.ts) over HTTP: probe, one SSE message per
// appended event once committed, replay from a cursor, reset past the buffer, off with credentials;
// a heartbeat on every open stream while nothing changes, from one timer.
import { SignalWorkflowExecutionCommand } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChangeFeed, HEARTBEAT_MS } from "../../lib/engine/change-feed";
import { setup, start } from "./fixtures";
import { startTestEngine, type TestEngine } from "./harness";

interface Message {
  event: string;
  data: Record<string, unknown>;
}

/** Reads SSE messages from `url` until `until` says stop. */
async function readFeed(url: string, until: (all: Message[]) => boolean): Promise<Message[]> {
  const abort = new AbortController();
  const res = await fetch(url, { signal: abort.signal });
  expect(res.headers.get("content-type")).toBe("text/event-stream");
  const out: Message[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data)
        out.push({ event: /^event: (.*)$/m.exec(block)?.[1] ?? "message", data: JSON.parse(data) });
    }
    if (until(out)) break;
  }
  abort.abort();
  return out;
}

describe("change feed", () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine.close());

  it("answers the probe with its cursor", async () => {
    const res = await fetch(`${engine.url}/_changes?probe=1`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ feed: "swf-changes", version: 1 });
  });

  it("streams each appended event, then replays from a cursor", async () => {
    const s = await setup(engine.swf);
    const messages = readFeed(`${engine.url}/_changes`, (all) =>
      all.some((m) => m.data.eventType === "WorkflowExecutionSignaled"),
    );
    await new Promise((r) => setTimeout(r, 50));
    const run = await start(s);
    await engine.swf.send(
      new SignalWorkflowExecutionCommand({ domain: s.domain, ...run, signalName: "go" }),
    );
    const got = (await messages).filter((m) => m.event === "message");
    const ours = got.filter((m) => m.data.runId === run.runId);
    expect(ours.map((m) => m.data.eventType)).toEqual([
      "WorkflowExecutionStarted",
      "DecisionTaskScheduled",
      "WorkflowExecutionSignaled",
    ]);
    expect(ours[0].data).toMatchObject({
      domain: s.domain,
      workflowId: run.workflowId,
      eventId: 1,
    });
    const seqs = got.map((m) => m.data.seq as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    // Reconnecting with the cursor of the first message replays the rest.
    const replay = await readFeed(`${engine.url}/_changes?cursor=${seqs[0]}`, (all) =>
      all.some((m) => m.data.eventType === "WorkflowExecutionSignaled"),
    );
    expect(replay.filter((m) => m.event === "message").map((m) => m.data.seq)).toEqual(
      seqs.slice(1),
    );
  });

  it("says its heartbeat in hello, then sends it while nothing changes", async () => {
    const abort = new AbortController();
    const res = await fetch(`${engine.url}/_changes`, { signal: abort.signal });
    const decoder = new TextDecoder();
    let text = "";
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      if (text.includes(": keep-alive\n\n")) break;
    }
    abort.abort();
    const hello = /^event: hello\ndata: (.*)$/m.exec(text)?.[1];
    expect(JSON.parse(hello!)).toMatchObject({ heartbeatMs: HEARTBEAT_MS });
    // A few seconds, not the 15 s it was: the console counts three missed ones as a hung engine.
    expect(HEARTBEAT_MS).toBeLessThanOrEqual(2_000);
  });

  it("beats every open stream from one timer; a closed stream hears no more", async () => {
    const feed = new ChangeFeed(() => Promise.resolve(), 10, 5);
    const beats = [0, 0];
    const untrack = beats.map((_, i) => feed.track({ beat: () => void beats[i]++, end: () => {} }));
    while (beats.some((n) => n < 3)) await new Promise((r) => setTimeout(r, 5));
    // One timer: each beat reaches both streams, so they never drift apart by more than one.
    expect(Math.abs(beats[0] - beats[1])).toBeLessThanOrEqual(1);
    untrack[0]();
    const [closed, open] = beats;
    while (beats[1] < open + 2) await new Promise((r) => setTimeout(r, 5));
    expect(beats[0]).toBe(closed);
    untrack[1]();
  });

  it("keeps a bounded buffer: a cursor older than it gets undefined (reset)", async () => {
    const feed = new ChangeFeed(() => Promise.resolve(), 2);
    const note = (eventId: number) => ({
      domain: "d",
      workflowId: "w",
      runId: "r",
      eventId,
      eventType: "MarkerRecorded",
    });
    feed.publish([note(1), note(2), note(3)]);
    await Promise.resolve();
    await Promise.resolve();
    expect(feed.since(2)?.map((c) => c.seq)).toEqual([3]);
    expect(feed.since(1)?.map((c) => c.seq)).toEqual([2, 3]);
    expect(feed.since(0)).toBeUndefined();
    expect(feed.since(3)).toEqual([]);
    // Past twice its size the buffer is cut back at once; readers see the newest two throughout.
    feed.publish([note(4), note(5), note(6)]);
    await Promise.resolve();
    await Promise.resolve();
    expect(feed.since(4)?.map((c) => c.seq)).toEqual([5, 6]);
    expect(feed.since(3)).toBeUndefined();
  });

  it("is off (404) on an engine with strict credentials", async () => {
    const strict = await startTestEngine({ credentials: { AKID: "secret" } });
    try {
      const res = await fetch(`${strict.url}/_changes?probe=1`);
      expect(res.status).toBe(404);
    } finally {
      await strict.close();
    }
  });
});
