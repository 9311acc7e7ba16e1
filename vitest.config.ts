/**
 * Vitest settings: the CLI tests run the built bundle, so a global setup builds it when stale;
 * the summary reporter closes every run with a plain `N passed, M failed` line.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["test/cli/build.global.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
