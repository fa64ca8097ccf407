"use client";

import { useState } from "react";
import { callSwf } from "@/components/api/client";
import type { ExecutionSelection } from "@/components/actions/selection";
import { FaultAlert } from "@/components/ui/alert";
import { TextButton } from "@/components/ui/button";
import { formatCount } from "@/components/ui/format";
import { fetchAllMatching, MATCHING_LIMIT } from "./fetchers";
import type { ListFilters } from "./url-state";

/**
 * "Select all N matching": every execution the filters match, across all pages (up to 10,000),
 * handed to the bulk actions — not just the rows of this page. Offered when more match than the
 * page shows.
 */
export function SelectAllMatching({
  domain,
  filters,
  matching,
  shown,
  selection,
}: {
  domain: string;
  filters: ListFilters;
  /** How many the filters match (SWF's count), if known. */
  matching: number | undefined;
  /** Rows on this page. */
  shown: number;
  selection: ExecutionSelection;
}) {
  const [busy, setBusy] = useState(false);
  const [gathered, setGathered] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [truncated, setTruncated] = useState(false);
  if (matching === undefined || matching <= shown) return null;
  const all = Math.min(matching, MATCHING_LIMIT);
  const selectAll = async () => {
    setBusy(true);
    setError(null);
    try {
      const found = await fetchAllMatching(callSwf, domain, filters, { onProgress: setGathered });
      selection.setAll(found.executions, true);
      setTruncated(found.truncated);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="flex items-center gap-2 text-sm" data-testid="select-all-matching">
      {busy ? (
        <span role="status">Gathering… {formatCount(gathered)}</span>
      ) : (
        <TextButton onClick={() => void selectAll()} data-testid="select-all-matching-button">
          {matching > MATCHING_LIMIT
            ? `Select the first ${formatCount(all)} of ${formatCount(matching)} matching`
            : `Select all ${formatCount(matching)} matching`}
        </TextButton>
      )}
      {truncated ? (
        <span className="text-slate-600 dark:text-slate-400">
          (the first {formatCount(MATCHING_LIMIT)}; narrow the filter for the rest)
        </span>
      ) : null}
      <FaultAlert error={error} title="Could not gather the matching executions" />
    </span>
  );
}
