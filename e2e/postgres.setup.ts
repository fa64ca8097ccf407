/**
 * Playwright global setup: a PostgreSQL server for the specs that run several consoles on one
 * database. `TEST_DATABASE_URL` names one (CI passes its throwaway cluster); without it one is
 * started here from the local server binaries and stopped after the run. With neither, those
 * specs fail and say why.
 */
import { postgresBinDir, startThrowawayPostgres } from "../scripts/throwaway-postgres";

export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL?.trim() || !postgresBinDir()) return;
  const server = await startThrowawayPostgres();
  process.env.TEST_DATABASE_URL = server.url;
  return () => server.stop();
}
