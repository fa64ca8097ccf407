import type { ExecutionRow, RunConfig } from "../store";
import { CLOSE_EVENTS, TRIGGERS_DECISION } from "./event-types";
import { durationMs, ONE_YEAR_SECONDS } from "./durations";
import type { Tx } from "./tx";

/**
 * Thrown by `append` when a run's history has no room left but for its close event
 *. The engine rolls the transaction back, terminates the run with cause
 * EVENT_LIMIT_EXCEEDED and retries.
 */
export class HistoryLimitReached extends Error {
  constructor(readonly executionId: number) {
    super(`history of execution ${executionId} is full`);
  }
}

/**
 * One execution inside one transaction: appends events, tracks whether a decision task is
 * needed, and persists its row when the transaction flushes.
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
      this.row.next_event_id >= this.tx.engine.settings.historyEventLimit &&
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
   * The schedule-to-start timeout of a temporary decision task-list override, while
   * decision tasks go to that override list; undefined otherwise.
   */
  get overrideTimeout(): string | undefined {
    const t = this.row.dt_override_timeout;
    return t !== null && this.row.decision_task_list !== this.config.taskList ? t : undefined;
  }

  /** Back to the run's own decision task list (a temporary override expired). */
  revertTaskListOverride() {
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
  makeDecisionDispatchable() {
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

  /**
   * Arms a deadline `duration` from now. NONE means no limit of its own, but nothing outlives
   * one year: with `ceiling` a NONE deadline is armed one year out instead (used for the
   * clocks that bound a task's whole life, so the others need no ceiling of their own).
   */
  addDeadline(
    kind: Parameters<Tx["addDeadline"]>[0],
    duration: string | undefined,
    ref = 0,
    ceiling = false,
  ) {
    const ms = durationMs(duration) ?? (ceiling ? ONE_YEAR_SECONDS * 1000 : undefined);
    if (ms !== undefined) this.tx.addDeadline(kind, this.tx.now + ms, this.row.id, ref);
  }
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
