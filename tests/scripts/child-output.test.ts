import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../lib/log";
import { childOutput } from "../../scripts/child-output";

/** Lines the project's logger writes when its output is a pipe, as a child's reach npm start. */
function loggedLines(log: (logger: ReturnType<typeof createLogger>) => void): string[] {
  const destination = new PassThrough();
  let written = "";
  destination.on("data", (chunk: Buffer) => (written += chunk));
  log(createLogger("engine", { destination }));
  return written.trim().split("\n");
}

function show(lines: string[], terminal: boolean): string[] {
  const printed: string[] = [];
  const output = childOutput("engine", { terminal, print: (line) => printed.push(line) });
  lines.forEach(output);
  return printed;
}

describe("childOutput", () => {
  it("shows a child's JSON log lines as one readable line each on a terminal", () => {
    const lines = loggedLines((log) =>
      log.info({ url: "http://127.0.0.1:7070" }, "engine started"),
    );
    expect(lines[0]).toMatch(/^\{"level":30/);
    const [printed, ...rest] = show(lines, true);
    expect(rest).toEqual([]);
    expect(printed).toMatch(
      /^\[engine\] \[\d\d:\d\d:\d\d\] .*INFO.*: engine started .*"url":"http:\/\/127\.0\.0\.1:7070"/,
    );
    expect(printed).not.toContain('"level"');
  });

  it("keeps the child's name in front of every line of an error's stack", () => {
    const lines = loggedLines((log) => log.error({ err: new Error("disk full") }, "write failed"));
    const printed = show(lines, true);
    expect(printed.length).toBeGreaterThan(1);
    expect(printed.every((line) => line.startsWith("[engine] "))).toBe(true);
    expect(printed.join("\n")).toContain("disk full");
  });

  it("passes lines unchanged off a terminal, and anything that is not a log line everywhere", () => {
    const lines = loggedLines((log) => log.info("engine started"));
    expect(show(lines, false)).toEqual([`[engine] ${lines[0]}`]);
    expect(show(["listening on http://127.0.0.1:7070", '{"not":"a log line"}'], true)).toEqual([
      "[engine] listening on http://127.0.0.1:7070",
      '[engine] {"not":"a log line"}',
    ]);
  });
});
