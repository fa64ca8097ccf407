import { splitBidiControls } from "./bidi";

/**
 * A piece of workflow data as text: isolated from the text around it (a right-to-left value
 * cannot reorder its label), with direction controls shown instead of applied (bidi.ts).
 */
export function DataText({ text }: { text: string }) {
  const parts = splitBidiControls(text);
  return (
    <bdi>
      {parts.map((part, i) =>
        typeof part === "string" ? (
          part
        ) : (
          <abbr
            key={i}
            title={part.title}
            data-bidi-control={part.abbr}
            className="mx-px rounded-sm bg-amber-100 px-0.5 font-mono text-[0.7em] text-amber-900 no-underline dark:bg-amber-900/60 dark:text-amber-100"
          >
            {part.abbr}
          </abbr>
        ),
      )}
    </bdi>
  );
}
