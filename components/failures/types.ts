// Shapes of the failures API as the browser receives them (JSON: dates as epoch ms numbers).
import type { FailedRun, FailureGroup, FailureStatus } from "@/lib/console/failures-group";
import type { StatusCount } from "@/lib/console/failures";
import type { RerunPlanItem, RerunResult } from "@/lib/console/failures-rerun";
import type { RerunStatus } from "@/lib/console/failures-rerun-status";
import type { Runbook } from "@/lib/console/runbooks";

export type { FailedRun, FailureStatus, RerunPlanItem, RerunResult, RerunStatus, Runbook };

export interface FailureGroupView extends FailureGroup {
  runbook: Runbook | null;
}

export interface FailuresReportView {
  domain: string;
  window: { oldest: number; latest: number };
  windowName: string;
  bucketMs: number;
  counts: Record<FailureStatus, StatusCount>;
  unread: number;
  groups: FailureGroupView[];
  generatedAt: number;
}

export interface GroupRunsPage {
  total: number;
  page: number;
  pageSize: number;
  /** `rerun`: whether the run was re-run and by whom (null: not, as far as is known). */
  runs: (FailedRun & { rerun: RerunStatus | null })[];
}

export interface RerunAnswer {
  dryRun: boolean;
  /** Runs in the group. */
  total: number;
  /** Runs of the group not re-run yet (one per workflow id): before a preview, after a start. */
  remaining: number;
  /** Runs of the group re-run already (before a preview, after a start). */
  rerun: number;
  /** Runs one pass starts at most. */
  limit: number;
  plan?: RerunPlanItem[];
  results?: RerunResult[];
  bulkId?: string;
}
