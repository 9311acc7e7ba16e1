/**
 * Chevrotain's grammar validations (ambiguities, left recursion, unreachable alternatives) are
 * skipped when the parser is built for use, because they are slow. The parser is a singleton
 * built at import, so this test builds it again in a child process with ACCRUE_VALIDATE_GRAMMAR=1
 * and expects no definition errors.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, it } from "vitest";

const PARSER = pathToFileURL(fileURLToPath(new URL("../../language/parser.ts", import.meta.url))).href;
const TSX = createRequire(import.meta.url).resolve("tsx/cli");

it("the grammar has no definition errors", () => {
  const script = `import(${JSON.stringify(PARSER)}).then(({ planParser }) => {
    console.log(JSON.stringify({ validated: planParser.skipValidations === false, errors: planParser.definitionErrors.map((e) => e.message) }));
  });`;
  const child = spawnSync(process.execPath, [TSX, "-e", script], {
    env: { ...process.env, ACCRUE_VALIDATE_GRAMMAR: "1" },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(child.stderr).toBe("");
  expect(child.status).toBe(0);
  expect(JSON.parse(child.stdout)).toEqual({ validated: true, errors: [] });
}, 60_000);
