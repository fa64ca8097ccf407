import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["tests/**/*.test.ts", "lib/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/postgres.setup.ts"],
    // The AWS SDK release we pin warns on every Node 20 process; we know.
    // Passwords hash at scrypt N=2^14 in tests (production: 2^17), so that suites creating many
    // users stay quick; tests/console/security.test.ts checks the production cost itself.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", CONSOLE_SCRYPT_LOG2N: "14" },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
