/**
 * The engine's Prometheus metrics (`GET /metrics`), in a Registry of its own so that embedding
 * the engine in another process (tests, the console's dev server) never mixes registries.
 * Counters and histograms are updated on the request path; gauges of stored state (open
 * executions, pending tasks) are read from SQLite only when scraped.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Engine } from "./engine";

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5, 30, 70];
const COMMIT_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 1];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

export class EngineMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<"operation" | "fault">;
  private readonly latency: Histogram<"operation">;
  private readonly commitLatency: Histogram;
  private readonly commitBatch: Histogram;
  private readonly logSyncs: Counter;
  private readonly refused: Counter<"reason">;

  constructor(engine: Engine, heldPolls: () => number) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: "swf_engine_requests_total",
      help: "SWF requests answered, by operation and fault (empty when the request succeeded)",
      labelNames: ["operation", "fault"],
      registers,
    });
    this.latency = new Histogram({
      name: "swf_engine_request_duration_seconds",
      help: "Time from a request's arrival to its answer (long polls included), by operation",
      labelNames: ["operation"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.commitLatency = new Histogram({
      name: "swf_engine_commit_duration_seconds",
      help: "Duration of each group commit (COMMIT, and the log's sync when it needs one)",
      buckets: COMMIT_BUCKETS,
      registers,
    });
    this.commitBatch = new Histogram({
      name: "swf_engine_commit_batch_size",
      help: "Transactions carried by each group commit",
      buckets: BATCH_BUCKETS,
      registers,
    });
    this.logSyncs = new Counter({
      name: "swf_engine_log_syncs_total",
      help: "Group commits that synced the write-ahead log to disk (durability full)",
      registers,
    });
    this.refused = new Counter({
      name: "swf_engine_refused_total",
      help: "Requests refused before reaching SWF: host, connections, held polls",
      labelNames: ["reason"],
      registers,
    });
    const db = engine.store.db;
    const openExecutions = db.prepare<[], { n: number }>(
      "SELECT COUNT(*) AS n FROM executions WHERE open = 1",
    );
    const pendingDecisions = db.prepare<[], { domain: string; task_list: string; n: number }>(
      "SELECT domain, task_list, COUNT(*) AS n FROM decision_queue GROUP BY domain, task_list",
    );
    const pendingActivities = db.prepare<[], { domain: string; task_list: string; n: number }>(
      `SELECT domain, task_list, COUNT(*) AS n FROM activity_tasks WHERE started_event_id = 0
       GROUP BY domain, task_list`,
    );
    new Gauge({
      name: "swf_engine_open_executions",
      help: "Open workflow executions, all domains",
      registers,
      collect() {
        this.set(openExecutions.get()!.n);
      },
    });
    new Gauge({
      name: "swf_engine_pending_tasks",
      help: "Tasks scheduled and not yet handed out, by kind, domain and task list",
      labelNames: ["kind", "domain", "task_list"],
      registers,
      collect() {
        this.reset();
        for (const r of pendingDecisions.all())
          this.set({ kind: "decision", domain: r.domain, task_list: r.task_list }, r.n);
        for (const r of pendingActivities.all())
          this.set({ kind: "activity", domain: r.domain, task_list: r.task_list }, r.n);
      },
    });
    new Gauge({
      name: "swf_engine_held_long_polls",
      help: "Long polls waiting for a task right now",
      registers,
      collect() {
        this.set(heldPolls());
      },
    });
    engine.store.onCommit((seconds, size, synced) => {
      this.commitLatency.observe(seconds);
      this.commitBatch.observe(size);
      if (synced) this.logSyncs.inc();
    });
  }

  /** One answered request; `fault` is the SWF fault name, or "" for success. */
  request(operation: string, fault: string, seconds: number) {
    this.requests.inc({ operation, fault });
    this.latency.observe({ operation }, seconds);
  }

  refuse(reason: "host" | "connections" | "polls") {
    this.refused.inc({ reason });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
