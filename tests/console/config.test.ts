import { afterAll, describe, expect, it } from "vitest";
import {
  consoleDbLocation,
  isPostgresUrl,
  parseHumanTaskLists,
  sessionTtlMs,
} from "@/lib/console/config";
import { humanTaskListsSetting, setHumanTaskLists } from "@/lib/console/settings";
import { STORE_KINDS, closeStores, openStore } from "./stores";

afterAll(closeStores);

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
});

describe.each(STORE_KINDS)("human task lists setting (%s)", (kind) => {
  it("prefers the admin's setting over the environment, and can revert", async () => {
    const db = await openStore(kind);
    const env = { HUMAN_TASK_LISTS: "orders:approvals" };
    expect(await humanTaskListsSetting(db, env)).toEqual({
      source: "environment",
      lists: [{ domain: "orders", taskList: "approvals" }],
      updatedAt: null,
      updatedBy: null,
    });
    await setHumanTaskLists(db, [{ domain: "media", taskList: "review" }], "root", 5);
    expect(await humanTaskListsSetting(db, env)).toEqual({
      source: "settings",
      updatedBy: "root",
      updatedAt: 5,
      lists: [{ domain: "media", taskList: "review" }],
    });
    await setHumanTaskLists(db, [], "root");
    expect(await humanTaskListsSetting(db, env)).toMatchObject({ source: "settings", lists: [] });
    await setHumanTaskLists(db, null, "root");
    expect((await humanTaskListsSetting(db, env)).source).toBe("environment");
    expect(await humanTaskListsSetting(db, { HUMAN_TASK_LISTS: "broken" })).toMatchObject({
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

  it("keeps its state in PostgreSQL when CONSOLE_DATABASE_URL is set, else in SQLite", () => {
    const url = "postgres://console@db.example:5432/console";
    expect(consoleDbLocation({ CONSOLE_DATABASE_URL: ` ${url} `, CONSOLE_DB: "x.sqlite" })).toBe(
      url,
    );
    expect(isPostgresUrl(url)).toBe(true);
    expect(isPostgresUrl("postgresql://h/db")).toBe(true);
    expect(consoleDbLocation({ CONSOLE_DATABASE_URL: " ", CONSOLE_DB: ":memory:" })).toBe(
      ":memory:",
    );
    expect(consoleDbLocation({})).toMatch(/data\/console\.sqlite$/);
    expect(isPostgresUrl(consoleDbLocation({}))).toBe(false);
  });

  it("takes a relative CONSOLE_DB from where the command was typed, the default from the project's root", () => {
    // npm runs scripts (npm start, npm run dev) from the project's root and names the folder the
    // command was typed in INIT_CWD, as the engine's ENGINE_DB and --db are read.
    const root = "/srv/swf-console";
    expect(consoleDbLocation({ CONSOLE_DB: "c.sqlite", INIT_CWD: "/home/ada" }, root)).toBe(
      "/home/ada/c.sqlite",
    );
    expect(consoleDbLocation({ CONSOLE_DB: "c.sqlite" }, root)).toBe(`${root}/c.sqlite`);
    expect(consoleDbLocation({ CONSOLE_DB: "/var/c.sqlite", INIT_CWD: "/home/ada" }, root)).toBe(
      "/var/c.sqlite",
    );
    expect(consoleDbLocation({ INIT_CWD: "/home/ada" }, root)).toBe(`${root}/data/console.sqlite`);
  });
});
