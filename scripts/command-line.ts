import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;
const HELP = { help: { type: "boolean", short: "h" } } as const;

/**
 * The flags of one of the project's commands (`npm start`, `npm run functions`, …) with `-h` and
 * `--help` added: those print `usage` and exit 0; a flag the command does not know prints one
 * line and the usage and exits 2, rather than a stack trace.
 */
export function commandLine<O extends Options>(options: O, usage: string, prefix = "") {
  try {
    const { values } = parseArgs({ options: { ...options, ...HELP } });
    // The generic options hide `help` from the compiler; parseArgs always fills it in.
    if ((values as { help?: boolean }).help) {
      console.log(usage);
      process.exit(0);
    }
    return values;
  } catch (error) {
    console.error(`${prefix}${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    process.exit(2);
  }
}
