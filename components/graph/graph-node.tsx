"use client";
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import {
  STATUS_STYLE,
  type GraphNodeKind,
  type LayoutDirection,
  type PositionedNode,
} from "@/lib/history";
import { revealBidiControls } from "@/components/ui/bidi";
import { DataText } from "@/components/ui/data-text";

export interface SwfNodeData extends Record<string, unknown> {
  node: PositionedNode;
  direction: LayoutDirection;
  highlighted: boolean;
}
export type SwfFlowNode = Node<SwfNodeData, "swf">;

export const KIND_TEXT: Record<GraphNodeKind, string> = {
  start: "start",
  end: "close",
  decision: "decision",
  activity: "activity",
  lambda: "lambda",
  timer: "timer",
  child: "child workflow",
  signalExternal: "signal out",
  cancelExternal: "cancel out",
  marker: "marker",
  closeDecision: "close refused",
  signal: "signal",
  cancelRequest: "cancel request",
  collapsed: "collapsed",
};

const ICON: Record<GraphNodeKind, string> = {
  start: "▶",
  end: "■",
  decision: "◆",
  activity: "⚙",
  lambda: "λ",
  timer: "⏱",
  child: "⧉",
  signalExternal: "↗",
  cancelExternal: "⊘",
  marker: "⚑",
  closeDecision: "✕",
  signal: "✉",
  cancelRequest: "⊘",
  collapsed: "⋯",
};

/** A decision-graph node drawn at the exact size layoutGraph reserved for it, in its status colour. */
export const SwfNode = memo(function SwfNode({ data, selected }: NodeProps<SwfFlowNode>) {
  const { node, direction, highlighted } = data;
  const style = STATUS_STYLE[node.status];
  const round =
    node.kind === "decision" || node.kind === "start" || node.kind === "end"
      ? "rounded-full"
      : "rounded-md";
  const ring =
    selected || highlighted
      ? "ring-2 ring-sky-500 ring-offset-1 ring-offset-white dark:ring-offset-slate-950"
      : "";
  const targetPosition = direction === "LR" ? Position.Left : Position.Top;
  const sourcePosition = direction === "LR" ? Position.Right : Position.Bottom;
  return (
    <div
      className={`flex h-full w-full flex-col justify-center border px-3 text-xs shadow-sm ${round} ${style.bg} ${style.border} ${style.text} ${ring} ${
        node.kind === "collapsed" ? "border-dashed" : ""
      }`}
      style={{ width: node.width, height: node.height }}
      data-node-kind={node.kind}
      data-status={node.status}
      title={revealBidiControls(
        `${KIND_TEXT[node.kind]}: ${node.label}${node.subtitle ? ` (${node.subtitle})` : ""} — ${style.label}`,
      )}
    >
      <Handle
        type="target"
        position={targetPosition}
        isConnectable={false}
        className="!h-1 !min-h-0 !w-1 !min-w-0 !border-0 !bg-transparent"
      />
      <div className="flex min-w-0 items-center gap-1.5">
        <span aria-hidden className="shrink-0 opacity-70">
          {ICON[node.kind]}
        </span>
        <span className="min-w-0 truncate font-semibold">
          <DataText text={node.label} />
        </span>
      </div>
      {node.subtitle || node.kind !== "decision" ? (
        <div className="flex min-w-0 items-center gap-1 text-[10px]">
          <span className="min-w-0 truncate">
            {node.subtitle ? <DataText text={node.subtitle} /> : KIND_TEXT[node.kind]}
          </span>
          {node.count > 1 && node.statusCounts ? <StatusCounts counts={node.statusCounts} /> : null}
        </div>
      ) : null}
      <Handle
        type="source"
        position={sourcePosition}
        isConnectable={false}
        className="!h-1 !min-h-0 !w-1 !min-w-0 !border-0 !bg-transparent"
      />
    </div>
  );
});

function StatusCounts({ counts }: { counts: NonNullable<PositionedNode["statusCounts"]> }) {
  const entries = Object.entries(counts).filter(([, n]) => n && n > 0) as [
    keyof typeof STATUS_STYLE,
    number,
  ][];
  if (entries.length <= 1) return null;
  return (
    <span className="ml-auto flex shrink-0 gap-1">
      {entries.map(([s, n]) => (
        <span key={s} className="flex items-center gap-0.5">
          <span
            aria-hidden
            className={`inline-block h-1.5 w-1.5 rounded-full ${STATUS_STYLE[s].solid}`}
          />
          {n}
        </span>
      ))}
    </span>
  );
}
