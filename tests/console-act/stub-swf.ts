import type { SWFClient } from "@aws-sdk/client-swf";

/** A fake SWF client for console tests: scripted answers per command, and a log of calls. */
export interface Call {
  command: string;
  input: Record<string, unknown>;
}

type Handler = (input: Record<string, unknown>, signal?: AbortSignal) => unknown | Promise<unknown>;

export class StubSwf {
  readonly calls: Call[] = [];
  private readonly handlers = new Map<string, Handler>();

  on(command: string, handler: Handler): this {
    this.handlers.set(command, handler);
    return this;
  }

  count(command: string): number {
    return this.calls.filter((c) => c.command === command).length;
  }

  // The shape the console uses: client.send(command, { abortSignal }).
  send = (async (
    cmd: { input: unknown; constructor: { name: string } },
    options?: { abortSignal?: AbortSignal },
  ): Promise<never> => {
    const command = cmd.constructor.name.replace(/Command$/, "");
    const input = cmd.input as Record<string, unknown>;
    this.calls.push({ command, input });
    const handler = this.handlers.get(command);
    if (!handler) throw Object.assign(new Error(`no stub for ${command}`), { name: "StubMissing" });
    return (await handler(input, options?.abortSignal)) as never;
  }) as unknown as SWFClient["send"];
}
