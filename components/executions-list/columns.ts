// The executions list's columns: their grid tracks, which ones a user may hide, and that choice,
// remembered per browser (the column chooser). Status and Workflow ID always show: the first holds
// the row's checkbox, the second its link.
import { storedSetting } from "@/components/ui/stored-setting";

interface ColumnSpec {
  id: string;
  /** The column's CSS grid track. */
  track: string;
  required: boolean;
}

export const EXECUTION_COLUMNS = [
  { id: "Status", track: "9.5rem", required: true },
  { id: "Workflow ID", track: "minmax(11rem,2fr)", required: true },
  { id: "Run ID", track: "6.5rem", required: false },
  { id: "Type", track: "minmax(9rem,1.3fr)", required: false },
  { id: "Started", track: "9.5rem", required: false },
  { id: "Closed", track: "9.5rem", required: false },
  { id: "Duration", track: "6rem", required: false },
  { id: "Tags", track: "minmax(7rem,1fr)", required: false },
] as const satisfies readonly ColumnSpec[];

export type ExecutionColumn = (typeof EXECUTION_COLUMNS)[number]["id"];

const HIDEABLE: readonly string[] = EXECUTION_COLUMNS.filter((c) => !c.required).map((c) => c.id);

/** The hidden columns as stored; anything else (unknown names, required columns) is dropped. */
export function parseHiddenColumns(raw: unknown): ExecutionColumn[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((c): c is ExecutionColumn => HIDEABLE.includes(c));
}

export const hiddenColumns = storedSetting<readonly ExecutionColumn[]>(
  "swf-console.executions.hidden-columns",
  [],
  parseHiddenColumns,
);

/** The columns shown, in table order. */
export function visibleColumns(hidden: readonly ExecutionColumn[]): ExecutionColumn[] {
  return EXECUTION_COLUMNS.map((c) => c.id).filter((id) => !hidden.includes(id));
}

/** The CSS grid template of the shown columns. */
export function gridTemplate(shown: readonly ExecutionColumn[]): string {
  return EXECUTION_COLUMNS.filter((c) => shown.includes(c.id))
    .map((c) => c.track)
    .join(" ");
}
