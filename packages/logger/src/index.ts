export { createLogger, jobLogger, redactPaths, type Logger, type LoggerOptions } from "./create-logger.ts";
