import type { ChangeNote } from "../change-feed";
import type { Clock } from "../clock";
import { Dispatcher } from "../dispatch";
import type { EngineSettings } from "../settings";
import type { DeadlineKind, ExecutionRow, RunConfig, Store } from "../store";
import { newNonce } from "../tokens";
import { CLOSE_EVENTS, TRIGGERS_DECISION } from "./event-types";
import { durationMs, ONE_YEAR_SECONDS } from "./durations";

/** What a transaction needs from the engine: its store, its clock and its settings. */
export interface TxScope {
  readonly store: Store;
  readonly clock: Clock;
  readonly settings: EngineSettings;
}

/**
 * Runs `fn` in one engine transaction (see Transactions). `durable: false` lets its answer go out
 * before it is on disk; it becomes durable with the next commit that must be.
 */
export type Transact = <T>(fn: (tx: Tx) => T, options?: { durable?: boolean }) => T;

/** A Lambda function to invoke once the transaction that started it is durable. */
export interface LambdaInvocation {
  executionId: number;
  scheduledEventId: number;
  name: string;
  input?: string;
  /** When the engine stops waiting for the answer (epoch ms): its START_TO_CLOSE deadline. */
  deadline: number;
}

/**
 * Thrown by `append` when a run's history has no room left but for its close event. The
 * engine rolls the transaction back, terminates the run with cause EVENT_LIMIT_EXCEEDED and
 * retries.
 */
export class HistoryLimitReached extends Error {
  constructor(readonly executionId: number) {
    super(`history of execution ${executionId} is full`);
  }
}

/**
 * State of one engine transaction: the runs it touched (each loaded once and saved once),
 * the queues to wake, the earliest deadline to arm and the Lambda functions to invoke once it
 * commits.
 */
export class Tx {
  readonly now: number;
  readonly store: Store;
  readonly settings: EngineSettings;
  private runs = new Map<number, Run>();
  /** Queue key → how many tasks became available on it. */
  readonly wakes = new Map<string, number>();
  readonly invocations: LambdaInvocation[] = [];
  /** History events appended, for the change feed once the transaction commits. */
  readonly changes: ChangeNote[] = [];
  earliestDeadline: number | undefined;

  constructor(scope: TxScope) {
    this.store = scope.store;
    this.settings = scope.settings;
    this.now = scope.clock.now();
  }

  run(id: number): Run | undefined {
    let run = this.runs.get(id);
    if (!run) {
      const row = this.store.executions.byId(id);
      if (!row) return undefined;
      this.runs.set(id, (run = new Run(this, row)));
    }
    return run;
  }

  /** The run with this runId, or the open run of workflowId when runId is absent. */
  find(domain: string, workflowId: string, runId?: string): Run | undefined {
    const row = runId
      ? this.store.executions.byRun(domain, workflowId, runId)
      : this.store.executions.openByWorkflow(domain, workflowId);
    return row ? this.run(row.id) : undefined;
  }

  /** A run whose row this transaction has just inserted. */
  adoptNew(row: ExecutionRow): Run {
    const run = new Run(this, row);
    this.runs.set(row.id, run);
    return run;
  }

  adopt(id: number): Run {
    const run = this.run(id);
    if (!run) throw new Error(`engine bug: execution ${id} vanished`);
    return run;
  }

  wake(kind: "decision" | "activity", domain: string, taskList: string) {
    const key = Dispatcher.key(kind, domain, taskList);
    this.wakes.set(key, (this.wakes.get(key) ?? 0) + 1);
  }

  addDeadline(kind: DeadlineKind, dueAt: number, executionId: number, ref = 0) {
    this.store.deadlines.add(dueAt, kind, executionId, ref);
    if (this.earliestDeadline === undefined || dueAt < this.earliestDeadline)
      this.earliestDeadline = dueAt;
  }

  /** Persists every touched run; runs may schedule decision tasks while flushing. */
  flush() {
    for (const run of this.runs.values()) run.flush();
  }
}

/** A decision task just handed to a decider. */
export interface StartedDecisionTask {
  scheduledEventId: number;
  startedEventId: number;
  previousStartedEventId: number;
  nonce: string;
}

/** What a decider sends back with its decisions, as far as the decision task is concerned. */
export interface DecisionTaskAnswer {
  executionContext?: string;
  taskList?: { name: string };
  taskListScheduleToStartTimeout?: string;
  /** The schedule-to-start limit of a temporary override list (`taskListScheduleToStartTimeout` unless NONE). */
  overrideTimeout?: string;
}

/**
 * One execution inside one transaction: appends events, owns the state of its decision task
 * (scheduled, started, override list; the `dt_*` columns change here and nowhere else) and
 * persists its row when the transaction flushes.
 */
export class Run {
  private needsDecision = false;
  private cachedConfig?: RunConfig;

  /** The mutable columns as loaded: a run that only was read (a heartbeat) is not written back. */
  private readonly loaded: unknown[];

  constructor(
    readonly tx: Tx,
    readonly row: ExecutionRow,
  ) {
    this.loaded = mutableColumns(row);
  }

  get id() {
    return this.row.id;
  }
  get isOpen() {
    return this.row.open === 1;
  }
  get execution() {
    return { workflowId: this.row.workflow_id, runId: this.row.run_id };
  }
  get workflowType() {
    return { name: this.row.type_name, version: this.row.type_version };
  }
  get config(): RunConfig {
    return (this.cachedConfig ??= JSON.parse(this.row.config) as RunConfig);
  }

  append(eventType: string, attributes: Record<string, unknown>, timestamp = this.tx.now): number {
    if (!this.isOpen)
      throw new Error(`engine bug: ${eventType} appended to closed run ${this.row.run_id}`);
    // The last slot is reserved for a close event, so that a terminate always fits.
    if (
      this.row.next_event_id >= this.tx.settings.historyEventLimit &&
      !CLOSE_EVENTS.has(eventType)
    ) {
      throw new HistoryLimitReached(this.row.id);
    }
    const eventId = this.row.next_event_id++;
    this.tx.store.events.insert(this.row.id, eventId, eventType, timestamp, attributes);
    this.tx.changes.push({
      domain: this.row.domain,
      workflowId: this.row.workflow_id,
      runId: this.row.run_id,
      eventId,
      eventType,
    });
    if (TRIGGERS_DECISION.has(eventType)) this.needsDecision = true;
    return eventId;
  }

  /** Marks that a decision task must follow even if no triggering event was appended. */
  requireDecision() {
    this.needsDecision = true;
  }

  /** Called once by the transaction before it commits. */
  flush() {
    if (this.isOpen && this.needsDecision) this.scheduleDecisionTask();
    this.needsDecision = false;
    const now = mutableColumns(this.row);
    if (now.some((v, i) => v !== this.loaded[i])) {
      this.tx.store.executions.save(this.row);
      this.loaded.splice(0, now.length, ...now);
    }
  }

  /**
   * Persists the run as closed now rather than at flush (a continue-as-new inserts the next open
   * run of its workflowId right after). What it wrote need not be written again at flush.
   */
  saveClosed() {
    this.tx.store.executions.saveClosed(this.row);
    this.loaded.splice(0, this.loaded.length, ...mutableColumns(this.row));
  }

  /**
   * Arms a deadline `duration` from now. NONE means no limit of its own, but nothing outlives
   * one year: with `ceiling` a NONE deadline is armed one year out instead (used for the
   * clocks that bound a task's whole life, so the others need no ceiling of their own).
   */
  addDeadline(kind: DeadlineKind, duration: string | undefined, ref = 0, ceiling = false) {
    const ms = durationMs(duration) ?? (ceiling ? ONE_YEAR_SECONDS * 1000 : undefined);
    if (ms !== undefined) this.tx.addDeadline(kind, this.tx.now + ms, this.row.id, ref);
  }

  // ---- The decision task ----

  get openDecisionTasks(): 0 | 1 {
    return openDecisionTasks(this.row);
  }

  /** True when `scheduledEventId` and `nonce` name the decision task a decider holds now. */
  holdsDecisionTask(scheduledEventId: number, nonce: string): boolean {
    const { row } = this;
    return (
      this.isOpen &&
      row.dt_started_id !== 0 &&
      row.dt_started_scheduled_id === scheduledEventId &&
      row.dt_nonce === nonce
    );
  }

  /** Hands the scheduled decision task (taken off its queue by the caller) to a decider. */
  startDecisionTask(identity?: string): StartedDecisionTask {
    const { row } = this;
    this.tx.store.decisionQueue.remove(row.id);
    const scheduledEventId = row.dt_scheduled_id;
    const startedEventId = this.append("DecisionTaskStarted", { scheduledEventId, identity });
    row.dt_scheduled_id = 0;
    row.dt_started_id = startedEventId;
    row.dt_started_scheduled_id = scheduledEventId;
    row.dt_nonce = newNonce();
    this.addDeadline(
      "DECISION_START_TO_CLOSE",
      this.config.taskStartToCloseTimeout,
      scheduledEventId,
      true,
    );
    if (row.dt_override_timeout !== null)
      this.tx.store.deadlines.remove(row.id, "DECISION_SCHEDULE_TO_START", scheduledEventId);
    return {
      scheduledEventId,
      startedEventId,
      previousStartedEventId: row.dt_previous_started_id,
      nonce: row.dt_nonce,
    };
  }

  /**
   * Records the decider's answer to the started decision task (the caller checked it with
   * `holdsDecisionTask`). `pendingWork`: events that arrived while the decider worked already
   * scheduled the next decision task, so a close decision must fail.
   */
  completeDecisionTask(answer: DecisionTaskAnswer): {
    completedEventId: number;
    pendingWork: boolean;
  } {
    const { row } = this;
    const scheduledEventId = row.dt_started_scheduled_id;
    const startedEventId = row.dt_started_id;
    const completedEventId = this.append("DecisionTaskCompleted", {
      scheduledEventId,
      startedEventId,
      executionContext: answer.executionContext,
      taskList: answer.taskList,
      taskListScheduleToStartTimeout: answer.taskListScheduleToStartTimeout,
    });
    this.tx.store.deadlines.removeRef(row.id, scheduledEventId);
    row.dt_previous_started_id = startedEventId;
    row.dt_started_id = 0;
    row.dt_started_scheduled_id = 0;
    row.dt_nonce = null;
    if (answer.executionContext !== undefined)
      row.latest_execution_context = answer.executionContext;
    if (answer.taskList) {
      // Later decision tasks go to this list; with a schedule-to-start timeout only until
      // one of them is not picked up in time (or times out once started) there.
      row.decision_task_list = answer.taskList.name;
      row.dt_override_timeout = answer.overrideTimeout ?? null;
    }
    const pendingWork = row.dt_scheduled_id !== 0;
    // The decision task already scheduled becomes dispatchable once the decisions are applied.
    if (pendingWork) this.requireDecision();
    return { completedEventId, pendingWork };
  }

  /** The started decision task `scheduledEventId` ran out of time (a stale deadline does nothing). */
  timeOutDecisionTask(scheduledEventId: number, timestamp: number) {
    const { row } = this;
    if (row.dt_started_id === 0 || row.dt_started_scheduled_id !== scheduledEventId) return;
    this.append(
      "DecisionTaskTimedOut",
      {
        timeoutType: "START_TO_CLOSE",
        scheduledEventId,
        startedEventId: row.dt_started_id,
      },
      timestamp,
    );
    row.dt_started_id = 0;
    row.dt_started_scheduled_id = 0;
    row.dt_nonce = null;
    // A task that timed out on a temporary override list sends the next one home.
    if (this.overrideTimeout !== undefined) this.revertTaskListOverride();
  }

  /** Nobody picked the task up on the temporary override list in time: drop it and go home. */
  expireOverrideDecisionTask(scheduledEventId: number, timestamp: number) {
    const { row } = this;
    if (row.dt_scheduled_id !== scheduledEventId || row.dt_started_id !== 0) return;
    this.tx.store.decisionQueue.remove(row.id);
    this.append(
      "DecisionTaskTimedOut",
      { timeoutType: "SCHEDULE_TO_START", scheduledEventId, startedEventId: 0 },
      timestamp,
    );
    row.dt_scheduled_id = 0;
    this.revertTaskListOverride();
  }

  /** The run closed: its decision task, scheduled or started, is gone without an event. */
  discardDecisionTask() {
    const { row } = this;
    row.dt_scheduled_id = 0;
    row.dt_started_id = 0;
    row.dt_started_scheduled_id = 0;
    row.dt_nonce = null;
    this.tx.store.decisionQueue.remove(row.id);
  }

  /**
   * The schedule-to-start timeout of a temporary decision task-list override, while
   * decision tasks go to that override list; undefined otherwise.
   */
  private get overrideTimeout(): string | undefined {
    const t = this.row.dt_override_timeout;
    return t !== null && this.row.decision_task_list !== this.config.taskList ? t : undefined;
  }

  /** Back to the run's own decision task list (a temporary override expired). */
  private revertTaskListOverride() {
    this.row.decision_task_list = this.config.taskList;
    this.row.dt_override_timeout = null;
  }

  private scheduleDecisionTask() {
    if (this.row.dt_scheduled_id === 0) {
      const { taskStartToCloseTimeout, taskPriority } = this.config;
      const scheduleToStartTimeout = this.overrideTimeout;
      this.row.dt_scheduled_id = this.append("DecisionTaskScheduled", {
        taskList: { name: this.row.decision_task_list },
        startToCloseTimeout: taskStartToCloseTimeout,
        ...(taskPriority !== "0" ? { taskPriority } : {}),
        ...(scheduleToStartTimeout !== undefined ? { scheduleToStartTimeout } : {}),
      });
    }
    this.makeDecisionDispatchable();
  }

  /** A scheduled decision task may be handed out only while none of this run is started. */
  private makeDecisionDispatchable() {
    if (this.row.dt_scheduled_id === 0 || this.row.dt_started_id !== 0) return;
    const list = this.row.decision_task_list;
    const added = this.tx.store.decisionQueue.add(
      this.row.id,
      this.row.domain,
      list,
      Number(this.config.taskPriority),
    );
    if (added.changes === 0) return; // already queued
    this.tx.wake("decision", this.row.domain, list);
    // On a temporary override list the task must be picked up in time, or it goes back home.
    const timeout = this.overrideTimeout;
    if (timeout !== undefined)
      this.addDeadline("DECISION_SCHEDULE_TO_START", timeout, this.row.dt_scheduled_id);
  }
}

/** 1 while a decision task of the run is scheduled or started (SWF reports at most one). */
export function openDecisionTasks(row: ExecutionRow): 0 | 1 {
  return row.dt_scheduled_id || row.dt_started_id ? 1 : 0;
}

/** What `executions.save` writes (closing is saved on its own, by closeRun). */
function mutableColumns(r: ExecutionRow): unknown[] {
  return [
    r.cancel_requested,
    r.next_event_id,
    r.latest_activity_at,
    r.latest_execution_context,
    r.decision_task_list,
    r.dt_scheduled_id,
    r.dt_started_id,
    r.dt_started_scheduled_id,
    r.dt_nonce,
    r.dt_previous_started_id,
    r.dt_override_timeout,
  ];
}
