/** Plan test results for people (terminal) and for CI systems (JUnit XML). */
import type { FileResult } from "./run-tests.js";

/** Counts over all files. */
export function summarise(results: FileResult[]): { passed: number; failed: number } {
  let passed = 0;
  let failed = 0;
  for (const f of results) {
    if (f.error) failed++;
    for (const c of f.cases) c.passed ? passed++ : failed++;
  }
  return { passed, failed };
}

/** One line per case, details under each failure, and a closing `N passed, M failed` line. */
export function formatResults(results: FileResult[]): string {
  const out: string[] = [];
  for (const f of results) {
    out.push(f.plan ? `${f.path} (${f.plan})` : f.path);
    if (f.error) out.push(`  ✗ ${f.error.split("\n").join("\n    ")}`);
    for (const c of f.cases) {
      out.push(`  ${c.passed ? "✓" : "✗"} ${c.name}`);
      if (c.error) out.push(`      ${f.path}:${c.line}: ${c.error}`);
      for (const failure of c.failures) {
        out.push(`      ${failure.file}${failure.planLine ? ` (from ${f.plan}:${failure.planLine})` : ""}:`);
        for (const d of failure.differences.slice(0, 10)) out.push(`        ${d.key ? `${d.key}: ` : ""}${d.message}`);
        if (failure.differences.length > 10) out.push(`        … ${failure.differences.length - 10} more differences`);
      }
    }
  }
  const { passed, failed } = summarise(results);
  out.push("", `${passed} passed, ${failed} failed`);
  return out.join("\n");
}

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JUnit XML: a suite per test file, a case per test, failures with their differences. */
export function junitXml(results: FileResult[]): string {
  const { passed, failed } = summarise(results);
  const suites = results.map((f) => {
    const cases = f.cases.map((c) => {
      const detail = [c.error ?? "", ...c.failures.flatMap((x) => [`${x.file}${x.planLine ? ` (from ${f.plan}:${x.planLine})` : ""}`, ...x.differences.map((d) => `  ${d.key ? `${d.key}: ` : ""}${d.message}`)])].filter(Boolean).join("\n");
      const body = c.passed ? "" : `\n      <failure message="${xml(detail.split("\n")[0] ?? "failed")}">${xml(detail)}</failure>\n    `;
      return `    <testcase classname="${xml(f.path)}" name="${xml(c.name)}" time="${(c.milliseconds / 1000).toFixed(3)}">${body}</testcase>`;
    });
    const errors = f.error ? `\n    <testcase classname="${xml(f.path)}" name="compile ${xml(f.plan)}"><error message="the plan does not compile">${xml(f.error)}</error></testcase>` : "";
    const failures = f.cases.filter((c) => !c.passed).length;
    return `  <testsuite name="${xml(f.path)}" tests="${f.cases.length + (f.error ? 1 : 0)}" failures="${failures}" errors="${f.error ? 1 : 0}">\n${cases.join("\n")}${errors}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${passed + failed}" failures="${failed}">\n${suites.join("\n")}\n</testsuites>\n`;
}
