import type { ExecutionRow, RunConfig } from "../store";
import { TRIGGERS_DECISION } from "./event-types";
import { durationMs } from "./durations";
import type { Tx } from "./tx";

/**
 * One execution inside one transaction: appends events, tracks whether a decision task is
 * needed, and persists its row when the transaction flushes.
 */
export class Run {
  private needsDecision = false;
  private cachedConfig?: RunConfig;

  constructor(
    readonly tx: Tx,
    readonly row: ExecutionRow,
  ) {}

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
    if (!this.isOpen) throw new Error(`engine bug: ${eventType} appended to closed run ${this.row.run_id}`);
    const eventId = this.row.next_event_id++;
    this.tx.store.events.insert(this.row.id, eventId, eventType, timestamp, attributes);
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
    this.tx.store.executions.save(this.row);
  }

  private scheduleDecisionTask() {
    if (this.row.dt_scheduled_id === 0) {
      const { taskStartToCloseTimeout, taskPriority } = this.config;
      this.row.dt_scheduled_id = this.append("DecisionTaskScheduled", {
        taskList: { name: this.row.decision_task_list },
        startToCloseTimeout: taskStartToCloseTimeout,
        ...(taskPriority !== "0" ? { taskPriority } : {}),
      });
    }
    this.makeDecisionDispatchable();
  }

  /** A scheduled decision task may be handed out only while none of this run is started. */
  makeDecisionDispatchable() {
    if (this.row.dt_scheduled_id === 0 || this.row.dt_started_id !== 0) return;
    const list = this.row.decision_task_list;
    this.tx.store.decisionQueue.add(this.row.id, this.row.domain, list, Number(this.config.taskPriority));
    this.tx.wake("decision", this.row.domain, list);
  }

  /** Arms a deadline `duration` from now unless the duration is NONE. */
  addDeadline(kind: Parameters<Tx["addDeadline"]>[0], duration: string | undefined, ref = 0) {
    const ms = durationMs(duration);
    if (ms !== undefined) this.tx.addDeadline(kind, this.tx.now + ms, this.row.id, ref);
  }
}
