/**
 * A console pointed at AWS with no credentials where it runs: every page's SWF call fails before
 * it is sent. The caller hears what is missing (503 NoCredentials), not that the console failed.
 */
import { ListDomainsCommand } from "@aws-sdk/client-swf";
import { expect, it } from "vitest";
import { toConsoleFault } from "@/lib/console/faults";
import { createSwfClient } from "@/lib/swf/client";

it("no AWS credentials: 503 NoCredentials saying what to set", async () => {
  for (const name of [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
  ])
    delete process.env[name];
  process.env.AWS_EC2_METADATA_DISABLED = "true"; // no instance to ask either
  process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/credentials";
  process.env.AWS_CONFIG_FILE = "/nonexistent/config";
  const swf = createSwfClient({ env: { AWS_REGION: "us-east-1" }, config: { maxAttempts: 1 } });
  try {
    const error = await swf.send(new ListDomainsCommand({ registrationStatus: "REGISTERED" })).then(
      () => undefined,
      (e: unknown) => e,
    );
    const fault = toConsoleFault(error);
    expect([fault.status, fault.fault]).toEqual([503, "NoCredentials"]);
    expect(fault.message).toMatch(/AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
  } finally {
    swf.destroy();
  }
});
