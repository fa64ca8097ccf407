import { describe, expect, it } from "vitest";
import { parseHumanTaskLists, sessionTtlMs } from "@/lib/console/config";
import { humanTaskListsSetting, setHumanTaskLists } from "@/lib/console/settings";
import { memoryDb } from "./helpers";
import { migrate } from "@/lib/console/db";
import { MIGRATIONS } from "@/lib/console/migrations";

describe("HUMAN_TASK_LISTS", () => {
  it("parses domain:list pairs separated by commas, spaces or new lines, without duplicates", () => {
    expect(parseHumanTaskLists("orders:approvals,media:review")).toEqual([
      { domain: "orders", taskList: "approvals" },
      { domain: "media", taskList: "review" },
    ]);
    expect(parseHumanTaskLists(" a:b \n c:d ,a:b,")).toEqual([
      { domain: "a", taskList: "b" },
      { domain: "c", taskList: "d" },
    ]);
    expect(parseHumanTaskLists(undefined)).toEqual([]);
    expect(parseHumanTaskLists("")).toEqual([]);
  });

  it("rejects malformed entries with the entry named", () => {
    expect(() => parseHumanTaskLists("orders")).toThrow(/"orders" is not of the form/);
    expect(() => parseHumanTaskLists("a:b:c")).toThrow(/a:b:c/);
    expect(() => parseHumanTaskLists(":b")).toThrow();
    expect(() => parseHumanTaskLists("arn:x")).toThrow(/invalid domain/);
    expect(() => parseHumanTaskLists(`d:${"x".repeat(257)}`)).toThrow(/invalid task list/);
  });

  it("prefers the admin's setting over the environment, and can revert", () => {
    const db = memoryDb();
    const env = { HUMAN_TASK_LISTS: "orders:approvals" };
    expect(humanTaskListsSetting(db, env)).toMatchObject({
      source: "environment",
      lists: [{ domain: "orders", taskList: "approvals" }],
    });
    setHumanTaskLists(db, [{ domain: "media", taskList: "review" }], "root", 5);
    expect(humanTaskListsSetting(db, env)).toMatchObject({
      source: "settings",
      updatedBy: "root",
      updatedAt: 5,
      lists: [{ domain: "media", taskList: "review" }],
    });
    setHumanTaskLists(db, [], "root");
    expect(humanTaskListsSetting(db, env)).toMatchObject({ source: "settings", lists: [] });
    setHumanTaskLists(db, null, "root");
    expect(humanTaskListsSetting(db, env).source).toBe("environment");
    expect(humanTaskListsSetting(db, { HUMAN_TASK_LISTS: "broken" })).toMatchObject({
      lists: [],
      error: expect.stringContaining("broken"),
    });
  });
});

describe("console configuration", () => {
  it("reads the session lifetime", () => {
    expect(sessionTtlMs({})).toBe(12 * 3_600_000);
    expect(sessionTtlMs({ CONSOLE_SESSION_HOURS: "1" })).toBe(3_600_000);
    expect(sessionTtlMs({ CONSOLE_SESSION_HOURS: "nonsense" })).toBe(12 * 3_600_000);
  });

  it("migrates once and refuses a newer schema", () => {
    const db = memoryDb();
    expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    migrate(db); // idempotent
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this console/);
  });
});
