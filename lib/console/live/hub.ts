/**
 * The console's live hub: browser tabs subscribe to topics (topics.ts); one watcher per topic,
 * shared by every tab watching it (reference-counted), reads SWF and fans the change out.
 *
 * - push mode (the embedded engine's change feed answers): watchers read SWF only when the feed
 *   says their topic changed — one history read per change per watched run, whatever the number
 *   of tabs; lists and task lists cost nothing here (the tabs refetch what they show).
 * - poll mode (AWS, or the feed is off or down): each watcher polls SWF on a timer, once for all
 *   tabs, and the timers stretch so that all watchers together stay within `budgetPerSecond`
 *   calls (well inside SWF's throttles). Task-list backlogs are counted here and the counts pushed,
 *   so that tabs do not count them each.
 */
import {
  CountPendingActivityTasksCommand,
  CountPendingDecisionTasksCommand,
  GetWorkflowExecutionHistoryCommand,
  ListClosedWorkflowExecutionsCommand,
  ListOpenWorkflowExecutionsCommand,
  type HistoryEvent,
  type PendingTaskCount,
  type SWFClient,
} from "@aws-sdk/client-swf";
import { toSwfError } from "@/lib/swf/errors";
import { createLogger } from "@/lib/log";
import { followFeed, probeFeed, type FeedFault } from "./engine-feed";
import { parseTopic, topicString, topicsOfChange, type EngineChange, type Topic } from "./topics";

const log = createLogger("live-hub");

export type LiveMessage =
  | { topic: string; type: "events"; events: HistoryEvent[]; lastEventId: number }
  | { topic: string; type: "changed" }
  /** Poll mode: the pending task counts of the task lists the topic names. */
  | { topic: string; type: "counts"; counts: PendingCounts[] }
  | { type: "mode"; mode: LiveMode }
  | { type: "swf"; swf: SwfReach };

/**
 * Whether the hub's last SWF call got an answer. A stream can be up while SWF is not: without
 * this a tab would say "Live" over data that stopped changing because every read fails.
 */
export interface SwfReach {
  reachable: boolean;
  /** The failure, while unreachable (EndpointUnreachable, TimeoutError, a 5xx fault). */
  fault?: string;
  message?: string;
}

export interface PendingCounts {
  taskList: string;
  decision: PendingTaskCount;
  activity: PendingTaskCount;
}

export type LiveMode = "push" | "poll";
export type Listener = (message: LiveMessage) => void;

export interface HubOptions {
  swf: SWFClient;
  /** The engine's address for its change feed; undefined: never push (AWS). */
  feedEndpoint?: string;
  /** Poll periods in poll mode (ms). */
  pollMs?: { execution?: number; executions?: number; tasklists?: number; inbox?: number };
  /** SWF calls per second all pollers together may make. */
  budgetPerSecond?: number;
  /** A value that changes whenever the inbox does (read from the console's own store). */
  inboxSignature?: () => Promise<string>;
  /** Re-probe a missing feed this often (ms). */
  reprobeMs?: number;
  /**
   * How long one of the hub's reads may take, retries included, before SWF counts as unreachable
   * (ms, default 5 s). The hub's reads are small (a page of 1 to 100); it reads again next period.
   */
  readTimeoutMs?: number;
  /**
   * Told that a watched domain's runs changed (one started or closed) or, in push mode, its
   * pending tasks did, before the tabs are: what the server keeps about the domain's runs and task
   * lists for a few seconds must not answer their refetch.
   */
  onDomainChanged?: (domain: string) => void;
}

/**
 * How much every poller's period must stretch for all of them together to make at most `budget`
 * calls per second: one factor for all, so each keeps its cadence relative to the others (an
 * execution page polled every 2 s does not slow to the period of a page counting 40 task lists).
 */
export function pollStretch(
  pollers: readonly { callsPerPoll: number; pollMs: number }[],
  budget: number,
): number {
  let perSecond = 0;
  for (const p of pollers) perSecond += (p.callsPerPoll * 1000) / p.pollMs;
  return Math.max(1, perSecond / budget);
}

const DEFAULT_POLL = { execution: 2000, executions: 3000, tasklists: 5000, inbox: 1000 };
/** See `HubOptions.readTimeoutMs`. */
export const HUB_READ_TIMEOUT_MS = 5_000;
const TAIL_PAGE = 100;
/** Task lists counted at once (two calls each). */
const COUNT_BATCH = 8;

abstract class Watcher {
  readonly listeners = new Set<Listener>();
  private running = false;
  private dirty = false;
  private timer?: NodeJS.Timeout;
  closed = false;
  private markBaseline!: () => void;
  /**
   * Settles once the watcher's first read has answered (or failed): from then on a change is
   * told to its listeners. A change before it is in what a reader sees when it reads afterwards.
   */
  readonly baseline = new Promise<void>((resolve) => (this.markBaseline = resolve));

  constructor(
    protected readonly hub: LiveHub,
    readonly topic: string,
  ) {}

  /** SWF calls one poll makes (0: not polled against SWF). */
  abstract readonly callsPerPoll: number;
  /** The topic the engine's feed names for this watcher's changes. */
  get feedTopic(): string {
    return this.topic;
  }
  abstract readonly pollMs: number;
  /** Reads the source; emits when it changed since the last read. */
  protected abstract read(): Promise<void>;
  /** A change announced by the engine's feed. */
  onFeed(): void {
    this.kick();
  }

  emit(message: LiveMessage) {
    for (const l of this.listeners) l(message);
  }

  /** Runs `read` now, or once more after the running one (never two at once). */
  kick() {
    if (this.closed) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = true;
    void this.read()
      .catch((error) =>
        log.warn({ topic: this.topic, err: (error as Error).message }, "read failed"),
      )
      .finally(() => {
        this.running = false;
        this.markBaseline();
        if (this.dirty) {
          this.dirty = false;
          this.kick();
        }
      });
  }

  /** (Re)arms the poll timer when the hub polls this kind of watcher. */
  schedule() {
    clearTimeout(this.timer);
    if (this.closed || !this.hub.polls(this)) return;
    this.timer = setTimeout(() => {
      this.kick();
      this.schedule();
    }, this.hub.pollDelay(this));
    this.timer.unref?.();
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    this.markBaseline();
  }
}

class ExecutionWatcher extends Watcher {
  readonly callsPerPoll = 1;
  private lastEventId?: number;
  constructor(
    hub: LiveHub,
    topic: string,
    private readonly t: Extract<Topic, { kind: "execution" }>,
  ) {
    super(hub, topic);
  }
  get pollMs() {
    return this.hub.pollMs.execution;
  }
  protected async read() {
    const known = this.lastEventId;
    const fresh: HistoryEvent[] = [];
    let newest = known ?? 0;
    let token: string | undefined;
    for (let round = 0; round < 20; round++) {
      const page = await this.hub.send(
        new GetWorkflowExecutionHistoryCommand({
          domain: this.t.domain,
          execution: { workflowId: this.t.workflowId, runId: this.t.runId },
          reverseOrder: true,
          maximumPageSize: known === undefined ? 1 : TAIL_PAGE,
          nextPageToken: token,
        }),
      );
      let reached = false;
      for (const e of page.events ?? []) {
        const id = e.eventId ?? 0;
        newest = Math.max(newest, id);
        if (known !== undefined && id > known) fresh.push(e);
        else reached = true;
      }
      token = page.nextPageToken;
      if (reached || !token) break;
    }
    this.lastEventId = newest;
    if (known === undefined || fresh.length === 0) return;
    fresh.sort((a, b) => (a.eventId ?? 0) - (b.eventId ?? 0));
    this.emit({ topic: this.topic, type: "events", events: fresh, lastEventId: newest });
  }
}

class ExecutionsWatcher extends Watcher {
  readonly callsPerPoll = 2;
  private signature?: string;
  constructor(
    hub: LiveHub,
    topic: string,
    private readonly domain: string,
  ) {
    super(hub, topic);
  }
  get pollMs() {
    return this.hub.pollMs.executions;
  }
  override onFeed() {
    // The feed already says what changed: no need to read SWF.
    this.changed();
  }
  private changed() {
    this.hub.onDomainChanged?.(this.domain);
    this.emit({ topic: this.topic, type: "changed" });
  }
  protected async read() {
    if (this.hub.mode === "push") return;
    const epoch = new Date(0);
    const [open, closed] = await Promise.all([
      this.hub.send(
        new ListOpenWorkflowExecutionsCommand({
          domain: this.domain,
          startTimeFilter: { oldestDate: epoch },
          maximumPageSize: 1,
        }),
      ),
      this.hub.send(
        new ListClosedWorkflowExecutionsCommand({
          domain: this.domain,
          closeTimeFilter: { oldestDate: epoch },
          maximumPageSize: 1,
        }),
      ),
    ]);
    const o = open.executionInfos?.[0];
    const c = closed.executionInfos?.[0];
    const signature = `${o?.execution?.runId}/${c?.execution?.runId}/${c?.closeTimestamp?.getTime()}`;
    const before = this.signature;
    this.signature = signature;
    if (before !== undefined && before !== signature) this.changed();
  }
}

/**
 * Task-list backlogs. Push mode: the feed says when they may have changed (throttled; each tab
 * refetches). Poll mode: the task lists the topic names (those the tabs show) are counted once per
 * period for all tabs, and the counts pushed when they change.
 */
class TaskListsWatcher extends Watcher {
  private pending?: NodeJS.Timeout;
  private signature?: string;
  private readonly names: string[];
  constructor(
    hub: LiveHub,
    topic: string,
    private readonly t: Extract<Topic, { kind: "tasklists" }>,
  ) {
    super(hub, topic);
    this.names = [...new Set(t.taskLists)].sort();
  }
  get callsPerPoll() {
    return 2 * this.names.length;
  }
  get pollMs() {
    return this.hub.pollMs.tasklists;
  }
  override get feedTopic() {
    return topicString({ kind: "tasklists", domain: this.t.domain });
  }
  override onFeed() {
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      // A task scheduled on a list no open run decides on makes the list known (the engine
      // names it), so the domain's shared task lists are gathered again.
      this.hub.onDomainChanged?.(this.t.domain);
      this.emit({ topic: this.topic, type: "changed" });
    }, 500);
  }
  protected async read() {
    if (this.hub.mode === "push") return;
    const names = this.names;
    const counts: PendingCounts[] = [];
    for (let i = 0; i < names.length; i += COUNT_BATCH)
      await Promise.all(
        names.slice(i, i + COUNT_BATCH).map(async (name) => {
          const input = { domain: this.t.domain, taskList: { name } };
          const [decision, activity] = await Promise.all([
            this.hub.send(new CountPendingDecisionTasksCommand(input)),
            this.hub.send(new CountPendingActivityTasksCommand(input)),
          ]);
          counts.push({
            taskList: name,
            decision: pendingCount(decision),
            activity: pendingCount(activity),
          });
        }),
      );
    counts.sort((a, b) => (a.taskList < b.taskList ? -1 : 1));
    const signature = JSON.stringify(counts);
    const before = this.signature;
    this.signature = signature;
    if (before !== undefined && before !== signature)
      this.emit({ topic: this.topic, type: "counts", counts });
  }
  override close() {
    super.close();
    clearTimeout(this.pending);
  }
}

const pendingCount = (c: PendingTaskCount): PendingTaskCount => ({
  count: c.count,
  truncated: c.truncated,
});

/** The inbox lives in the console's own store: watched there, in both modes, at no SWF cost. */
class InboxWatcher extends Watcher {
  readonly callsPerPoll = 0;
  private signature?: string;
  get pollMs() {
    return this.hub.pollMs.inbox;
  }
  protected async read() {
    const signature = await this.hub.inboxSignature?.();
    const before = this.signature;
    this.signature = signature;
    if (before !== undefined && before !== signature)
      this.emit({ topic: this.topic, type: "changed" });
  }
}

export class LiveHub {
  mode: LiveMode = "poll";
  readonly pollMs: { execution: number; executions: number; tasklists: number; inbox: number };
  readonly inboxSignature?: () => Promise<string>;
  readonly onDomainChanged?: (domain: string) => void;
  /** SWF calls made (answered or failed), by command name (for tests and the benchmark). */
  readonly calls = new Map<string, number>();
  private readonly watchers = new Map<string, Watcher>();
  private readonly modeListeners = new Set<Listener>();
  private feed?: { stop(): void };
  private reprobe?: NodeJS.Timeout;
  private readonly budget: number;
  private readonly readTimeoutMs: number;
  private closed = false;
  readonly ready: Promise<void>;

  constructor(private readonly options: HubOptions) {
    this.pollMs = { ...DEFAULT_POLL, ...options.pollMs };
    this.budget = options.budgetPerSecond ?? 5;
    this.readTimeoutMs = options.readTimeoutMs ?? HUB_READ_TIMEOUT_MS;
    this.inboxSignature = options.inboxSignature;
    this.onDomainChanged = options.onDomainChanged;
    this.ready = this.connectFeed();
  }

  /**
   * The SWF client's `send`, counted by command; its outcome says whether SWF answers. Bounded by
   * `readTimeoutMs` in all (the client's own timeout is the pages', and it retries): a hung SWF
   * turns the hub's reachability false within seconds, not after the client's attempts.
   */
  readonly send = (async (command: object) => {
    const deadline = AbortSignal.timeout(this.readTimeoutMs);
    try {
      const output = await this.options.swf.send(command as never, {
        abortSignal: deadline as never,
      });
      this.setReach({ reachable: true });
      return output;
    } catch (error) {
      if (deadline.aborted) {
        this.setReach({
          reachable: false,
          fault: "TimeoutError",
          message: `SWF did not answer within ${this.readTimeoutMs / 1000} s`,
        });
        throw error;
      }
      // A fault SWF answered with (a deleted run, a throttle) still means SWF is there.
      const { status, body } = toSwfError(error);
      if (status >= 500)
        this.setReach({ reachable: false, fault: body.fault, message: body.message });
      throw error;
    } finally {
      // Counted once answered (or failed): a count seen means what the call read is known.
      const name = command.constructor.name.replace(/Command$/, "");
      this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    }
  }) as SWFClient["send"];

  /** Whether SWF answered the hub's last call (every stream hears when that changes). */
  swf: SwfReach = { reachable: true };

  private setReach(next: SwfReach) {
    if (next.reachable === this.swf.reachable && next.fault === this.swf.fault) return;
    this.swf = next;
    for (const l of this.modeListeners) l({ type: "swf", swf: next });
  }

  /** Whether `watcher` runs on a timer now. */
  polls(watcher: Watcher): boolean {
    if (watcher instanceof InboxWatcher) return true;
    return this.mode === "poll" && watcher.callsPerPoll > 0;
  }

  /** A watcher's period: its own, stretched so that all pollers stay within the call budget. */
  pollDelay(watcher: Watcher): number {
    if (watcher.callsPerPoll === 0) return watcher.pollMs;
    const pollers = [...this.watchers.values()].filter((w) => this.polls(w));
    return watcher.pollMs * pollStretch(pollers, this.budget);
  }

  /** Subscribes `listener` to `topics` (invalid ones are ignored); returns the unsubscribe. */
  subscribe(topics: readonly string[], listener: Listener): () => void {
    const mine: Watcher[] = [];
    for (const topic of new Set(topics)) {
      const watcher = this.watcherFor(topic);
      if (!watcher) continue;
      watcher.listeners.add(listener);
      mine.push(watcher);
    }
    this.modeListeners.add(listener);
    return () => {
      this.modeListeners.delete(listener);
      for (const w of mine) {
        w.listeners.delete(listener);
        if (w.listeners.size === 0) {
          w.close();
          this.watchers.delete(w.topic);
        }
      }
    };
  }

  /**
   * Settles once every watcher of `topics` has taken its baseline (its first read answered or
   * failed). A change after that reaches the subscribers; one before it may have gone into the
   * baseline instead, unseen by them. So a stream says it is live only then, and its tab re-reads
   * what it shows at that moment: together the two miss nothing.
   */
  watching(topics: readonly string[]): Promise<void> {
    const watchers = [...new Set(topics)].flatMap((t) => this.watchers.get(t) ?? []);
    return Promise.all(watchers.map((w) => w.baseline)).then(() => undefined);
  }

  /** Live streams (browser tabs) subscribed now (metrics). */
  get clientCount(): number {
    return this.modeListeners.size;
  }

  /** Watchers alive now (tests, metrics). */
  get watcherCount(): number {
    return this.watchers.size;
  }

  close() {
    this.closed = true;
    this.feed?.stop();
    clearTimeout(this.reprobe);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  private watcherFor(topic: string): Watcher | undefined {
    const existing = this.watchers.get(topic);
    if (existing) return existing;
    const t = parseTopic(topic);
    if (!t) return undefined;
    const watcher =
      t.kind === "execution"
        ? new ExecutionWatcher(this, topic, t)
        : t.kind === "executions"
          ? new ExecutionsWatcher(this, topic, t.domain)
          : t.kind === "tasklists"
            ? new TaskListsWatcher(this, topic, t)
            : new InboxWatcher(this, topic);
    this.watchers.set(topic, watcher);
    watcher.kick(); // the baseline, so that the first change is recognised as one
    watcher.schedule();
    return watcher;
  }

  private setMode(mode: LiveMode) {
    // The feed comes from the endpoint the hub reads: its answering says SWF is back, and push
    // mode makes no call that would say so (lists and task lists are not read).
    if (mode === "push") this.setReach({ reachable: true });
    if (this.mode === mode) return;
    this.mode = mode;
    for (const w of this.watchers.values()) {
      w.schedule();
      // Whatever happened while switching: read again.
      w.kick();
    }
    for (const l of this.modeListeners) l({ type: "mode", mode });
  }

  private async connectFeed(): Promise<void> {
    const endpoint = this.options.feedEndpoint;
    if (!endpoint || this.closed) return;
    if (!(await probeFeed(endpoint))) {
      this.reprobe = setTimeout(() => void this.connectFeed(), this.options.reprobeMs ?? 30_000);
      this.reprobe.unref?.();
      return;
    }
    if (this.closed) return;
    this.feed = followFeed(endpoint, {
      onChanges: (changes) => this.onChanges(changes),
      onReset: () => {
        for (const w of this.watchers.values()) w.kick();
      },
      onState: (connected, fault) => this.onFeedState(connected, fault),
    });
  }

  /**
   * The feed comes from the engine that answers SWF: its silence or a refused connection says SWF
   * does not answer (push mode makes no SWF read that would notice). The hub polls meanwhile, and
   * goes back to push, reachable, once the feed answers again.
   */
  private onFeedState(connected: boolean, fault?: FeedFault) {
    if (!connected && fault) this.setReach({ reachable: false, ...fault });
    this.setMode(connected ? "push" : "poll");
  }

  private onChanges(changes: readonly EngineChange[]) {
    this.setReach({ reachable: true });
    const changed = new Set<string>();
    for (const c of changes) for (const topic of topicsOfChange(c)) changed.add(topic);
    for (const w of this.watchers.values()) if (changed.has(w.feedTopic)) w.onFeed();
  }
}
