// The page's one live indicator (components/live/indicator.ts): every state the live model can be
// in maps to one of signed out, SWF unreachable, paused, reconnecting, connecting or live, most
// urgent first.
import { describe, expect, it } from "vitest";
import { liveIndicator, type LiveFacts } from "@/components/live/indicator";
import { retryDelayMs } from "@/components/live/live-client";

const facts = (over: Partial<LiveFacts> = {}): LiveFacts => ({
  stream: "live",
  swf: { reachable: true },
  paused: false,
  mode: "push",
  ...over,
});
const down = { reachable: false, fault: "EndpointUnreachable", message: "connect ECONNREFUSED" };

describe("the live indicator", () => {
  it("says live while the stream is up and SWF answers, naming how changes arrive", () => {
    expect(liveIndicator(facts())).toMatchObject({ status: "live", text: "Live" });
    expect(liveIndicator(facts()).title).toMatch(/pushed as they happen/);
    expect(liveIndicator(facts({ mode: "poll" })).title).toMatch(/checks SWF every few seconds/);
  });

  it("says SWF unreachable over everything else, with the failure in its tooltip", () => {
    for (const paused of [false, true]) {
      const i = liveIndicator(facts({ swf: down, paused }));
      expect(i).toMatchObject({ status: "unreachable", text: "SWF unreachable" });
      expect(i.title).toMatch(/^The console cannot reach SWF \(connect ECONNREFUSED\)/);
    }
    expect(
      liveIndicator(facts({ swf: { reachable: false, fault: "TimeoutError" } })).title,
    ).toMatch(/\(TimeoutError\)/);
  });

  it("says paused while the person holds the page's refreshes, whatever the stream does", () => {
    for (const stream of ["live", "polling", "connecting"] as const)
      expect(liveIndicator(facts({ stream, paused: true })).status).toBe("paused");
  });

  it("says reconnecting while the stream is down (the page polls), connecting before it opened", () => {
    expect(liveIndicator(facts({ stream: "polling" }))).toMatchObject({
      status: "reconnecting",
      text: "Reconnecting…",
    });
    expect(liveIndicator(facts({ stream: "connecting" })).status).toBe("connecting");
    // What the stream said of SWF before it dropped is stale: the stream's state counts.
    expect(liveIndicator(facts({ stream: "polling", swf: down })).status).toBe("reconnecting");
  });

  it("says signed out over everything else once the session has ended, and only that", () => {
    for (const over of [{}, { paused: true }, { swf: down }])
      expect(liveIndicator(facts({ stream: "signed-out", ...over }))).toEqual({
        status: "signed-out",
        text: "Signed out",
        // The page's notice says how to sign in again: the indicator does not repeat it.
        title: "Signed out",
      });
  });
});

describe("reopening a refused stream", () => {
  it("waits 2 s, then twice as long each time, at most 30 s", () => {
    expect([0, 1, 2, 3, 4, 10].map(retryDelayMs)).toEqual([
      2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });
});
