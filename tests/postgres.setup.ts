/**
 * Vitest global setup: a PostgreSQL server for the console store suites. `TEST_DATABASE_URL`
 * names one (CI starts a throwaway cluster and passes it); without it a throwaway cluster is
 * started here from the local server binaries and stopped at the end. With neither, the
 * PostgreSQL suites fail and say why — they are never skipped.
 */
import type { TestProject } from "vitest/node";
import { postgresBinDir, startThrowawayPostgres } from "../scripts/throwaway-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** An admin URL of the test PostgreSQL server, or "" when there is none. */
    postgresUrl: string;
    /** Why there is no server, when there is none. */
    postgresMissing: string;
  }
}

export default async function setup(project: TestProject) {
  const given = process.env.TEST_DATABASE_URL?.trim();
  if (given) {
    project.provide("postgresUrl", given);
    project.provide("postgresMissing", "");
    return;
  }
  if (!postgresBinDir()) {
    project.provide("postgresUrl", "");
    project.provide(
      "postgresMissing",
      "no PostgreSQL for the store tests: install Debian's postgresql package or set TEST_DATABASE_URL",
    );
    return;
  }
  const server = await startThrowawayPostgres();
  project.provide("postgresUrl", server.url);
  project.provide("postgresMissing", "");
  return () => server.stop();
}
