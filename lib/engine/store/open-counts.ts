/**
 * Open executions per domain, for the open-executions limit. Counted from the table the first
 * time a domain is asked about, then kept in memory by the transactions that open and close
 * runs: storing the count would rewrite the domain's row, one more page in the log, on every
 * start and every close.
 *
 * A count describes the table as this connection sees it, its open transaction included. So
 * `add` comes after the row is written, and changes nothing for a domain not counted yet (its
 * first count will include the row). A unit that fails takes its changes back (`unit`), and a
 * batch whose COMMIT failed takes every count with it (`forget`), and so does a batch that finds
 * another connection wrote to the file since this one's last batch.
 */
export class OpenCounts {
  private readonly counts = new Map<string, number>();
  /** The running unit's changes: the deltas it applied and the domains it counted first. */
  private unitLog?: { deltas: [string, number][]; counted: string[] };

  constructor(private readonly countOpen: (domain: string) => number) {}

  get(domain: string): number {
    let count = this.counts.get(domain);
    if (count === undefined) {
      this.counts.set(domain, (count = this.countOpen(domain)));
      this.unitLog?.counted.push(domain);
    }
    return count;
  }

  /** A run of `domain` was just inserted open (+1) or saved closed (−1). */
  add(domain: string, delta: number) {
    const count = this.counts.get(domain);
    if (count === undefined) return;
    this.counts.set(domain, count + delta);
    this.unitLog?.deltas.push([domain, delta]);
  }

  /** Runs one all-or-nothing unit of work: if it throws, its changes to the counts are undone. */
  unit<T>(fn: () => T): T {
    const outer = this.unitLog;
    const log: NonNullable<OpenCounts["unitLog"]> = (this.unitLog = { deltas: [], counted: [] });
    try {
      const result = fn();
      // Nested in a unit that may still fail: that one takes these changes back too.
      outer?.deltas.push(...log.deltas);
      outer?.counted.push(...log.counted);
      return result;
    } catch (error) {
      for (const [domain, delta] of log.deltas) {
        const count = this.counts.get(domain);
        if (count !== undefined) this.counts.set(domain, count - delta);
      }
      // Counted inside the failed unit: the count may include rows it wrote.
      for (const domain of log.counted) this.counts.delete(domain);
      throw error;
    } finally {
      this.unitLog = outer;
    }
  }

  /** Everything uncommitted was rolled back, or someone else wrote: the table is the truth again. */
  forget() {
    this.counts.clear();
  }
}
