/**
 * Outside clients in engine tests: Debian's AWS CLI and python3 (boto3), run as processes with
 * dummy credentials and a private HOME so that no user configuration leaks in.
 */
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const AWS = "/usr/bin/aws";
export const hasCli = existsSync(AWS);
export const hasBoto3 = spawnSync("python3", ["-c", "import boto3"]).status === 0;

/**
 * Each CLI call starts a Python interpreter (seconds on a busy machine): tests that make several
 * get more room than the default before they count as hung.
 */
export const CLIENT_TEST_TIMEOUT_MS = 300_000;

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A private HOME with dummy AWS credentials; `dispose` removes it. */
export function clientHome() {
  const home = mkdtempSync(join(tmpdir(), "swf-clients-"));
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: "x",
    AWS_SECRET_ACCESS_KEY: "x",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    AWS_PAGER: "",
  };
  const run = (command: string, args: string[], extraEnv: Record<string, string> = {}) =>
    new Promise<ProcessResult>((resolve) => {
      execFile(
        command,
        args,
        { env: { ...env, ...extraEnv } as unknown as NodeJS.ProcessEnv, timeout: 120_000 },
        (error: (Error & { code?: unknown }) | null, stdout: string, stderr: string) => {
          const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  return {
    run,
    /** `aws swf <args>` against `endpoint`, JSON output, read timeout above a 60 s long poll. */
    aws: (endpoint: string, args: string[]) =>
      run(AWS, [
        "swf",
        ...args,
        "--endpoint-url",
        endpoint,
        "--output",
        "json",
        "--cli-read-timeout",
        "70",
      ]),
    dispose: () => rmSync(home, { recursive: true, force: true }),
  };
}
