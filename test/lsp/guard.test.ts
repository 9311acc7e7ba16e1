/** Guarded handlers: an exception is logged with its stack and answered with the fallback; a ResponseError is a real answer and passes through. */
import { describe, expect, it } from "vitest";
import { ResponseError } from "vscode-languageserver";
import { guarded, guardedVoid } from "../../lsp/guard.js";

describe("guarded handlers", () => {
  it("log an exception and return the fallback", async () => {
    const logged: string[] = [];
    const handler = guarded({ error: (m) => logged.push(m) }, "hover", null, (): string => { throw new Error("boom"); });
    expect(await handler()).toBeNull();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^accrue language server: hover failed: Error: boom\n\s+at /);
  });

  it("pass results and refusals through", async () => {
    const logged: string[] = [];
    const log = { error: (m: string) => logged.push(m) };
    expect(await guarded(log, "completion", [], async (n: number) => [n])(3)).toEqual([3]);
    const refusal = new ResponseError(-32803, "no");
    await expect(guarded(log, "rename", null, () => { throw refusal; })()).rejects.toBe(refusal);
    expect(logged).toEqual([]);
  });

  it("keep notifications and timers from throwing", () => {
    const logged: string[] = [];
    expect(() => guardedVoid({ error: (m) => logged.push(m) }, "change", () => { throw new TypeError("bad"); })()).not.toThrow();
    expect(logged[0]).toContain("change failed: TypeError: bad");
  });
});
