/** Vitest settings: the CLI tests run the built bundle, so a global setup builds it when stale. */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["test/cli/build.global.ts"],
  },
});
