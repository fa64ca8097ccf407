import { describe, expect, it } from "vitest";
import { SwfFault } from "../../lib/engine/faults";
import {
  DECISION_TYPES,
  OPERATIONS,
  inputSchemas,
  isOperation,
  parseInput,
  type Decision,
  type OperationName,
} from "../../lib/engine/schemas";

// ---------------------------------------------------------------------------------------------
// Helpers

function fault(op: OperationName, body: unknown): SwfFault {
  try {
    parseInput(op, body);
  } catch (e) {
    if (e instanceof SwfFault) return e;
    throw e;
  }
  throw new Error(`${op} accepted ${JSON.stringify(body)}`);
}

/** Asserts a ValidationException with exactly these `Value ... at ... failed` parts. */
function expectViolations(op: OperationName, body: unknown, ...parts: string[]) {
  const f = fault(op, body);
  expect(f.faultName).toBe("ValidationException");
  const n = parts.length;
  expect(f.message).toBe(
    `${n} validation error${n === 1 ? "" : "s"} detected: ${parts.join("; ")}`,
  );
}

function expectMessage(op: OperationName, body: unknown, message: string) {
  const f = fault(op, body);
  expect(f.faultName).toBe("ValidationException");
  expect(f.wireType).toBe("com.amazon.coral.validate#ValidationException");
  expect(f.message).toBe(message);
}

function expectSerialization(op: OperationName, body: unknown, message?: string) {
  const f = fault(op, body);
  expect(f.faultName).toBe("SerializationException");
  expect(f.wireType).toBe("com.amazon.coral.service#SerializationException");
  if (message !== undefined) expect(f.message).toBe(message);
}

const violation = (value: string, path: string, constraint: string) =>
  `Value ${value} at '${path}' failed to satisfy constraint: ${constraint}`;
const NOT_NULL = "Member must not be null";
const NAMING =
  "Member must not contain ':', '/', '|' or control characters, and must not be the literal string 'arn'";
const SECONDS_OR_NONE =
  "Member must be NONE or an integer number of seconds between 0 and 31536000";
const SECONDS = "Member must be an integer number of seconds between 0 and 31536000";
const maxLen = (n: number) => `Member must have length less than or equal to ${n}`;
const minLen = (n: number) => `Member must have length greater than or equal to ${n}`;

const dots = (s: string) => (s.length > 64 ? `'${s.slice(0, 64)}...'` : `'${s}'`);

const wt = { name: "wf", version: "1" };
const at = { name: "act", version: "1" };
const tl = { name: "tl" };
const exec = { workflowId: "w", runId: "r" };
const since = { oldestDate: 0 };

// ---------------------------------------------------------------------------------------------
// Every operation

const MINIMAL: Record<OperationName, Record<string, unknown>> = {
  RegisterDomain: { name: "d", workflowExecutionRetentionPeriodInDays: "1" },
  DescribeDomain: { name: "d" },
  ListDomains: { registrationStatus: "REGISTERED" },
  DeprecateDomain: { name: "d" },
  UndeprecateDomain: { name: "d" },
  RegisterWorkflowType: { domain: "d", name: "wf", version: "1" },
  DescribeWorkflowType: { domain: "d", workflowType: wt },
  ListWorkflowTypes: { domain: "d", registrationStatus: "DEPRECATED" },
  DeprecateWorkflowType: { domain: "d", workflowType: wt },
  UndeprecateWorkflowType: { domain: "d", workflowType: wt },
  DeleteWorkflowType: { domain: "d", workflowType: wt },
  RegisterActivityType: { domain: "d", name: "act", version: "1" },
  DescribeActivityType: { domain: "d", activityType: at },
  ListActivityTypes: { domain: "d", registrationStatus: "REGISTERED" },
  DeprecateActivityType: { domain: "d", activityType: at },
  UndeprecateActivityType: { domain: "d", activityType: at },
  DeleteActivityType: { domain: "d", activityType: at },
  StartWorkflowExecution: { domain: "d", workflowId: "w", workflowType: wt },
  SignalWorkflowExecution: { domain: "d", workflowId: "w", signalName: "s" },
  RequestCancelWorkflowExecution: { domain: "d", workflowId: "w" },
  TerminateWorkflowExecution: { domain: "d", workflowId: "w" },
  DescribeWorkflowExecution: { domain: "d", execution: exec },
  GetWorkflowExecutionHistory: { domain: "d", execution: exec },
  ListOpenWorkflowExecutions: { domain: "d", startTimeFilter: since },
  ListClosedWorkflowExecutions: { domain: "d", closeTimeFilter: since },
  CountOpenWorkflowExecutions: { domain: "d", startTimeFilter: since },
  CountClosedWorkflowExecutions: { domain: "d", startTimeFilter: since },
  PollForDecisionTask: { domain: "d", taskList: tl },
  RespondDecisionTaskCompleted: { taskToken: "t" },
  PollForActivityTask: { domain: "d", taskList: tl },
  RecordActivityTaskHeartbeat: { taskToken: "t" },
  RespondActivityTaskCompleted: { taskToken: "t" },
  RespondActivityTaskFailed: { taskToken: "t" },
  RespondActivityTaskCanceled: { taskToken: "t" },
  CountPendingActivityTasks: { domain: "d", taskList: tl },
  CountPendingDecisionTasks: { domain: "d", taskList: tl },
  TagResource: { resourceArn: "arn:aws:swf:us-east-1:123456789012:/domain/d", tags: [] },
  UntagResource: { resourceArn: "arn:aws:swf:us-east-1:123456789012:/domain/d", tagKeys: ["k"] },
  ListTagsForResource: { resourceArn: "arn:aws:swf:us-east-1:123456789012:/domain/d" },
};

describe("operations", () => {
  it("lists the 39 operations of the current model, each with a schema", () => {
    expect(OPERATIONS).toHaveLength(39);
    expect(new Set(OPERATIONS).size).toBe(39);
    expect(Object.keys(inputSchemas).sort()).toEqual([...OPERATIONS].sort());
    for (const op of ["DeleteActivityType", "DeleteWorkflowType", "TagResource"]) {
      expect(OPERATIONS).toContain(op);
    }
  });

  it("isOperation recognises exactly the operation names", () => {
    for (const op of OPERATIONS) expect(isOperation(op)).toBe(true);
    for (const name of ["Foo", "toString", "__proto__", "constructor", "registerDomain", ""]) {
      expect(isOperation(name)).toBe(false);
    }
  });

  it.each(OPERATIONS)("%s accepts a minimal valid input", (op) => {
    expect(() => parseInput(op, MINIMAL[op])).not.toThrow();
  });

  it.each(OPERATIONS.filter((op) => Object.keys(MINIMAL[op]).length > 0))(
    "%s reports its required members on an empty body",
    (op) => {
      const f = fault(op, {});
      expect(f.faultName).toBe("ValidationException");
      expect(f.message).toContain(NOT_NULL);
    },
  );

  it("treats an undefined body as {}", () => {
    expect(parseInput("RespondDecisionTaskCompleted", { taskToken: "t" })).toEqual({
      taskToken: "t",
      decisions: [],
    });
    expectViolations("DescribeDomain", undefined, violation("null", "name", NOT_NULL));
  });
});

// ---------------------------------------------------------------------------------------------
// Valid inputs and outputs

describe("valid inputs", () => {
  it("RegisterDomain keeps every member as given", () => {
    const body = {
      name: "my-domain",
      description: "a domain",
      workflowExecutionRetentionPeriodInDays: "NONE",
      tags: [{ key: "team", value: "swf" }, { key: "only-key" }],
    };
    expect(parseInput("RegisterDomain", body)).toEqual(body);
  });

  it("StartWorkflowExecution keeps durations and priority as strings", () => {
    const body = {
      domain: "d",
      workflowId: "order-1",
      workflowType: wt,
      taskList: tl,
      taskPriority: "-5",
      input: "{}",
      executionStartToCloseTimeout: "3600",
      tagList: ["a", "b"],
      taskStartToCloseTimeout: "NONE",
      childPolicy: "ABANDON",
      lambdaRole: "arn:aws:iam::123456789012:role/x",
    };
    const out = parseInput("StartWorkflowExecution", body);
    expect(out).toEqual(body);
    expect(typeof out.executionStartToCloseTimeout).toBe("string");
    expect(typeof out.taskPriority).toBe("string");
  });

  it("RegisterActivityType accepts every default", () => {
    const body = {
      domain: "d",
      name: "act",
      version: "1.0",
      description: "x",
      defaultTaskStartToCloseTimeout: "60",
      defaultTaskHeartbeatTimeout: "NONE",
      defaultTaskList: tl,
      defaultTaskPriority: "10",
      defaultTaskScheduleToStartTimeout: "0",
      defaultTaskScheduleToCloseTimeout: "31536000",
    };
    expect(parseInput("RegisterActivityType", body)).toEqual(body);
  });

  it("PollForDecisionTask and RespondDecisionTaskCompleted accept the newer members", () => {
    expect(
      parseInput("PollForDecisionTask", {
        domain: "d",
        taskList: tl,
        identity: "me",
        maximumPageSize: 1000,
        reverseOrder: true,
        startAtPreviousStartedEvent: true,
      }),
    ).toMatchObject({ startAtPreviousStartedEvent: true, maximumPageSize: 1000 });
    expect(
      parseInput("RespondDecisionTaskCompleted", {
        taskToken: "t",
        executionContext: "ctx",
        taskList: { name: "other" },
        taskListScheduleToStartTimeout: "30",
      }),
    ).toEqual({
      taskToken: "t",
      decisions: [],
      executionContext: "ctx",
      taskList: { name: "other" },
      taskListScheduleToStartTimeout: "30",
    });
  });

  it("converts timestamps to epoch milliseconds", () => {
    const out = parseInput("ListClosedWorkflowExecutions", {
      domain: "d",
      startTimeFilter: { oldestDate: 1326592619.474, latestDate: "1326592620" },
    });
    expect(out.startTimeFilter).toEqual({ oldestDate: 1326592619474, latestDate: 1326592620000 });

    const iso = parseInput("CountOpenWorkflowExecutions", {
      domain: "d",
      startTimeFilter: {
        oldestDate: "2024-01-02T03:04:05.678Z",
        latestDate: "2024-01-02T04:04:05+01:00",
      },
    });
    expect(iso.startTimeFilter).toEqual({
      oldestDate: Date.UTC(2024, 0, 2, 3, 4, 5, 678),
      latestDate: Date.UTC(2024, 0, 2, 3, 4, 5),
    });
    const noZone = parseInput("CountOpenWorkflowExecutions", {
      domain: "d",
      startTimeFilter: { oldestDate: "2024-01-02T03:04:05" },
    });
    const ms: number = noZone.startTimeFilter.oldestDate;
    expect(ms).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
  });

  it("rejects timestamps that are neither numbers nor dates as serialization errors", () => {
    for (const oldestDate of ["yesterday", true, { s: 1 }, [1]]) {
      expectSerialization(
        "CountOpenWorkflowExecutions",
        { domain: "d", startTimeFilter: { oldestDate } },
        "Unexpected value type for 'startTimeFilter.oldestDate': expected timestamp",
      );
    }
  });

  it("accepts page sizes 0 and 1000, rejects -1 and 1001", () => {
    for (const maximumPageSize of [0, 1000]) {
      expect(
        parseInput("ListDomains", { registrationStatus: "REGISTERED", maximumPageSize }),
      ).toMatchObject({
        maximumPageSize,
      });
    }
    expectViolations(
      "ListDomains",
      { registrationStatus: "REGISTERED", maximumPageSize: 1001 },
      violation("1001", "maximumPageSize", "Member must have value less than or equal to 1000"),
    );
    expectViolations(
      "ListDomains",
      { registrationStatus: "REGISTERED", maximumPageSize: -1 },
      violation("-1", "maximumPageSize", "Member must have value greater than or equal to 0"),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Validation messages

describe("required members", () => {
  it("uses the coral message for one missing member", () => {
    expectViolations(
      "DescribeWorkflowType",
      { workflowType: wt },
      violation("null", "domain", NOT_NULL),
    );
  });

  it("counts several problems, nested paths included", () => {
    expectViolations(
      "StartWorkflowExecution",
      { domain: "d", workflowType: { name: "wf" } },
      violation("null", "workflowId", NOT_NULL),
      violation("null", "workflowType.version", NOT_NULL),
    );
  });
});

describe("lengths", () => {
  const cases: [
    string,
    OperationName,
    (v: string) => Record<string, unknown>,
    string,
    number,
    number,
  ][] = [
    ["domain name", "DescribeDomain", (v) => ({ name: v }), "name", 1, 256],
    [
      "type version",
      "DescribeWorkflowType",
      (v) => ({ domain: "d", workflowType: { name: "n", version: v } }),
      "workflowType.version",
      1,
      64,
    ],
    [
      "task list",
      "PollForActivityTask",
      (v) => ({ domain: "d", taskList: { name: v } }),
      "taskList.name",
      1,
      256,
    ],
    [
      "description",
      "RegisterDomain",
      (v) => ({ name: "d", workflowExecutionRetentionPeriodInDays: "1", description: v }),
      "description",
      0,
      1024,
    ],
    [
      "identity",
      "PollForActivityTask",
      (v) => ({ domain: "d", taskList: tl, identity: v }),
      "identity",
      0,
      256,
    ],
    [
      "reason",
      "TerminateWorkflowExecution",
      (v) => ({ domain: "d", workflowId: "w", reason: v }),
      "reason",
      0,
      256,
    ],
    [
      "input",
      "SignalWorkflowExecution",
      (v) => ({ domain: "d", workflowId: "w", signalName: "s", input: v }),
      "input",
      0,
      32768,
    ],
    [
      "result",
      "RespondActivityTaskCompleted",
      (v) => ({ taskToken: "t", result: v }),
      "result",
      0,
      32768,
    ],
    [
      "heartbeat details",
      "RecordActivityTaskHeartbeat",
      (v) => ({ taskToken: "t", details: v }),
      "details",
      0,
      2048,
    ],
    ["task token", "RespondActivityTaskCanceled", (v) => ({ taskToken: v }), "taskToken", 1, 1024],
    [
      "page token",
      "ListDomains",
      (v) => ({ registrationStatus: "REGISTERED", nextPageToken: v }),
      "nextPageToken",
      0,
      2048,
    ],
    [
      "optional runId",
      "RequestCancelWorkflowExecution",
      (v) => ({ domain: "d", workflowId: "w", runId: v }),
      "runId",
      0,
      64,
    ],
    [
      "required runId",
      "DescribeWorkflowExecution",
      (v) => ({ domain: "d", execution: { workflowId: "w", runId: v } }),
      "execution.runId",
      1,
      64,
    ],
    [
      "execution tag",
      "StartWorkflowExecution",
      (v) => ({ domain: "d", workflowId: "w", workflowType: wt, tagList: ["x", v] }),
      "tagList.2.member",
      0,
      256,
    ],
    [
      "resource tag key",
      "UntagResource",
      (v) => ({ resourceArn: "a", tagKeys: [v] }),
      "tagKeys.1.member",
      1,
      128,
    ],
    [
      "resource tag value",
      "TagResource",
      (v) => ({ resourceArn: "a", tags: [{ key: "k", value: v }] }),
      "tags.1.member.value",
      0,
      256,
    ],
    ["resource ARN", "ListTagsForResource", (v) => ({ resourceArn: v }), "resourceArn", 1, 1600],
  ];

  it.each(cases)(
    "%s: %s accepts the limits and rejects limit+1",
    (_label, op, body, path, min, max) => {
      expect(() => parseInput(op, body("a".repeat(max)))).not.toThrow();
      expect(() => parseInput(op, body("a".repeat(min)))).not.toThrow();
      const long = "a".repeat(max + 1);
      expectViolations(op, body(long), violation(dots(long), path, maxLen(max)));
      if (min > 0) expectViolations(op, body(""), violation("''", path, minLen(min)));
    },
  );

  it("limits tagList to 5 items", () => {
    const base = { domain: "d", workflowId: "w", workflowType: wt };
    expect(() =>
      parseInput("StartWorkflowExecution", { ...base, tagList: ["1", "2", "3", "4", "5"] }),
    ).not.toThrow();
    expectViolations(
      "StartWorkflowExecution",
      { ...base, tagList: ["1", "2", "3", "4", "5", "6"] },
      violation("[...]", "tagList", maxLen(5)),
    );
  });

  it("restricts tag characters", () => {
    expect(() =>
      parseInput("TagResource", {
        resourceArn: "a",
        tags: [{ key: "Ünïcödé 12 _.:/=+-@", value: "" }],
      }),
    ).not.toThrow();
    const f = fault("TagResource", { resourceArn: "a", tags: [{ key: "k", value: "a,b" }] });
    expect(f.message).toMatch(
      /^1 validation error detected: Value 'a,b' at 'tags.1.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
    );
    expect(
      fault("ListOpenWorkflowExecutions", {
        domain: "d",
        startTimeFilter: since,
        tagFilter: { tag: "a#b" },
      }).message,
    ).toContain("'tagFilter.tag'");
  });
});

describe("enums", () => {
  it("lists the value set", () => {
    expectViolations(
      "ListDomains",
      { registrationStatus: "ACTIVE" },
      violation(
        "'ACTIVE'",
        "registrationStatus",
        "Member must satisfy enum value set: [REGISTERED, DEPRECATED]",
      ),
    );
    expectViolations(
      "TerminateWorkflowExecution",
      { domain: "d", workflowId: "w", childPolicy: "terminate" },
      violation(
        "'terminate'",
        "childPolicy",
        "Member must satisfy enum value set: [TERMINATE, REQUEST_CANCEL, ABANDON]",
      ),
    );
    expectViolations(
      "CountClosedWorkflowExecutions",
      { domain: "d", startTimeFilter: since, closeStatusFilter: { status: "OPEN" } },
      violation(
        "'OPEN'",
        "closeStatusFilter.status",
        "Member must satisfy enum value set: [COMPLETED, FAILED, CANCELED, TERMINATED, CONTINUED_AS_NEW, TIMED_OUT]",
      ),
    );
  });
});

describe("naming rule", () => {
  const bad = ["a:b", "a/b", "a|b", "a\u0000b", "tab\there", "\u001f", "\u007f", "x\u009f", "arn"];
  const good = ["arn1", "ARN", "my arn", "名前", "a.b-c_d", " padded ", "\u00a0"];

  it.each(bad)("rejects %j in names", (name) => {
    expectViolations("DescribeDomain", { name }, violation(`'${name}'`, "name", NAMING));
  });

  it.each(good)("accepts %j", (name) => {
    expect(parseInput("DescribeDomain", { name })).toEqual({ name });
  });

  it("applies to type names and versions, task lists and ids", () => {
    expectViolations(
      "StartWorkflowExecution",
      {
        domain: "d",
        workflowId: "w/1",
        workflowType: { name: "a|b", version: "1:0" },
        taskList: { name: "arn" },
      },
      violation("'w/1'", "workflowId", NAMING),
      violation("'a|b'", "workflowType.name", NAMING),
      violation("'1:0'", "workflowType.version", NAMING),
      violation("'arn'", "taskList.name", NAMING),
    );
  });

  it("reports length and naming problems of one member together", () => {
    const name = ":".repeat(257);
    expectViolations(
      "DescribeDomain",
      { name },
      violation(dots(name), "name", maxLen(256)),
      violation(dots(name), "name", NAMING),
    );
  });
});

describe("durations", () => {
  const start = (extra: Record<string, unknown>) => ({
    domain: "d",
    workflowId: "w",
    workflowType: wt,
    ...extra,
  });

  it("accepts NONE where the model allows it", () => {
    expect(
      parseInput("StartWorkflowExecution", start({ taskStartToCloseTimeout: "NONE" })),
    ).toMatchObject({
      taskStartToCloseTimeout: "NONE",
    });
  });

  it("rejects NONE for execution start-to-close timeouts", () => {
    expectViolations(
      "StartWorkflowExecution",
      start({ executionStartToCloseTimeout: "NONE" }),
      violation("'NONE'", "executionStartToCloseTimeout", SECONDS),
    );
    expectViolations(
      "RegisterWorkflowType",
      { domain: "d", name: "n", version: "1", defaultExecutionStartToCloseTimeout: "NONE" },
      violation("'NONE'", "defaultExecutionStartToCloseTimeout", SECONDS),
    );
  });

  it("accepts 0 and 31536000, rejects 31536001, -1, abc, 1.5 and the empty string", () => {
    for (const v of ["0", "31536000", "00000060"]) {
      expect(() =>
        parseInput("StartWorkflowExecution", start({ taskStartToCloseTimeout: v })),
      ).not.toThrow();
    }
    for (const v of ["31536001", "-1", "abc", "1.5", "", " 5", "none"]) {
      expectViolations(
        "StartWorkflowExecution",
        start({ taskStartToCloseTimeout: v }),
        violation(`'${v}'`, "taskStartToCloseTimeout", SECONDS_OR_NONE),
      );
    }
  });

  it("limits duration strings to 8 characters", () => {
    expectViolations(
      "StartWorkflowExecution",
      start({ taskStartToCloseTimeout: "000000001" }),
      violation("'000000001'", "taskStartToCloseTimeout", maxLen(8)),
    );
  });

  it("validates the retention period in days", () => {
    const reg = (v: string) => ({ name: "d", workflowExecutionRetentionPeriodInDays: v });
    for (const v of ["0", "90", "NONE"])
      expect(() => parseInput("RegisterDomain", reg(v))).not.toThrow();
    const rule = "Member must be NONE or an integer number of days between 0 and 90";
    expectViolations(
      "RegisterDomain",
      reg("91"),
      violation("'91'", "workflowExecutionRetentionPeriodInDays", rule),
    );
    expectViolations(
      "RegisterDomain",
      reg(""),
      violation("''", "workflowExecutionRetentionPeriodInDays", minLen(1)),
      violation("''", "workflowExecutionRetentionPeriodInDays", rule),
    );
  });

  it("validates task priorities as Java ints kept as strings", () => {
    for (const p of ["-2147483648", "2147483647", "0", "+7"]) {
      expect(parseInput("StartWorkflowExecution", start({ taskPriority: p })).taskPriority).toBe(p);
    }
    for (const p of ["2147483648", "-2147483649", "high", "1.0", ""]) {
      expectViolations(
        "StartWorkflowExecution",
        start({ taskPriority: p }),
        violation(
          `'${p}'`,
          "taskPriority",
          "Member must be an integer between -2147483648 and 2147483647",
        ),
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Serialization errors, nulls, unknown members

describe("JSON types", () => {
  it("reports a string page size as a serialization error", () => {
    expectSerialization(
      "ListDomains",
      { registrationStatus: "REGISTERED", maximumPageSize: "10" },
      "Unexpected value type for 'maximumPageSize': expected integer",
    );
    expectSerialization("ListDomains", { registrationStatus: "REGISTERED", maximumPageSize: 2.5 });
  });

  it("reports wrong types anywhere", () => {
    expectSerialization(
      "DescribeDomain",
      { name: 42 },
      "Unexpected value type for 'name': expected string",
    );
    expectSerialization(
      "PollForActivityTask",
      { domain: "d", taskList: "tl" },
      "Unexpected value type for 'taskList': expected object",
    );
    expectSerialization(
      "StartWorkflowExecution",
      { domain: "d", workflowId: "w", workflowType: wt, tagList: { a: 1 } },
      "Unexpected value type for 'tagList': expected list",
    );
    expectSerialization(
      "StartWorkflowExecution",
      { domain: "d", workflowId: "w", workflowType: wt, tagList: ["a", 3] },
      "Unexpected value type for 'tagList.2.member': expected string",
    );
    expectSerialization(
      "ListDomains",
      { registrationStatus: "REGISTERED", reverseOrder: "true" },
      "Unexpected value type for 'reverseOrder': expected boolean",
    );
    expectSerialization(
      "ListDomains",
      { registrationStatus: 1 },
      "Unexpected value type for 'registrationStatus': expected string",
    );
    expectSerialization("StartWorkflowExecution", {
      domain: "d",
      workflowId: "w",
      workflowType: wt,
      taskStartToCloseTimeout: 60,
    });
    expectSerialization(
      "RespondDecisionTaskCompleted",
      { taskToken: "t", decisions: { decisionType: "StartTimer" } },
      "Unexpected value type for 'decisions': expected list",
    );
  });

  it("rejects a body that is not a JSON object", () => {
    for (const body of [null, [], "x", 1, true]) expectSerialization("DescribeDomain", body);
  });

  it("prefers the serialization error over validation errors", () => {
    expectSerialization("DescribeWorkflowType", { domain: "a".repeat(300), workflowType: 5 });
  });
});

describe("nulls and unknown members", () => {
  it("treats null members as absent, recursively", () => {
    const out = parseInput("StartWorkflowExecution", {
      domain: "d",
      workflowId: "w",
      workflowType: { ...wt, extra: null },
      taskList: null,
      input: null,
      tagList: null,
    });
    expect(out).toEqual({ domain: "d", workflowId: "w", workflowType: wt });
    expect("taskList" in out).toBe(false);
  });

  it("reports a null required member as missing", () => {
    expectViolations(
      "DescribeWorkflowType",
      { domain: null, workflowType: { name: "n", version: null } },
      violation("null", "domain", NOT_NULL),
      violation("null", "workflowType.version", NOT_NULL),
    );
  });

  it("reports a null list item as missing", () => {
    expectViolations(
      "UntagResource",
      { resourceArn: "a", tagKeys: ["k", null] },
      violation("null", "tagKeys.2.member", NOT_NULL),
    );
  });

  it("drops unknown members", () => {
    expect(parseInput("DescribeDomain", { name: "d", newField: { x: 1 }, Name: 3 })).toEqual({
      name: "d",
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Visibility filters

describe("visibility filter rules", () => {
  const EXCLUSIVE = "Cannot specify more than one exclusive filters in the same query";
  const BOTH = "Cannot specify both a startTimeFilter and a closeTimeFilter";
  const NONE = "Must specify at least one of startTimeFilter or closeTimeFilter";
  const filters = {
    executionFilter: { workflowId: "w" },
    typeFilter: { name: "wf" },
    tagFilter: { tag: "t" },
    closeStatusFilter: { status: "FAILED" },
  };

  it.each(["ListOpenWorkflowExecutions", "CountOpenWorkflowExecutions"] as const)(
    "%s: start filter required, at most one of execution/type/tag filters",
    (op) => {
      for (const f of ["executionFilter", "typeFilter", "tagFilter"] as const) {
        expect(() =>
          parseInput(op, { domain: "d", startTimeFilter: since, [f]: filters[f] }),
        ).not.toThrow();
      }
      expectMessage(
        op,
        {
          domain: "d",
          startTimeFilter: since,
          typeFilter: filters.typeFilter,
          tagFilter: filters.tagFilter,
        },
        EXCLUSIVE,
      );
      expectMessage(
        op,
        {
          domain: "d",
          startTimeFilter: since,
          executionFilter: filters.executionFilter,
          typeFilter: filters.typeFilter,
        },
        EXCLUSIVE,
      );
      expectViolations(op, { domain: "d" }, violation("null", "startTimeFilter", NOT_NULL));
    },
  );

  it.each(["ListClosedWorkflowExecutions", "CountClosedWorkflowExecutions"] as const)(
    "%s: exactly one time filter, at most one of the other filters",
    (op) => {
      expect(() => parseInput(op, { domain: "d", startTimeFilter: since })).not.toThrow();
      expect(() => parseInput(op, { domain: "d", closeTimeFilter: since })).not.toThrow();
      for (const f of Object.keys(filters) as (keyof typeof filters)[]) {
        expect(() =>
          parseInput(op, { domain: "d", closeTimeFilter: since, [f]: filters[f] }),
        ).not.toThrow();
      }
      expectMessage(op, { domain: "d", startTimeFilter: since, closeTimeFilter: since }, BOTH);
      expectMessage(op, { domain: "d" }, NONE);
      expectMessage(op, { domain: "d", typeFilter: filters.typeFilter }, NONE);
      expectMessage(
        op,
        {
          domain: "d",
          closeTimeFilter: since,
          closeStatusFilter: filters.closeStatusFilter,
          tagFilter: filters.tagFilter,
        },
        EXCLUSIVE,
      );
      expectMessage(
        op,
        {
          domain: "d",
          startTimeFilter: since,
          executionFilter: filters.executionFilter,
          typeFilter: filters.typeFilter,
        },
        EXCLUSIVE,
      );
    },
  );

  it("reports member violations before the filter rules", () => {
    expectViolations(
      "ListClosedWorkflowExecutions",
      { domain: "", startTimeFilter: since, closeTimeFilter: since },
      violation("''", "domain", minLen(1)),
    );
  });

  it("accepts a type filter without version", () => {
    expect(
      parseInput("ListOpenWorkflowExecutions", {
        domain: "d",
        startTimeFilter: since,
        typeFilter: { name: "wf" },
      }).typeFilter,
    ).toEqual({ name: "wf" });
  });
});

// ---------------------------------------------------------------------------------------------
// Decisions

describe("decisions", () => {
  const respond = (...decisions: unknown[]) => ({ taskToken: "t", decisions });
  const timer = (timerId = "t1", startToFireTimeout = "10") => ({
    decisionType: "StartTimer",
    startTimerDecisionAttributes: { timerId, startToFireTimeout },
  });
  const complete = {
    decisionType: "CompleteWorkflowExecution",
    completeWorkflowExecutionDecisionAttributes: { result: "ok" },
  };

  it("knows the 13 decision types", () => {
    expect(DECISION_TYPES).toHaveLength(13);
    expect(DECISION_TYPES).toContain("ScheduleLambdaFunction");
  });

  it("parses every decision type into a discriminated union", () => {
    const all = [
      {
        decisionType: "ScheduleActivityTask",
        scheduleActivityTaskDecisionAttributes: {
          activityType: at,
          activityId: "a1",
          taskList: tl,
          heartbeatTimeout: "NONE",
          taskPriority: "3",
        },
      },
      {
        decisionType: "RequestCancelActivityTask",
        requestCancelActivityTaskDecisionAttributes: { activityId: "a1" },
      },
      {
        decisionType: "RecordMarker",
        recordMarkerDecisionAttributes: { markerName: "m", details: "d" },
      },
      timer(),
      { decisionType: "CancelTimer", cancelTimerDecisionAttributes: { timerId: "t1" } },
      {
        decisionType: "SignalExternalWorkflowExecution",
        signalExternalWorkflowExecutionDecisionAttributes: {
          workflowId: "w",
          runId: "",
          signalName: "s",
        },
      },
      {
        decisionType: "RequestCancelExternalWorkflowExecution",
        requestCancelExternalWorkflowExecutionDecisionAttributes: { workflowId: "w" },
      },
      {
        decisionType: "StartChildWorkflowExecution",
        startChildWorkflowExecutionDecisionAttributes: {
          workflowType: wt,
          workflowId: "c",
          tagList: ["x"],
          childPolicy: "TERMINATE",
        },
      },
      {
        decisionType: "ScheduleLambdaFunction",
        scheduleLambdaFunctionDecisionAttributes: {
          id: "l1",
          name: "arn:aws:lambda:us-east-1:1:function:f",
          startToCloseTimeout: "900",
        },
      },
      {
        decisionType: "ContinueAsNewWorkflowExecution",
        continueAsNewWorkflowExecutionDecisionAttributes: {
          workflowTypeVersion: "2",
          executionStartToCloseTimeout: "60",
        },
      },
    ];
    const out = parseInput("RespondDecisionTaskCompleted", respond(...all));
    expect(out.decisions).toEqual(all);

    const seen: string[] = [];
    const decisions: Decision[] = out.decisions; // typed by the schema, no cast
    for (const d of decisions) {
      switch (d.decisionType) {
        case "StartTimer":
          seen.push(d.startTimerDecisionAttributes.startToFireTimeout);
          break;
        case "ScheduleActivityTask":
          seen.push(d.scheduleActivityTaskDecisionAttributes.activityType.name);
          break;
        case "ContinueAsNewWorkflowExecution":
          seen.push(d.continueAsNewWorkflowExecutionDecisionAttributes.workflowTypeVersion ?? "");
          break;
        default:
          break;
      }
    }
    expect(seen).toEqual(["act", "10", "2"]);
  });

  it("defaults the optional-only attributes of close decisions to {}", () => {
    for (const decisionType of [
      "CompleteWorkflowExecution",
      "FailWorkflowExecution",
      "CancelWorkflowExecution",
      "ContinueAsNewWorkflowExecution",
    ]) {
      const key = `${decisionType[0].toLowerCase()}${decisionType.slice(1)}DecisionAttributes`;
      expect(
        parseInput("RespondDecisionTaskCompleted", respond({ decisionType })).decisions,
      ).toEqual([{ decisionType, [key]: {} }]);
    }
  });

  it("requires decisionType and checks its value", () => {
    expectViolations(
      "RespondDecisionTaskCompleted",
      respond(
        { startTimerDecisionAttributes: { timerId: "t", startToFireTimeout: "1" } },
        { decisionType: "Sleep" },
      ),
      violation("null", "decisions.1.member.decisionType", NOT_NULL),
      violation(
        "'Sleep'",
        "decisions.2.member.decisionType",
        `Member must satisfy enum value set: [${DECISION_TYPES.join(", ")}]`,
      ),
    );
  });

  it("requires the attributes member of the decision's type", () => {
    expectViolations(
      "RespondDecisionTaskCompleted",
      respond(timer(), { decisionType: "ScheduleActivityTask" }),
      violation("null", "decisions.2.member.scheduleActivityTaskDecisionAttributes", NOT_NULL),
    );
  });

  it("rejects attributes of another decision type", () => {
    expectViolations(
      "RespondDecisionTaskCompleted",
      respond({ ...timer(), cancelTimerDecisionAttributes: { timerId: "t1" } }),
      violation(
        "{...}",
        "decisions.1.member.cancelTimerDecisionAttributes",
        "Member must be null when decisionType is StartTimer",
      ),
    );
  });

  it("checks the attributes' own members with list paths", () => {
    const f = fault(
      "RespondDecisionTaskCompleted",
      respond(
        timer(),
        { decisionType: "StartTimer", startTimerDecisionAttributes: { timerId: "a:b" } },
        {
          decisionType: "ScheduleActivityTask",
          scheduleActivityTaskDecisionAttributes: { activityType: { name: "x" }, activityId: "1" },
        },
        {
          decisionType: "StartChildWorkflowExecution",
          startChildWorkflowExecutionDecisionAttributes: {
            workflowType: wt,
            workflowId: "c",
            tagList: ["ok", "no!"],
          },
        },
      ),
    );
    expect(f.faultName).toBe("ValidationException");
    expect(f.message).toMatch(/^4 validation errors detected: /);
    for (const part of [
      violation("'a:b'", "decisions.2.member.startTimerDecisionAttributes.timerId", NAMING),
      violation(
        "null",
        "decisions.2.member.startTimerDecisionAttributes.startToFireTimeout",
        NOT_NULL,
      ),
      violation(
        "null",
        "decisions.3.member.scheduleActivityTaskDecisionAttributes.activityType.version",
        NOT_NULL,
      ),
      "Value 'no!' at 'decisions.4.member.startChildWorkflowExecutionDecisionAttributes.tagList.2.member'",
    ]) {
      expect(f.message).toContain(part);
    }
  });

  it("validates decision durations", () => {
    expectViolations(
      "RespondDecisionTaskCompleted",
      respond(
        timer("t1", "NONE"),
        timer("t2", ""),
        {
          decisionType: "StartChildWorkflowExecution",
          startChildWorkflowExecutionDecisionAttributes: {
            workflowType: wt,
            workflowId: "c",
            executionStartToCloseTimeout: "NONE",
            taskStartToCloseTimeout: "NONE",
          },
        },
        {
          decisionType: "ScheduleLambdaFunction",
          scheduleLambdaFunctionDecisionAttributes: {
            id: "l",
            name: "f",
            startToCloseTimeout: "901",
          },
        },
      ),
      violation(
        "'NONE'",
        "decisions.1.member.startTimerDecisionAttributes.startToFireTimeout",
        SECONDS,
      ),
      violation(
        "''",
        "decisions.2.member.startTimerDecisionAttributes.startToFireTimeout",
        minLen(1),
      ),
      violation(
        "''",
        "decisions.2.member.startTimerDecisionAttributes.startToFireTimeout",
        SECONDS,
      ),
      violation(
        "'NONE'",
        "decisions.3.member.startChildWorkflowExecutionDecisionAttributes.executionStartToCloseTimeout",
        SECONDS,
      ),
      violation(
        "'901'",
        "decisions.4.member.scheduleLambdaFunctionDecisionAttributes.startToCloseTimeout",
        "Member must be an integer number of seconds between 1 and 900",
      ),
    );
  });

  it("accepts a close decision in last position", () => {
    expect(
      parseInput("RespondDecisionTaskCompleted", respond(timer(), complete)).decisions,
    ).toHaveLength(2);
  });

  it("rejects a close decision that is not last", () => {
    expectMessage(
      "RespondDecisionTaskCompleted",
      respond(complete, timer()),
      "CompleteWorkflowExecution at 'decisions.1.member' must be the last decision in the list",
    );
    expectMessage(
      "RespondDecisionTaskCompleted",
      respond(timer(), { decisionType: "ContinueAsNewWorkflowExecution" }, timer("t2")),
      "ContinueAsNewWorkflowExecution at 'decisions.2.member' must be the last decision in the list",
    );
  });

  it("rejects two close decisions", () => {
    expectMessage(
      "RespondDecisionTaskCompleted",
      respond(timer(), { decisionType: "FailWorkflowExecution" }, complete),
      "Only one close decision is allowed in the decision list; found FailWorkflowExecution at 'decisions.2.member', CompleteWorkflowExecution at 'decisions.3.member'",
    );
  });

  it("reports attribute violations before the close-decision rule", () => {
    expectViolations(
      "RespondDecisionTaskCompleted",
      respond(complete, timer("")),
      violation("''", "decisions.2.member.startTimerDecisionAttributes.timerId", minLen(1)),
    );
  });
});
