import { describe, expect, it } from "vitest";
import { awsCliCommand, isAwsEndpoint, kebab, shellQuote } from "@/components/actions/cli-command";

const LOCAL = { endpoint: "http://127.0.0.1:7070", region: "us-east-1" };
const AWS = { endpoint: "https://swf.eu-west-1.amazonaws.com", region: "eu-west-1" };

describe("aws swf command", () => {
  it("names the operation and its parameters as the CLI does", () => {
    expect(kebab("SignalWorkflowExecution")).toBe("signal-workflow-execution");
    expect(kebab("workflowExecutionRetentionPeriodInDays")).toBe(
      "workflow-execution-retention-period-in-days",
    );
  });

  it("adds --endpoint-url only when the endpoint is not AWS", () => {
    const input = { domain: "orders", workflowId: "order-1", runId: "22abc=", signalName: "go" };
    expect(awsCliCommand("SignalWorkflowExecution", input, LOCAL)).toBe(
      "aws swf signal-workflow-execution --domain orders --workflow-id order-1 --run-id 22abc= --signal-name go --region us-east-1 --endpoint-url http://127.0.0.1:7070",
    );
    expect(awsCliCommand("SignalWorkflowExecution", input, AWS)).toBe(
      "aws swf signal-workflow-execution --domain orders --workflow-id order-1 --run-id 22abc= --signal-name go --region eu-west-1",
    );
    expect(isAwsEndpoint("https://swf-fips.us-gov-west-1.amazonaws.com")).toBe(true);
    expect(isAwsEndpoint("https://swf.example.com")).toBe(false);
  });

  it("passes structures and lists as JSON, quoted for the shell", () => {
    const cmd = awsCliCommand(
      "StartWorkflowExecution",
      {
        domain: "d",
        workflowId: "w",
        workflowType: { name: "Order", version: "1" },
        tagList: ["a b", "c"],
        input: `{"note":"it's"}`,
        taskList: undefined,
        reason: "",
      },
      LOCAL,
    );
    expect(cmd).toContain(`--workflow-type '{"name":"Order","version":"1"}'`);
    expect(cmd).toContain(`--tag-list '["a b","c"]'`);
    expect(cmd).toContain(`--input '{"note":"it'\\''s"}'`);
    expect(cmd).not.toContain("--task-list");
    expect(cmd).not.toContain("--reason");
  });

  it("quotes anything a shell would read differently", () => {
    expect(shellQuote("plain-1.2:3/4=5+6@7")).toBe("plain-1.2:3/4=5+6@7");
    expect(shellQuote("two words")).toBe("'two words'");
    expect(shellQuote("$(rm -rf /)")).toBe("'$(rm -rf /)'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote("")).toBe("''");
  });
});
