/**
 * Every TanStack Query key of the console, in one factory. Keys nest, so that an action can
 * invalidate exactly what it changed: everything about one domain starts with `domain.all(domain)`,
 * its executions lists with `executions.all(domain)`, one run with `execution.all(ref)`. No "use
 * client": the server-side prefetch seeds the same keys.
 */

export interface ExecutionRef {
  domain: string;
  workflowId: string;
  runId: string;
}

const swf = ["swf"] as const;

export const keys = {
  /** Domains: the list pages and each domain's description. */
  domains: {
    all: () => [...swf, "domains"] as const,
    list: (status: string) => [...swf, "domains", "list", status] as const,
  },
  domain: {
    all: (domain: string) => [...swf, "domain", domain] as const,
    describe: (domain: string) => [...swf, "domain", domain, "describe"] as const,
  },
  /** Visibility: lists, counts and the overview of one domain's executions. */
  executions: {
    all: (domain: string) => [...swf, "domain", domain, "executions"] as const,
    list: (domain: string, filters: string, token: string | null) =>
      [...swf, "domain", domain, "executions", "list", filters, token] as const,
    count: (domain: string, filters: string) =>
      [...swf, "domain", domain, "executions", "count", filters] as const,
    overview: (domain: string) => [...swf, "domain", domain, "executions", "overview"] as const,
    /** Every page of the list, and every count (the live stream refreshes them). */
    lists: (domain: string) => [...swf, "domain", domain, "executions", "list"] as const,
    counts: (domain: string) => [...swf, "domain", domain, "executions", "count"] as const,
    openCount: (domain: string) => [...swf, "domain", domain, "executions", "open-count"] as const,
    openTaskLists: (domain: string) =>
      [...swf, "domain", domain, "executions", "open-task-lists"] as const,
    /** Recent closed runs of one type: the candidates a run is compared with. */
    closedOfType: (domain: string, name?: string, version?: string) =>
      [...swf, "domain", domain, "executions", "closed-of-type", name, version] as const,
  },
  /** One run: its description, its history pages and the live tail of its history. */
  execution: {
    /** Every run of one workflowId (a signal or terminate sent without a runId). */
    workflow: (domain: string, workflowId: string) =>
      [...swf, "domain", domain, "execution", workflowId] as const,
    all: (r: ExecutionRef) =>
      [...swf, "domain", r.domain, "execution", r.workflowId, r.runId] as const,
    describe: (r: ExecutionRef) =>
      [...swf, "domain", r.domain, "execution", r.workflowId, r.runId, "describe"] as const,
    history: (r: ExecutionRef) =>
      [...swf, "domain", r.domain, "execution", r.workflowId, r.runId, "history", "pages"] as const,
    tail: (r: ExecutionRef) =>
      [...swf, "domain", r.domain, "execution", r.workflowId, r.runId, "history", "tail"] as const,
    startAttributes: (r: ExecutionRef) =>
      [...swf, "domain", r.domain, "execution", r.workflowId, r.runId, "start-attributes"] as const,
  },
  /** Registered types and task lists of one domain. */
  types: {
    all: (domain: string) => [...swf, "domain", domain, "types"] as const,
    list: (domain: string, kind: string, status: string) =>
      [...swf, "domain", domain, "types", kind, status] as const,
    registered: (domain: string, kind: string) =>
      [...swf, "domain", domain, "types", kind, "REGISTERED", "all-pages"] as const,
    describe: (domain: string, kind: string, name?: string, version?: string) =>
      [...swf, "domain", domain, "types", kind, "describe", name, version] as const,
    registration: (domain: string) => [...swf, "domain", domain, "types", "registration"] as const,
  },
  pendingTasks: (domain: string, taskList: string) =>
    [...swf, "domain", domain, "pending", taskList] as const,
  /** The pending-task counts of every task list of a domain. */
  pendingAll: (domain: string) => [...swf, "domain", domain, "pending"] as const,
  /** The console's own data. */
  session: () => ["console-session"] as const,
  /** The approver's inbox: every key starts with `inbox.all()`, so one decision refreshes them all. */
  inbox: {
    all: () => ["console-inbox"] as const,
    /** A view of the list (its query string), whole or its first screenful. */
    list: (query: string) => ["console-inbox", "list", query] as const,
    head: (query: string) => ["console-inbox", "head", query] as const,
    /** The pending count of the heading and the navigation. */
    count: () => ["console-inbox", "count"] as const,
    task: (id: number) => ["console-inbox", "task", id] as const,
    /** The pending tasks of one run (the execution page's link to them). */
    execution: (r: ExecutionRef) =>
      ["console-inbox", "execution", r.domain, r.workflowId, r.runId] as const,
    /** A task's execution as the detail pane summarizes it: its description and latest events. */
    executionSummary: (r: ExecutionRef) =>
      ["console-inbox", "execution-summary", r.domain, r.workflowId, r.runId] as const,
    executionRecent: (r: ExecutionRef) =>
      ["console-inbox", "execution-recent", r.domain, r.workflowId, r.runId] as const,
    /** The webhooks of the human task lists (Settings). */
    hooks: () => ["console-inbox", "hooks"] as const,
    /** Who a task may be assigned to (the Assign picker). */
    assignees: () => ["console-inbox", "assignees"] as const,
  },
  audit: (query: string) => ["console-audit", query] as const,
  users: () => ["console-users"] as const,
  settings: () => ["console-settings"] as const,
  /** A domain's dashboard report for one window. */
  dashboard: (domain: string, window: string) => ["console-dashboard", domain, window] as const,
  /** A domain's failures: the grouped report, the runs of one group, their runbook notes. */
  failures: {
    all: (domain: string) => ["console-failures", domain] as const,
    report: (domain: string, window: string, from?: string, to?: string) =>
      ["console-failures", domain, "report", window, from, to] as const,
    runs: (
      domain: string,
      window: string,
      from: string | undefined,
      to: string | undefined,
      group: string,
      page: number,
    ) => ["console-failures", domain, "runs", window, from, to, group, page] as const,
  },
  /** Saved views of a domain's executions list. */
  savedViews: (domain: string) => ["console-views", domain] as const,
};
