/** lib/swf/client.ts: the one SWF client factory (console, worker SDK, demo). */
import { ListDomainsCommand } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { backoffDelay } from "@/lib/swf/backoff";
import {
  CONSOLE_SWF,
  EMBEDDED_ENDPOINT,
  createSwfClient,
  observeSwfCalls,
  swfTarget,
  type SwfCall,
} from "@/lib/swf/client";
import { createSwfClient as workerFactory } from "@/lib/worker";

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.close());

describe("where calls go", () => {
  it("the standard variables win; without them the SDK goes to AWS and the console to the embedded engine", () => {
    expect(
      swfTarget({
        env: { AWS_ENDPOINT_URL_SWF: "http://localhost:7001", AWS_ENDPOINT_URL: "http://x:1" },
      }),
    ).toMatchObject({ endpoint: "http://localhost:7001", local: true, aws: false });
    expect(swfTarget({ env: { AWS_ENDPOINT_URL: "http://0.0.0.0:7001" } })).toMatchObject({
      local: true,
    });
    expect(swfTarget({ env: { AWS_REGION: "eu-west-1" } })).toMatchObject({
      endpoint: "https://swf.eu-west-1.amazonaws.com",
      aws: true,
      local: false,
    });
    expect(swfTarget({ ...CONSOLE_SWF, env: {} })).toMatchObject({
      endpoint: EMBEDDED_ENDPOINT,
      local: true,
    });
    expect(swfTarget({ ...CONSOLE_SWF, env: { SWF_USE_AWS: "1" } })).toMatchObject({ aws: true });
  });

  it("an empty variable is no setting; the embedded engine is where ENGINE_PORT puts it", () => {
    expect(
      swfTarget({ ...CONSOLE_SWF, env: { AWS_ENDPOINT_URL_SWF: "", AWS_REGION: "" } }),
    ).toMatchObject({ endpoint: EMBEDDED_ENDPOINT, region: "us-east-1", local: true });
    expect(
      swfTarget({ env: { AWS_ENDPOINT_URL_SWF: "", AWS_ENDPOINT_URL: "http://127.0.0.1:7002" } }),
    ).toMatchObject({ endpoint: "http://127.0.0.1:7002" });
    expect(swfTarget({ ...CONSOLE_SWF, env: { ENGINE_PORT: "7171" } })).toMatchObject({
      endpoint: "http://127.0.0.1:7171",
      local: true,
    });
  });

  it("supplies dummy keys only for a local endpoint with no credentials configured (AWS_PROFILE counts)", async () => {
    const local = createSwfClient({ env: { AWS_ENDPOINT_URL_SWF: "http://127.0.0.1:7999" } });
    const profiled = createSwfClient({
      env: { AWS_ENDPOINT_URL_SWF: "http://127.0.0.1:7999", AWS_PROFILE: "dev" },
      config: { credentials: { accessKeyId: "from-profile", secretAccessKey: "s" } },
    });
    try {
      expect((await local.config.credentials()).accessKeyId).toBe("local");
      expect((await profiled.config.credentials()).accessKeyId).toBe("from-profile");
    } finally {
      local.destroy();
      profiled.destroy();
    }
    // The worker SDK's export is this factory.
    expect(workerFactory).toBe(createSwfClient);
  });
});

describe("observing calls", () => {
  it("reports each call's action, duration and fault", async () => {
    const seen: SwfCall[] = [];
    const stop = observeSwfCalls((c) => seen.push(c));
    const swf = createSwfClient({ endpoint: engine.url, config: { maxAttempts: 1 } });
    try {
      await swf.send(new ListDomainsCommand({ registrationStatus: "REGISTERED" }));
      await swf
        .send(new ListDomainsCommand({ registrationStatus: "NOPE" as never }))
        .catch(() => undefined);
    } finally {
      stop();
      swf.destroy();
    }
    expect(seen).toEqual([
      { action: "ListDomains", seconds: expect.any(Number), fault: undefined },
      { action: "ListDomains", seconds: expect.any(Number), fault: "ValidationException" },
    ]);
  });
});

describe("backoffDelay (the one back-off)", () => {
  it("doubles from the first delay up to the ceiling, with equal jitter, and never overflows", () => {
    const options = { initialMs: 100, maxMs: 1_000 };
    expect(backoffDelay(1, options, () => 0)).toBe(50);
    expect(backoffDelay(1, options, () => 1)).toBe(100);
    expect(backoffDelay(3, options, () => 1)).toBe(400);
    expect(backoffDelay(10, options, () => 0)).toBe(500);
    expect(backoffDelay(5_000, options, () => 1)).toBe(1_000);
  });
});
