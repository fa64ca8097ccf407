import { SWFClient } from "@aws-sdk/client-swf";
import type { FakeClock } from "../../lib/engine/clock";
import type { EngineOptions } from "../../lib/engine/engine";
import { startEngine, type RunningEngine, type ServerOptions } from "../../lib/engine/server";

export interface TestEngine {
  running: RunningEngine;
  swf: SWFClient;
  url: string;
  close(): Promise<void>;
}

/**
 * A real engine on a free port with its own SDK client; empty polls answer at once by default.
 * Any other engine option (limits, credentials, ...) passes through.
 */
export async function startTestEngine(
  options: {
    clock?: FakeClock;
    pollTimeoutSeconds?: number;
    db?: string;
  } & Partial<EngineOptions> &
    ServerOptions = {},
): Promise<TestEngine> {
  const running = await startEngine({
    ...options,
    db: options.db ?? ":memory:",
    clock: options.clock,
    pollTimeoutSeconds: options.pollTimeoutSeconds ?? 0,
  });
  const swf = sdkClient(running.url);
  return {
    running,
    swf,
    url: running.url,
    close: async () => {
      swf.destroy();
      await running.close();
    },
  };
}

export function sdkClient(endpoint: string): SWFClient {
  return new SWFClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
    // Faults must surface as they are, not after retries.
    maxAttempts: 1,
  });
}

/** The SWF fault name an SDK call rejected with (fails the test if it resolved). */
export async function faultOf(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error;
    return { name: e.name, message: e.message };
  }
  throw new Error("expected the call to fail with an SWF fault, but it succeeded");
}
