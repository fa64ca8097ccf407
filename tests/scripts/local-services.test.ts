import { join } from "node:path";
import { expect, it } from "vitest";
import { DEMO_FUNCTIONS_DIR, engineDb, functionsDir, root } from "../../scripts/local-services";

it("serves the demo's functions unless FUNCTIONS_DIR names a folder", () => {
  expect(functionsDir({})).toBe(join(root, "examples/order-fulfillment/functions"));
  expect(DEMO_FUNCTIONS_DIR).toBe(join(root, "examples/order-fulfillment/functions"));
  expect(functionsDir({ FUNCTIONS_DIR: "" })).toBe(DEMO_FUNCTIONS_DIR);
});

it("takes a relative FUNCTIONS_DIR from where npm start was typed, not from the project's root", () => {
  const env = { FUNCTIONS_DIR: "./functions", INIT_CWD: "/home/ada/shop" };
  expect(functionsDir(env, root)).toBe("/home/ada/shop/functions");
  expect(functionsDir({ FUNCTIONS_DIR: "/srv/functions", INIT_CWD: "/home/ada" })).toBe(
    "/srv/functions",
  );
  // Run without npm (tsx scripts/start.ts): from the current directory.
  expect(functionsDir({ FUNCTIONS_DIR: "fns" }, "/tmp/here")).toBe("/tmp/here/fns");
});

it("hands the engine ENGINE_DB as typed, from where npm start was typed, else the project's data/swf.sqlite", () => {
  expect(engineDb({}, "/tmp/elsewhere")).toBe(join(root, "data", "swf.sqlite"));
  expect(engineDb({ ENGINE_DB: "" })).toBe(join(root, "data", "swf.sqlite"));
  expect(engineDb({ ENGINE_DB: "./swf.sqlite", INIT_CWD: "/home/ada/shop" }, root)).toBe(
    "/home/ada/shop/swf.sqlite",
  );
  expect(engineDb({ ENGINE_DB: "/srv/swf.sqlite", INIT_CWD: "/home/ada" })).toBe("/srv/swf.sqlite");
  expect(engineDb({ ENGINE_DB: "swf.sqlite" }, "/tmp/here")).toBe("/tmp/here/swf.sqlite");
  expect(engineDb({ ENGINE_DB: ":memory:", INIT_CWD: "/home/ada" })).toBe(":memory:");
});
