// The part of better-sqlite3's API used outside Prisma (backup/restore scripts, system tests).
// @types/better-sqlite3 is not installed; this declares only what the project calls.
declare module "better-sqlite3" {
  namespace Database {
    interface Options {
      readonly?: boolean;
      fileMustExist?: boolean;
      /** busy timeout in milliseconds (default 5000) */
      timeout?: number;
    }
    interface RunResult {
      changes: number;
      lastInsertRowid: number | bigint;
    }
    interface Statement {
      run(...params: unknown[]): RunResult;
      get(...params: unknown[]): unknown;
      all(...params: unknown[]): unknown[];
    }
    interface BackupProgress {
      totalPages: number;
      remainingPages: number;
    }
    interface Database {
      readonly open: boolean;
      prepare(sql: string): Statement;
      exec(sql: string): this;
      pragma(source: string, options?: { simple?: boolean }): unknown;
      backup(destination: string, options?: { progress?: (info: BackupProgress) => number | void }): Promise<BackupProgress>;
      close(): this;
    }
  }
  const Database: new (filename: string, options?: Database.Options) => Database.Database;
  export default Database;
}
