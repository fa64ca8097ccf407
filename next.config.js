/** @type {import('next').NextConfig} */
const nextConfig = {
  // The console never bundles the engine; it reaches it over HTTP. The console's own
  // SQLite (users, audit, inbox) is loaded by route handlers and must stay external.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
