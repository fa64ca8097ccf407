// better-sqlite3 13.x under an alias (see lib/sqlite-driver.ts): same API as the 12.x types.
declare module "better-sqlite3-napi" {
  import Database from "better-sqlite3";
  export default Database;
}
