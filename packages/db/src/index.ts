export {
  createSql,
  createDatabase,
  type Database,
  type DatabaseOptions,
  type Sql,
  type TransactionSql,
  type Queryable,
  type SqlFragment,
} from "./create-database.ts";
export { migrate, ensureDatabase, migrationsFolder, type MigrateResult } from "./migrate.ts";
export * as schema from "./schema/index.ts";
