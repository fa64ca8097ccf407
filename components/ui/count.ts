/** SWF's `{count, truncated}` (WorkflowExecutionCount, PendingTaskCount). */
export interface SwfCount {
  count?: number;
  truncated?: boolean;
}

/** "1,234", or "≥ 1,234" when SWF gave up counting (truncated). */
export function formatCount(value: SwfCount | undefined | null): string {
  if (!value || value.count === undefined) return "—";
  const n = value.count.toLocaleString("en-US");
  return value.truncated ? `≥ ${n}` : n;
}

/** "1 execution", "23 executions", "≥ 1,000 executions". */
export function formatCountOf(
  value: SwfCount | undefined | null,
  singular: string,
  plural = `${singular}s`,
): string {
  if (!value || value.count === undefined) return `— ${plural}`;
  return `${formatCount(value)} ${value.count === 1 && !value.truncated ? singular : plural}`;
}
