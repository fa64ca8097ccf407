import { describe, expect, it } from "vitest";
import type { z } from "zod";
import * as engine from "@/lib/engine/schemas/common";
import { resourceTagKey, resourceTagList } from "@/lib/engine/schemas/tags";
import { inputSchemas } from "@/lib/engine/schemas";
import * as model from "@/lib/swf/model";
import { ACTIONS } from "@/lib/swf/actions";

/**
 * The console checks SWF input before sending it (forms, allow-listed route); the engine checks it
 * again with SWF's exact messages. These tests hold both to the same rules: each probe value is
 * accepted by both or refused by both.
 */
const ok = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

function agree(consoleSchema: z.ZodType, engineSchema: z.ZodType, probes: unknown[]) {
  for (const probe of probes) {
    const shown = typeof probe === "string" && probe.length > 40 ? `${probe.length} chars` : probe;
    expect({ probe: shown, accepted: ok(consoleSchema, probe) }).toEqual({
      probe: shown,
      accepted: ok(engineSchema, probe),
    });
  }
}

const around = (n: number, char = "a") => [n - 1, n, n + 1].map((k) => char.repeat(Math.max(k, 0)));
const NAME_PROBES = [
  "",
  "order-1",
  "a:b",
  "a/b",
  "a|b",
  "tab\there",
  "\u0085",
  "arn",
  "arnold",
  "ünïcødé",
  ...around(64),
  ...around(256),
];

describe("the console's SWF model and the engine's schemas", () => {
  it("share the enums (the console takes them from the SDK)", () => {
    expect([...model.CHILD_POLICIES].sort()).toEqual([...engine.childPolicy.options].sort());
    expect([...model.CLOSE_STATUSES].sort()).toEqual([...engine.closeStatus.options].sort());
    expect([...model.REGISTRATION_STATUSES].sort()).toEqual(
      [...engine.registrationStatus.options].sort(),
    );
    expect(model.childPolicy.options).toEqual(model.CHILD_POLICIES);
  });

  it("share the one-year duration limit", () => {
    expect(model.LIMITS.durationSeconds).toBe(engine.MAX_DURATION_SECONDS);
    const probes = [
      "",
      "0",
      "1",
      "NONE",
      "none",
      "-1",
      "1.5",
      " 5",
      String(model.LIMITS.durationSeconds),
      String(model.LIMITS.durationSeconds + 1),
      "000000005",
      "99999999",
    ];
    agree(model.duration(true), engine.duration, probes.filter(Boolean));
    agree(model.duration(false), engine.executionDuration, probes.filter(Boolean));
  });

  it("agree on names and versions (naming rule and length)", () => {
    agree(model.name, engine.domainName, NAME_PROBES);
    agree(model.name, engine.workflowId, NAME_PROBES);
    agree(model.version, engine.version, NAME_PROBES);
    agree(
      model.taskList,
      engine.taskList,
      NAME_PROBES.map((name) => ({ name })),
    );
    agree(
      model.workflowType,
      engine.workflowType,
      NAME_PROBES.map((name) => ({ name, version: "1" })),
    );
  });

  it("agree on text limits: run id, signal name, reason, description, payloads, ARNs", () => {
    agree(model.runId, engine.runId, ["", ...around(model.LIMITS.runId)]);
    agree(model.signalName, engine.signalName, ["", "go", ...around(model.LIMITS.signalName)]);
    agree(model.reason, engine.reason, ["", ...around(model.LIMITS.reason)]);
    agree(model.description, engine.description, around(model.LIMITS.description));
    agree(model.payload, engine.data, ["", ...around(model.LIMITS.data)]);
    agree(model.arn, engine.arn, ["", ...around(model.LIMITS.arn)]);
  });

  it("agree on tags: characters, lengths and how many", () => {
    const chars = ["team:act", "a=b+c-d@e_f.g/h", "x y", "naïve", "semi;colon", "hash#", "$"];
    agree(model.tag(model.LIMITS.executionTag), engine.executionTag, [
      ...chars,
      ...around(model.LIMITS.executionTag),
    ]);
    agree(model.tag(model.LIMITS.resourceTagKey, 1), resourceTagKey, [
      "",
      ...chars,
      ...around(model.LIMITS.resourceTagKey),
    ]);
    const lists = [0, 1, model.LIMITS.executionTags, model.LIMITS.executionTags + 1].map((n) =>
      Array.from({ length: n }, (_, i) => `t${i}`),
    );
    agree(model.tagList, engine.tagList, lists);
    agree(model.resourceTag, resourceTagList.element, [
      { key: "k" },
      { key: "k", value: "v" },
      { key: "" },
      { key: "k", value: "a;b" },
    ]);
  });

  it("agree on priorities and retention", () => {
    const priorities = ["0", "-5", "+7", "2147483647", "2147483648", "-2147483648", "-2147483649"];
    agree(model.priority, engine.taskPriority, [...priorities, "1.0", "x", "", "000000000007"]);
    agree(model.retentionDays, engine.retentionDays, [
      "",
      "0",
      "7",
      "90",
      "91",
      "NONE",
      "none",
      "-1",
      "007",
      "000000090",
    ]);
  });

  it("apply them in the allow-listed route: every mutating action's required fields match SWF's", () => {
    // A request the engine accepts, with each field at its limit, passes the route's check too.
    const atLimit = {
      domain: "d".repeat(model.LIMITS.name),
      workflowId: "w".repeat(model.LIMITS.name),
      workflowType: { name: "n", version: "v".repeat(model.LIMITS.version) },
      input: "x".repeat(model.LIMITS.data),
      tagList: Array.from({ length: model.LIMITS.executionTags }, (_, i) => `t${i}`),
      executionStartToCloseTimeout: String(model.LIMITS.durationSeconds),
      taskStartToCloseTimeout: "NONE",
      childPolicy: "ABANDON",
      taskPriority: "-2147483648",
    };
    expect(ok(inputSchemas.StartWorkflowExecution, atLimit)).toBe(true);
    expect(ok(ACTIONS.StartWorkflowExecution.input, atLimit)).toBe(true);
    const over = { ...atLimit, input: "x".repeat(model.LIMITS.data + 1) };
    expect(ok(inputSchemas.StartWorkflowExecution, over)).toBe(false);
    expect(ok(ACTIONS.StartWorkflowExecution.input, over)).toBe(false);
  });
});
