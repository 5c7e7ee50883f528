export { default } from "@vigie/eslint-config";
