// The inbox's search, sorts and questions on both store backends (real SQLite, real PostgreSQL):
// a search's words are ANDed over the searched columns (the decider and the decision comment
// included), "Most recent" is by arrival and "Last changed" by change, a long question is kept
// whole in the input with a shortened copy for the list, and an over-long search is cut, not
// refused (the view keeps its counts).
import { afterAll, describe, expect, it, vi } from "vitest";
import { parseInboxUrl } from "@/components/inbox/inbox-url";
import { filterLocally } from "@/components/inbox/types";
import type { Db } from "@/lib/console/db";
import { inboxPage, parseListQuery } from "@/lib/console/inbox-http";
import { questionOfInput, LIST_QUESTION_CHARS } from "@/lib/console/inbox-question";
import { boundedSearch, MAX_SEARCH_CHARS } from "@/lib/console/inbox-search";
import {
  assignTask,
  claimTask,
  completeClaim,
  countViews,
  getTask,
  insertReceivedTask,
  listTaskSummaries,
  releaseClaim,
  viewQuery,
  type ReceivedTask,
  type TaskQuery,
} from "@/lib/console/inbox-store";
import { createUser } from "@/lib/console/users";
import { TEST_TOKEN_KEY } from "./human-tasks";
import { closeStores, openStore, STORE_KINDS } from "./stores";

vi.stubEnv("CONSOLE_TASK_TOKEN_KEY", TEST_TOKEN_KEY);
afterAll(closeStores);

const received = (n: number, workflowId: string, input: object): ReceivedTask => ({
  taskToken: `search-token-${n}`,
  domain: "orders",
  taskList: "approvals",
  activityId: `approve-${n}`,
  activityType: { name: "ApproveOrder", version: "1" },
  workflowId,
  runId: `run-${n}`,
  startedEventId: 6,
  input: JSON.stringify(input),
});

async function insert(db: Db, n: number, workflowId: string, input: object, at: number) {
  return (await insertReceivedTask(db, received(n, workflowId, input), at)).id;
}

describe.each(STORE_KINDS)("inbox search and sorts (%s)", (kind) => {
  /**
   * A-1005 for Grace (waiting), A-1006 for Grace (waiting), B-7 for Alan (approved by alice with
   * a comment), a discount code holding LIKE's wildcards (waiting).
   */
  async function seeded() {
    const db = await openStore(kind);
    const t1 = await insert(
      db,
      1,
      "order-A-1005",
      { question: "Ship?", customer: "Grace Hopper" },
      100,
    );
    const t2 = await insert(
      db,
      2,
      "order-A-1006",
      { question: "Ship?", customer: "Grace Kelly" },
      200,
    );
    const t3 = await insert(db, 3, "order-B-7", { question: "Ship?", customer: "Alan" }, 300);
    const t4 = await insert(db, 4, "order-C-1", { question: "Code?", code: "x%_y" }, 400);
    const claim = await claimTask(
      db,
      t3,
      { by: "alice", decision: "approve", comment: "used the kbd shortcut" },
      500,
    );
    expect(claim.ok).toBe(true);
    await completeClaim(db, t3, "completed", 500);
    return { db, t1, t2, t3, t4 };
  }

  const idsOf = async (db: Db, q: TaskQuery) =>
    (await listTaskSummaries(db, { sort: "age", ...q })).map((t) => t.id);

  it("matches each word of a search in any searched column, in any case", async () => {
    const { db, t1, t2, t3, t4 } = await seeded();
    // The id is in the workflow id, the name in the input: one phrase would find neither.
    expect(await idsOf(db, { text: "A-1005 Grace" })).toEqual([t1]);
    expect(await idsOf(db, { text: "  grace\ta-1005  " })).toEqual([t1]);
    expect(await idsOf(db, { text: "Grace" })).toEqual([t1, t2]);
    expect(await idsOf(db, { text: "A-1005 Turing" })).toEqual([]);
    expect(await idsOf(db, { text: "ship? approveorder" })).toEqual([t1, t2, t3]);
    // % and _ are the characters themselves, not LIKE's wildcards.
    expect(await idsOf(db, { text: "x%_y" })).toEqual([t4]);
    expect(await idsOf(db, { text: "x%y" })).toEqual([]);
    expect(await idsOf(db, { text: "x__y" })).toEqual([]);
    expect(await idsOf(db, { text: "%" })).toEqual([t4]);
  });

  it("finds a decided task by its decider and by its decision comment, and counts it so", async () => {
    const { db, t1, t3 } = await seeded();
    const decided = (text: string) => idsOf(db, viewQuery("decided", "bob", { text }));
    expect(await decided("alice")).toEqual([t3]);
    expect(await decided("KBD")).toEqual([t3]);
    expect(await decided("alice kbd alan")).toEqual([t3]);
    expect(await decided("alice grace")).toEqual([]);
    expect(await countViews(db, "bob", { text: "alice kbd" }, 1_000)).toMatchObject({
      pending: 0,
      decided: 1,
    });
    // A decision under way is found by its decider too; once refused, it no longer is.
    await claimTask(db, t1, { by: "carol", decision: "reject", comment: "nope" }, 600);
    expect(await idsOf(db, { text: "carol nope" })).toEqual([t1]);
    await releaseClaim(db, t1, "carol", 700);
    expect(await idsOf(db, { text: "carol" })).toEqual([]);
  });

  it("takes a search of many words (one set of parameters each) on this backend", async () => {
    const { db, t1 } = await seeded();
    const many = Array.from({ length: 120 }, (_, i) => `w${i}`).join(" ");
    expect(many.length).toBeLessThanOrEqual(MAX_SEARCH_CHARS);
    expect(await idsOf(db, { text: many })).toEqual([]);
    expect(await idsOf(db, { text: `${"grace ".repeat(80)}a-1005` })).toEqual([t1]);
  });

  it("sorts 'Most recent' by arrival and 'Last changed' by the last change", async () => {
    const { db, t1, t2, t3, t4 } = await seeded();
    await createUser(db, { username: "bob", password: "bob-password", role: "approver" });
    // The oldest open task is taken and a decision on it refused: it changed last, arrived first.
    await assignTask(db, t1, { to: "bob", by: "bob", mayReassign: false }, 900);
    await claimTask(db, t2, { by: "bob", decision: "approve", comment: null }, 950);
    await releaseClaim(db, t2, "bob", 960);
    const pending = (sort?: TaskQuery["sort"]) =>
      listTaskSummaries(db, viewQuery("pending", "bob", { sort })).then((r) => r.map((t) => t.id));
    expect(await pending()).toEqual([t1, t2, t4]); // the view's own order: oldest first
    expect(await pending("recent")).toEqual([t4, t2, t1]);
    expect(await pending("changed")).toEqual([t2, t1, t4]);
    const all = (sort?: TaskQuery["sort"]) =>
      listTaskSummaries(db, { sort }).then((r) => r.map((t) => t.id));
    expect(await all("recent")).toEqual([t4, t3, t2, t1]);
    // Closed views keep their own order: the last decided first.
    expect(await all()).toEqual([t2, t1, t3, t4]);
  });
});

describe.each(STORE_KINDS)("questions (%s)", (kind) => {
  it("keeps a long question whole in the input and a shortened copy, marked with '…', for the list", async () => {
    const db = await openStore(kind);
    const question = `${"Approve the order of Ada Lovelace, ".repeat(150)}but only if it ships from Lyon.`;
    expect(question.length).toBeGreaterThan(5_000);
    const id = await insert(db, 1, "long-1", { question, orderId: "o-1" }, 100);
    const task = (await getTask(db, id))!;
    expect(task.question).toHaveLength(LIST_QUESTION_CHARS);
    expect(task.question!.endsWith("…")).toBe(true);
    expect(question.startsWith(task.question!.slice(0, -1))).toBe(true);
    // What the pane reads: the whole question, the deciding clause at its end included.
    expect(questionOfInput(task.input)).toEqual({ text: question, json: false });
    // The end of the question is still found (the input is searched).
    expect(await idsOf(db, "ships from Lyon")).toEqual([id]);

    const short = await insert(db, 2, "short-1", { question: "Ship?" }, 100);
    expect((await getTask(db, short))!.question).toBe("Ship?");
  });

  it("shows a question that is not a string as its JSON, and has none for null or blank", async () => {
    const db = await openStore(kind);
    const obj = await insert(db, 1, "obj-1", { question: { text: "obj?" } }, 100);
    expect((await getTask(db, obj))!.question).toBe('{"text":"obj?"}');
    expect(await idsOf(db, "obj?")).toEqual([obj]);
    const nothing = await insert(db, 2, "null-1", { question: null, x: 1 }, 100);
    expect((await getTask(db, nothing))!.question).toBeNull();
    const blank = await insert(db, 3, "blank-1", { question: "  " }, 100);
    expect((await getTask(db, blank))!.question).toBeNull();
    expect(questionOfInput('{"question": 42}')).toEqual({ text: "42", json: true });
    expect(questionOfInput('["question"]')).toBeNull();
    expect(questionOfInput("not json")).toBeNull();
  });

  const idsOf = async (db: Db, text: string) =>
    (await listTaskSummaries(db, { text })).map((t) => t.id);
});

describe.each(STORE_KINDS)("an over-long search (%s)", (kind) => {
  it("is cut to its first 500 characters, and the view keeps its rows and counts", async () => {
    const db = await openStore(kind);
    const id = await insert(db, 1, "order-A-1005", { customer: "Grace" }, 100);
    const long = `A-1005 ${"x".repeat(600)}`;
    const parsed = parseListQuery(new URLSearchParams({ q: long }));
    expect(parsed).toMatchObject({ ok: true, filters: { text: long.slice(0, MAX_SEARCH_CHARS) } });
    const page = await inboxPage(db, "bob", new URLSearchParams({ q: long }), 1_000);
    expect(page.counts).toEqual({ pending: 0, mine: 0, overdue: 0, decided: 0, expired: 0 });
    const found = await inboxPage(
      db,
      "bob",
      new URLSearchParams({ q: `a-1005 ${" ".repeat(600)}grace` }),
      1_000,
    );
    // Only the first 500 characters count: "grace" past them is not part of the search.
    expect(found.counts.pending).toBe(1);
    expect(found.tasks?.map((t) => t.id)).toEqual([id]);
  });
});

describe("the search's bounds and words in the browser", () => {
  it("cuts an over-long search from the URL and says so", () => {
    const long = "y".repeat(MAX_SEARCH_CHARS + 1);
    expect(parseInboxUrl(new URLSearchParams({ q: long }))).toMatchObject({
      filters: { q: long.slice(0, MAX_SEARCH_CHARS) },
      searchCut: true,
    });
    expect(parseInboxUrl(new URLSearchParams({ q: "grace" }))).toMatchObject({
      filters: { q: "grace" },
      searchCut: false,
    });
    expect(parseInboxUrl(new URLSearchParams()).searchCut).toBe(false);
    // Never half of a character made of two UTF-16 units.
    const emoji = `${"y".repeat(MAX_SEARCH_CHARS - 1)}😀`;
    expect(boundedSearch(emoji)).toEqual({ q: "y".repeat(MAX_SEARCH_CHARS - 1), cut: true });
  });

  it("filters the rows already shown by every word, as the server does", () => {
    const row = (id: number, workflowId: string, decidedBy: string | null) => ({
      id,
      domain: "orders",
      taskList: "approvals",
      activityType: { name: "ApproveOrder", version: "1" },
      activityId: "a",
      workflowId,
      runId: "r",
      question: "Approve for Grace?",
      receivedAt: 0,
      deadline: null,
      state: "pending" as const,
      decision: null,
      decidedBy,
      decidedAt: null,
      assignee: null,
      assignedAt: null,
      outcomeUnknown: false,
    });
    const rows = [row(1, "A-1005", null), row(2, "A-1006", "alice")];
    const ids = (q: string) => filterLocally(rows, { q }, "bob").map((r) => r.id);
    expect(ids("a-1005 GRACE")).toEqual([1]);
    expect(ids("grace")).toEqual([1, 2]);
    expect(ids("alice grace")).toEqual([2]);
    expect(ids("A-1005 Turing")).toEqual([]);
  });
});
