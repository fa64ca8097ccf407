"use client";

import { ExecutionsList } from "@/components/executions-list/executions-list";
import { TypesPanel } from "@/components/types/types-panel";
import { useUrlParams } from "@/components/ui/use-url-params";
import { DomainGate } from "./domain-gate";
import { DomainHeader } from "./domain-header";
import { parseDomainTab } from "./domain-tabs";
import { DomainViewsNav } from "./domain-views-nav";
import { OverviewPanel } from "./overview";
import { TaskListsPanel } from "./task-lists";

/** One domain: header, tabs (the `tab` search param) and the current tab's panel. */
export function DomainView({ domain }: { domain: string }) {
  const { searchParams } = useUrlParams();
  const tab = parseDomainTab(searchParams.get("tab"));
  return (
    <DomainGate domain={domain}>
      <div className="flex flex-col gap-3">
        <DomainHeader domain={domain} />
        <DomainViewsNav domain={domain} current={tab} />
        <div data-testid={`panel-${tab}`}>
          {tab === "executions" ? <ExecutionsList domain={domain} /> : null}
          {tab === "workflow-types" ? <TypesPanel domain={domain} kind="workflow" /> : null}
          {tab === "activity-types" ? <TypesPanel domain={domain} kind="activity" /> : null}
          {tab === "task-lists" ? <TaskListsPanel domain={domain} /> : null}
          {tab === "overview" ? <OverviewPanel domain={domain} /> : null}
        </div>
      </div>
    </DomainGate>
  );
}
