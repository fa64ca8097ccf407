import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";

/**
 * Dense data tables. Use for short lists; for long ones (hundreds of rows) virtualize as
 * components/executions-list/executions-table.tsx does.
 */
export function Table({
  children,
  label,
  className = "",
  testId,
}: {
  children: ReactNode;
  label: string;
  className?: string;
  testId?: string;
}) {
  return (
    <div
      className={`overflow-x-auto rounded border border-slate-200 dark:border-slate-800 ${className}`}
    >
      <table
        aria-label={label}
        className="w-full border-collapse text-left text-sm"
        data-testid={testId}
      >
        {children}
      </table>
    </div>
  );
}

export type Column = string | { label: string; className?: string };

/**
 * The head of a table: its column names (`columns`, then the right-aligned `numeric` ones), or
 * rows of its own.
 */
export function THead({
  children,
  columns: named,
  numeric = [],
}: {
  children?: ReactNode;
  columns?: readonly Column[];
  numeric?: readonly string[];
}) {
  const columns = named && [
    ...named,
    ...numeric.map((label) => ({ label, className: "text-right" })),
  ];
  return (
    <thead className="bg-slate-50 text-xs text-slate-600 uppercase dark:bg-slate-900 dark:text-slate-400">
      {columns ? (
        <tr>
          {columns.map((c) => {
            const { label, className } = typeof c === "string" ? { label: c } : c;
            return (
              <Th key={label} className={className}>
                {label}
              </Th>
            );
          })}
        </tr>
      ) : (
        children
      )}
    </thead>
  );
}

export function TBody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-slate-200 dark:divide-slate-800">{children}</tbody>;
}

export function Th({ className = "", ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={`px-2 py-1.5 font-semibold tracking-wide whitespace-nowrap ${className}`}
      {...rest}
    />
  );
}

export function Td({ className = "", ...rest }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={`px-2 py-1.5 align-middle ${className}`} {...rest} />;
}

export function Tr({
  children,
  className = "",
  testId,
}: {
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <tr
      data-testid={testId}
      className={`hover:bg-slate-50 dark:hover:bg-slate-900/60 ${className}`}
    >
      {children}
    </tr>
  );
}

/** A full-width row with a message (empty list, loading, error). */
export function TableMessage({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="px-2 py-4 text-center text-slate-500 dark:text-slate-400">
        {children}
      </td>
    </tr>
  );
}
