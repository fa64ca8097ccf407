// The `aws swf …` command equivalent to an action the console is about to send, so that an
// operator can repeat it from a terminal or a script. Pure; unit-tested in
// tests/components/cli-command.test.ts.
import type { ActionName } from "@/lib/swf/actions";

export interface CliTarget {
  endpoint: string;
  region: string;
}

/** `SignalWorkflowExecution` → `signal-workflow-execution`. */
export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/** One shell word: bare when it is plainly safe, else single-quoted (POSIX shells). */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_\-.:/=+@,]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** True for AWS's own SWF endpoints, where the CLI finds the endpoint by itself. */
export function isAwsEndpoint(endpoint: string): boolean {
  return /^https:\/\/swf(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/?$/.test(endpoint);
}

/**
 * The command line for `action` with `input` (the request body the console sends): scalars as
 * words, structures and lists as JSON (the CLI accepts JSON for every parameter), then the region
 * and, when the endpoint is not AWS, `--endpoint-url`.
 */
export function awsCliCommand(action: ActionName, input: object, target: CliTarget): string {
  const words = ["aws", "swf", kebab(action)];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null || value === "") continue;
    const text = typeof value === "object" ? JSON.stringify(value) : String(value);
    words.push(`--${kebab(key)}`, shellQuote(text));
  }
  words.push("--region", shellQuote(target.region));
  if (!isAwsEndpoint(target.endpoint)) words.push("--endpoint-url", shellQuote(target.endpoint));
  return words.join(" ");
}
