/**
 * Next.js server start hook. In the Node.js runtime (never during `next build`): console database,
 * first admin, human-task poller. See lib/console/startup.ts.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startConsole } = await import("./lib/console/startup");
  await startConsole();
}
