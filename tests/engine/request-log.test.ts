/** The engine's per-request log line (debug level): request id, operation, duration, fault. */
import { PassThrough } from "node:stream";
import { DescribeDomainCommand } from "@aws-sdk/client-swf";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../lib/log";
import { faultOf, startTestEngine } from "./harness";

describe("request log", () => {
  it("writes one debug line per request, with the id the client saw", async () => {
    const out = new PassThrough();
    let text = "";
    out.on("data", (c: Buffer) => (text += c.toString("utf8")));
    const t = await startTestEngine({
      logger: createLogger("engine", { level: "debug", destination: out }),
    });
    try {
      const f = await faultOf(t.swf.send(new DescribeDomainCommand({ name: "none" })));
      expect(f.name).toBe("UnknownResourceFault");
      const res = await fetch(t.url, {
        method: "POST",
        headers: { "x-amz-target": "SimpleWorkflowService.ListDomains" },
        body: JSON.stringify({ registrationStatus: "REGISTERED" }),
      });
      const id = res.headers.get("x-amzn-requestid");
      await res.text();
      await t.close();
      const lines = text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.msg === "request");
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({
        level: 20,
        name: "engine",
        operation: "DescribeDomain",
        fault: "UnknownResourceFault",
      });
      expect(lines[1]).toMatchObject({ requestId: id, operation: "ListDomains", fault: "" });
      for (const l of lines) expect(typeof l.ms).toBe("number");
    } finally {
      await t.close();
    }
  });
});
