import { expect, it } from "vitest";
import { consoleOnlyNotice, namesOwnEngine, startMode } from "../../scripts/start-mode";

const embedded = { embedded: true, ownEngine: false, endpoint: undefined };

it("runs the embedded engine when nothing names another endpoint", () => {
  expect(startMode({ aws: false, env: {} })).toEqual(embedded);
  expect(startMode({ aws: false, env: { AWS_ENDPOINT_URL_SWF: "" } })).toEqual(embedded);
});

it("runs the embedded engine when AWS_ENDPOINT_URL_SWF names it, as npm start told workers to set it", () => {
  const own = { embedded: true, ownEngine: true, endpoint: undefined };
  for (const endpoint of [
    "http://127.0.0.1:7070",
    "http://127.0.0.1:7070/",
    "http://localhost:7070",
    "http://LOCALHOST:7070",
    "http://[::1]:7070",
  ])
    expect(startMode({ aws: false, env: { AWS_ENDPOINT_URL_SWF: endpoint } }), endpoint).toEqual(
      own,
    );
  // On the port ENGINE_PORT gives the engine.
  expect(
    startMode({
      aws: false,
      env: { AWS_ENDPOINT_URL_SWF: "http://127.0.0.1:7171", ENGINE_PORT: "7171" },
    }),
  ).toEqual(own);
  // With --aws, still only the console, and against AWS rather than the engine that is not started.
  expect(startMode({ aws: true, env: { AWS_ENDPOINT_URL_SWF: "http://127.0.0.1:7070" } })).toEqual({
    embedded: false,
    ownEngine: true,
    endpoint: undefined,
  });
});

it("starts only the console when AWS_ENDPOINT_URL_SWF names any other endpoint", () => {
  for (const [endpoint, enginePort] of [
    ["https://swf.eu-west-1.amazonaws.com", undefined],
    ["http://swf.internal:7070", undefined],
    // Loopback, but not where npm start's engine would listen: someone's own engine.
    ["http://127.0.0.1:7071", undefined],
    ["http://127.0.0.1:7070", "7171"],
    ["https://localhost:7070", undefined],
    ["http://localhost", undefined],
    ["not a url", undefined],
  ])
    expect(
      startMode({
        aws: false,
        env: { AWS_ENDPOINT_URL_SWF: endpoint, ENGINE_PORT: enginePort },
      }),
      `${endpoint} (ENGINE_PORT ${enginePort})`,
    ).toEqual({ embedded: false, ownEngine: false, endpoint });
  expect(startMode({ aws: true, env: {} })).toEqual({
    embedded: false,
    ownEngine: false,
    endpoint: undefined,
  });
});

it("a loopback name on the engine's port is npm start's own engine; the default http port counts", () => {
  expect(namesOwnEngine("http://127.0.0.2:7070", "7070")).toBe(true);
  expect(namesOwnEngine("http://localhost", "80")).toBe(true);
  expect(namesOwnEngine("http://0.0.0.0:7070", "7070")).toBe(false);
});

it("says in one line why only the console starts, against what, and how to get the engine back", () => {
  const line = consoleOnlyNotice("https://swf.eu-west-1.amazonaws.com");
  expect(line).not.toContain("\n");
  expect(line).toContain("AWS_ENDPOINT_URL_SWF is set");
  expect(line).toContain("only the console starts, against https://swf.eu-west-1.amazonaws.com");
  expect(line).toContain("unset AWS_ENDPOINT_URL_SWF");
});
