// Shared flat config. The one house rule that lint enforces beyond typescript-eslint's
// recommended set: configuration comes from packages/config, never from process.env.
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "**/.turbo/**", "**/.vigie/**", "migrations/**"] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through @vigie/config (packages/config) only." },
      ],
    },
  },
  {
    files: ["packages/config/**"],
    rules: { "no-restricted-properties": "off" },
  },
);
