import type { CredentialsConfig, KeyConfig } from "./auth";
import type { Clock } from "./clock";

export interface EngineOptions {
  /** SQLite file, or ":memory:". */
  db: string;
  clock?: Clock;
  /** How long an empty long poll waits (SWF: 60 s); 0 answers at once. */
  pollTimeoutSeconds?: number;
  region?: string;
  accountId?: string;
  durability?: "full" | "normal";
  /**
   * Events per history (SWF: 25,000). A run about to exceed it is terminated with cause
   * EVENT_LIMIT_EXCEEDED; the last slot is kept for that event.
   */
  historyEventLimit?: number;
  /** Open (scheduled or started) activity tasks per run (SWF: 1,000). */
  maxOpenActivities?: number;
  /** Open timers per run (SWF: 1,000). */
  maxOpenTimers?: number;
  /** Open child executions per run (SWF: 1,000). */
  maxOpenChildren?: number;
  /** Open Lambda tasks per run (OPEN_LAMBDA_FUNCTIONS_LIMIT_EXCEEDED beyond it; default 1,000). */
  maxOpenLambdaFunctions?: number;
  /** Open executions per domain, children included (SWF: 100,000). */
  maxOpenExecutions?: number;
  /** Registered workflow types, and activity types, per domain, deprecated included (SWF: 10,000 each). */
  maxTypesPerDomain?: number;
  /** Long polls waiting at once on one task list before LimitExceededFault (SWF: 1,000). */
  maxPollersPerTaskList?: number;
  /**
   * Strict SigV4 mode: access key id → secret access key (or `{secret, deny}`, see KeyConfig).
   * When given, every request must carry a valid signature by one of these keys; without it any
   * signature (or none) is accepted.
   */
  credentials?: CredentialsConfig;
  /**
   * Lambda Invoke API the engine calls for Lambda tasks (AWS Lambda, LocalStack, or the local
   * function runner). Without it every ScheduleLambdaFunction decision fails with
   * LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION.
   */
  lambdaEndpoint?: string;
  /**
   * Opens `GET /metrics` to `Authorization: Bearer <token>` only. Without it the metrics are open
   * on an engine that accepts any signature, and off (404) on one that checks signatures: they
   * name domains and task lists, which strict mode keeps from unsigned callers.
   */
  metricsToken?: string;
}

/** The engine's settings, resolved once from its options. */
export interface EngineSettings {
  pollTimeoutMs: number;
  region: string;
  accountId: string;
  historyEventLimit: number;
  maxOpenActivities: number;
  maxOpenTimers: number;
  maxOpenChildren: number;
  maxOpenLambdaFunctions: number;
  maxOpenExecutions: number;
  maxTypesPerDomain: number;
  maxPollersPerTaskList: number;
  credentials?: ReadonlyMap<string, KeyConfig>;
  lambdaEndpoint?: string;
  metricsToken?: string;
}

export function resolveSettings(options: Omit<EngineOptions, "db" | "clock">): EngineSettings {
  if (options.historyEventLimit !== undefined && !(options.historyEventLimit >= 3)) {
    throw new Error("historyEventLimit must be at least 3");
  }
  return {
    pollTimeoutMs: (options.pollTimeoutSeconds ?? 60) * 1000,
    region: options.region ?? "us-east-1",
    accountId: options.accountId ?? "123456789012",
    historyEventLimit: options.historyEventLimit ?? 25_000,
    maxOpenActivities: options.maxOpenActivities ?? 1000,
    maxOpenTimers: options.maxOpenTimers ?? 1000,
    maxOpenChildren: options.maxOpenChildren ?? 1000,
    maxOpenLambdaFunctions: options.maxOpenLambdaFunctions ?? 1000,
    maxOpenExecutions: options.maxOpenExecutions ?? 100_000,
    maxTypesPerDomain: options.maxTypesPerDomain ?? 10_000,
    maxPollersPerTaskList: options.maxPollersPerTaskList ?? 1000,
    credentials: options.credentials
      ? new Map(
          Object.entries(options.credentials).map(([id, k]) => [
            id,
            typeof k === "string" ? { secret: k } : k,
          ]),
        )
      : undefined,
    lambdaEndpoint: options.lambdaEndpoint || undefined,
    metricsToken: options.metricsToken?.trim() || undefined,
  };
}
