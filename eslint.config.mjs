import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".next/",
      "data/",
      "test-results/",
      "playwright-report/",
      "next-env.d.ts",
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.tsx", "components/**/*.ts", "app/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Layering (docs/architecture.md): the console reaches the engine over HTTP only.
    files: [
      "app/**",
      "components/**",
      "lib/history/**",
      "lib/swf/**",
      "lib/worker/**",
      "lib/console/**",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/engine/**", "@/lib/engine/**"],
              message:
                "Only tests and scripts may import lib/engine; the console talks to it over HTTP.",
            },
            {
              group: ["**/components/**", "@/components/**", "**/app/**", "@/app/**"],
              message:
                "lib/ sits below the console's pages and components: move the shared piece down.",
            },
          ],
        },
      ],
    },
  },
  {
    // Pages and components may import each other; only lib/ is forbidden to.
    files: ["app/**", "components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/engine/**", "@/lib/engine/**"],
              message:
                "Only tests and scripts may import lib/engine; the console talks to it over HTTP.",
            },
          ],
        },
      ],
    },
  },
  {
    // The engine stands alone: nothing of the console, the SDK or the pages.
    files: ["lib/engine/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "**/console/**",
                "@/lib/console/**",
                "**/worker/**",
                "@/lib/worker/**",
                "**/components/**",
                "@/components/**",
                "**/app/**",
                "@/app/**",
              ],
              message: "The engine imports its own files and the leaf utilities in lib/ only.",
            },
          ],
        },
      ],
    },
  },
);
