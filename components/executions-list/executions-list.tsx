"use client";

import { BulkActions } from "@/components/actions/bulk-actions";
import { keys } from "@/components/api/keys";
import { useExecutionSelection } from "@/components/actions/selection";
import { StartExecutionLink } from "@/components/actions/start-execution-link";
import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { formatCountOf } from "@/components/ui/count";
import { labelClass } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/states";
import { FaultAlert } from "@/components/ui/alert";
import { Time } from "@/components/ui/time";
import { useUrlParams } from "@/components/ui/use-url-params";
import { ExecutionsTable } from "./executions-table";
import { ColumnChooser } from "@/components/ui/column-chooser";
import { useStoredSetting } from "@/components/ui/use-stored-setting";
import { EXECUTION_COLUMNS, hiddenColumns, visibleColumns } from "./columns";
import { FilterForm, ScopeControls } from "./filters";
import {
  currentCursor,
  initialPager,
  nextPage,
  pageNumber,
  previousPage,
  type PagerState,
} from "./pagination";
import { REFRESH_MS, useExecutionsCount, useExecutionsPage } from "./queries";
import { OtherStateOffer } from "./other-state";
import { SelectAllMatching } from "./select-all-matching";
import { useLiveExecutionsList } from "@/components/live/live-sync";
import { useLivePause } from "@/components/live/use-live";
import { SavedViews } from "./saved-views";
import { nextRowSort, parseRowSort, rowSortParam, sortRows } from "./sort";
import {
  filtersKey,
  listFiltersToParams,
  PAGE_SIZES,
  parseListFilters,
  withChanges,
  type ExclusiveFilter,
  type ListFilters,
} from "./url-state";

/**
 * A domain's executions: filters from the URL, newest first, one page at a time (token stack),
 * with the matching count, refreshed every few seconds unless paused.
 */
export function ExecutionsList({ domain }: { domain: string }) {
  const selection = useExecutionSelection();
  const { searchParams, setParams } = useUrlParams();
  const filters = useMemo(() => parseListFilters(searchParams), [searchParams]);
  const key = filtersKey(filters);
  const [pager, setPager] = useState<PagerState>(() => initialPager(key));
  const [live, setLive] = useState(true);
  const cursor = currentCursor(pager, key);
  const page = useExecutionsPage(domain, filters, cursor, live);
  const count = useExecutionsCount(domain, filters, live);
  const changedWhilePaused = useLiveExecutionsList(domain, live);
  // The page's one live indicator (beside the domain's tabs) says "Paused" while this is off.
  useLivePause(!live);
  const queryClient = useQueryClient();
  const hidden = useStoredSetting(hiddenColumns);

  const update = (changes: Partial<ListFilters>) =>
    setParams((now) =>
      listFiltersToParams(withChanges(parseListFilters(now), changes), now.toString()),
    );
  const applyFilter = (filter: ExclusiveFilter | null) => update({ filter });

  // SWF lists newest first; any other order sorts the rows loaded (the "sort" URL param).
  const sort = parseRowSort(searchParams.get("sort"));
  const loaded = page.data?.executionInfos;
  const rows = useMemo(
    () => sortRows(loaded ?? [], sort, page.data?.fetchedAt ?? 0),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [loaded, sort?.column, sort?.direction, page.data?.fetchedAt],
  );
  const onSort = (column: Parameters<typeof nextRowSort>[1]) => {
    const next = rowSortParam(nextRowSort(sort, column));
    setParams((params) => {
      if (next) params.set("sort", next);
      else params.delete("sort");
      return params;
    }, "replace");
  };
  const pageNo = pageNumber(pager, key);
  const firstRow = (pageNo - 1) * filters.pageSize + 1;
  const nextToken = page.data?.nextPageToken;
  const showingPlaceholder = page.isPlaceholderData;

  return (
    <section aria-label="Executions" className="flex flex-col gap-2">
      <div className="flex flex-col gap-2 rounded border border-slate-200 bg-slate-50/60 p-2 dark:border-slate-800 dark:bg-slate-900/40">
        <ScopeControls filters={filters} onChange={update} />
        <SavedViews domain={domain} />
        {/* A new applied filter (applied, cleared, a saved view, Back) resets the draft; a change
            of scope keeps what is typed. Leaving closed executions drops a close-status filter. */}
        <FilterForm key={JSON.stringify(filters.filter)} filters={filters} onApply={applyFilter} />
      </div>

      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <p data-testid="execution-count" aria-live="polite" className="font-semibold">
          {count.data
            ? formatCountOf(count.data, "execution")
            : count.isError
              ? "count unavailable"
              : "counting…"}
        </p>
        <p className="text-slate-600 dark:text-slate-400" data-testid="page-info">
          Page {pageNo}
          {rows.length > 0 ? ` · rows ${firstRow}–${firstRow + rows.length - 1}` : ""}
        </p>
        <div className="flex gap-1">
          <Button
            size="xs"
            disabled={pageNo === 1}
            onClick={() => setPager((p) => previousPage(p, key))}
            aria-label="Previous page"
          >
            ‹ Previous
          </Button>
          <Button
            size="xs"
            disabled={!nextToken || showingPlaceholder}
            onClick={() =>
              page.data &&
              nextToken &&
              setPager((p) => nextPage(p, key, { token: nextToken, input: page.data.input }))
            }
            aria-label="Next page"
          >
            Next ›
          </Button>
        </div>
        <label className={`${labelClass} flex-row items-center gap-1`}>
          Rows per page
          <Select
            value={filters.pageSize}
            onChange={(e) => update({ pageSize: Number(e.target.value) })}
            options={PAGE_SIZES}
          />
        </label>
        <div className="ml-auto flex items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
          {page.isFetching ? <Spinner label="Refreshing" /> : null}
          {changedWhilePaused && !live ? (
            <span role="status" data-testid="changed-while-paused">
              Executions changed since you paused
            </span>
          ) : null}
          {page.dataUpdatedAt ? (
            <span data-testid="updated-at">
              updated <Time value={page.dataUpdatedAt} format="time" />
            </span>
          ) : null}
          <Button
            size="xs"
            aria-pressed={live}
            className="aria-pressed:border-sky-600 aria-pressed:text-sky-800 dark:aria-pressed:border-sky-500 dark:aria-pressed:text-sky-200"
            onClick={() => setLive((v) => !v)}
            title={
              live
                ? `Refreshing every ${REFRESH_MS / 1000} s; click to pause`
                : "Auto-refresh paused; click to resume"
            }
          >
            Auto-refresh
          </Button>
          <Button
            size="xs"
            onClick={() =>
              void queryClient.invalidateQueries({ queryKey: keys.executions.all(domain) })
            }
          >
            Refresh
          </Button>
        </div>
      </div>

      {page.isError ? <FaultAlert error={page.error} title="Could not list executions" /> : null}
      {page.isError && !page.data ? null : page.isPending ? (
        <div
          aria-busy="true"
          className="rounded border border-slate-200 px-3 py-6 text-sm text-slate-500 dark:border-slate-800"
        >
          <Spinner /> Loading executions…
        </div>
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-3">
            <StartExecutionLink domain={domain} />
            <BulkActions domain={domain} executions={selection.selected} onDone={selection.clear} />
            <SelectAllMatching
              domain={domain}
              filters={filters}
              matching={count.data?.count}
              shown={rows.length}
              selection={selection}
            />
            <div className="ml-auto">
              <ColumnChooser
                columns={EXECUTION_COLUMNS}
                hidden={hidden}
                onChange={hiddenColumns.set}
                testId="column-chooser"
              />
            </div>
          </div>
          {sort ? (
            <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="sort-note">
              Sorted by {sort.column.toLowerCase()} within this page: SWF lists executions newest
              first and cannot sort by anything else.
            </p>
          ) : null}
          <ExecutionsTable
            columns={visibleColumns(hidden)}
            sort={sort}
            onSort={onSort}
            selection={selection}
            domain={domain}
            rows={rows}
            now={page.data?.fetchedAt ?? 0}
            busy={showingPlaceholder}
            empty={
              <>
                {filters.filter || filters.range !== "all"
                  ? "No executions match these filters."
                  : `No ${filters.state} executions in this domain.`}
                {/* Only on a first page that came back empty: a later empty page is no "nothing". */}
                {page.data && !showingPlaceholder && pageNo === 1 ? (
                  <OtherStateOffer domain={domain} filters={filters} live={live} />
                ) : null}
              </>
            }
          />
        </>
      )}
    </section>
  );
}
