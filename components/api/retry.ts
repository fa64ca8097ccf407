/**
 * Whether a view's read that failed is tried again (TanStack Query's `retry`): once, and only when
 * it failed fast. SWF faults (4xx) are answers, not glitches. A 504 means the console already waited
 * its whole SWF timeout (CONSOLE_SWF_TIMEOUT_SECONDS) for nothing: another try would keep the page
 * spinning as long again before it shows the fault. The view's next refresh, or SWF's return
 * (the live stream re-reads then), reads again.
 */
export function retryRead(failures: number, error: Error): boolean {
  const status = (error as { status?: number } | null)?.status;
  return failures < 1 && (status === undefined || (status >= 500 && status !== 504));
}
