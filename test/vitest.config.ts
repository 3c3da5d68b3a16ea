// `npm test` runs vitest with this config: the suite, and at the end one line naming every skip
// and its reason. Fixture capture scripts (*.capture.ts) run only when asked for:
//   CAPTURE=1 npx vitest run --config test/vitest.config.ts test/fixtures/inspect/inspect.capture.ts
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    include: process.env.CAPTURE ? ["test/**/*.capture.ts"] : ["test/**/*.test.ts"],
    // The runner changes the current directory (tslab needs it): processes, not threads.
    pool: "forks",
    reporters: ["default", "./test/helpers/skip-summary.ts"],
  },
});
