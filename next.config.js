/** @type {import('next').NextConfig} */
const nextConfig = {
  // The console never bundles the engine; it reaches it over HTTP. The console's own
  // store (SQLite or PostgreSQL) and the logger load native or worker code and must stay external.
  serverExternalPackages: ["better-sqlite3", "better-sqlite3-napi", "pg", "pino", "pino-pretty"],
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
