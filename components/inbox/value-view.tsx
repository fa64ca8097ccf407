"use client";

/**
 * Shows a workflow payload (input, result, details) for people: a JSON object becomes a key/value
 * list, nested values are pretty-printed JSON, anything else is shown as the raw text. Always
 * rendered as inert text (React escapes it); never as HTML.
 */
export function parsePayload(
  text: string | null | undefined,
): { json: true; value: unknown } | { json: false; text: string } {
  if (text === null || text === undefined || text === "") return { json: false, text: "" };
  try {
    return { json: true, value: JSON.parse(text) };
  } catch {
    return { json: false, text };
  }
}

function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span className="text-slate-500">null</span>;
  if (typeof value === "string")
    return <span className="whitespace-pre-wrap break-words">{value}</span>;
  if (typeof value === "number" || typeof value === "boolean")
    return <span className="font-mono">{String(value)}</span>;
  return (
    <pre className="overflow-auto whitespace-pre-wrap break-words rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

export function ValueView({ text, testId }: { text: string | null | undefined; testId?: string }) {
  const parsed = parsePayload(text);
  if (!parsed.json) {
    if (!parsed.text)
      return (
        <p className="text-sm text-slate-500" data-testid={testId}>
          (none)
        </p>
      );
    return (
      <pre
        data-testid={testId}
        className="overflow-auto whitespace-pre-wrap break-words rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800"
      >
        {parsed.text}
      </pre>
    );
  }
  const value = parsed.value;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0)
      return (
        <p className="text-sm text-slate-500" data-testid={testId}>
          {"{}"}
        </p>
      );
    return (
      <dl
        data-testid={testId}
        className="grid grid-cols-[minmax(6rem,max-content)_1fr] gap-x-4 gap-y-1 text-sm"
      >
        {entries.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-medium text-slate-600 dark:text-slate-400 break-all">{k}</dt>
            <dd className="min-w-0">
              <Scalar value={v} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return (
    <div data-testid={testId} className="text-sm">
      <Scalar value={value} />
    </div>
  );
}
