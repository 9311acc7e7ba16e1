/** Plan tests: test files beside plans, run by `accrue test` and by the repository's own tests. */
export { readTestFile, TestFileError, type PlanTestFile, type PlanTestCase } from "./test-file.js";
export { runTestFile, type FileResult, type CaseResult } from "./run-tests.js";
export { compareCsv, type Difference } from "./compare.js";
export { formatResults, junitXml, summarise } from "./report.js";
