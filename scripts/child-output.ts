import { prettyFactory } from "pino-pretty";

/** Is `line` a pino log line (what lib/log.ts writes to a pipe)? Then its parsed form. */
function pinoLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    const record = parsed as Record<string, unknown>;
    return typeof record?.level === "number" && typeof record.time === "number"
      ? record
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How `npm start` shows what its children print, each line under the child's name. Their logs
 * reach it through a pipe, so they are JSON lines (what a log shipper wants); on a terminal a
 * developer reads them as one readable line each (time, level, message, fields). Off a terminal,
 * and for anything that is not a log line, lines pass unchanged.
 */
export function childOutput(
  name: string,
  options: { terminal: boolean; print?: (line: string) => void },
): (line: string) => void {
  const print = options.print ?? ((line: string) => console.log(line));
  const pretty = options.terminal
    ? prettyFactory({
        singleLine: true,
        ignore: "pid,hostname,name",
        translateTime: "SYS:HH:MM:ss",
      })
    : undefined;
  return (line) => {
    const record = pretty && pinoLine(line);
    const text = record ? pretty(record).trimEnd() : line;
    // An error's stack spans lines: each keeps the child's name in front.
    for (const part of text.split("\n")) print(`[${name}] ${part}`);
  };
}
