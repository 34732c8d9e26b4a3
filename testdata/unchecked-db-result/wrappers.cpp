// riskgate-test-rules: unchecked-db-result
// A project function that hands back an access's failure report as its own result is as
// much a failure report as the library call: its caller is where a dropped result goes
// unnoticed. Graded by the SQL the caller sends, through every wrapper in between.
#include <libpq-fe.h>
#include <sqlite3.h>

static int executed = 0;
void logFailure(const char *what);

// ---- wrappers ---------------------------------------------------------------------------

bool runSql(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; // expect-note: {{which returns the result of sqlite3_exec here}}
}

int runCounted(sqlite3 *db, const char *sql) {
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr); // expect-note: {{which returns the result of sqlite3_exec here}}
  ++executed;
  return rc;
}

bool markDone(sqlite3 *db) { return runSql(db, "UPDATE jobs SET done = 1"); } // expect-note: {{returns the result of runSql}}

PGresult *pgRun(PGconn *c, const char *sql) { return PQexec(c, sql); } // expect-note: {{which returns the result of PQexec here}}

// Checks and logs, returns nothing: the failure is seen inside.
void runLogged(sqlite3 *db, const char *sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    logFailure(sql);
}

// Returns something else than the access's report: the access itself is the finding.
int clearAndCount(sqlite3 *db) {
  sqlite3_exec(db, "DELETE FROM scratch", nullptr, nullptr, nullptr); // expect: unchecked-db-result medium {{the result of 'sqlite3_exec' is discarded}}
  return executed;
}

// ---- callers ----------------------------------------------------------------------------

void dropsWrapperResults_bad(sqlite3 *db, PGconn *c) {
  runSql(db, "DELETE FROM jobs WHERE done = 1"); // expect: unchecked-db-result medium {{the result of 'runSql' is discarded: it returns what 'sqlite3_exec' reports, failure through a return code}}
  runCounted(db, "INSERT INTO audit(event) VALUES ('purge')"); // expect: unchecked-db-result medium {{the result of 'runCounted' is discarded}}
  markDone(db); // expect: unchecked-db-result medium {{the result of 'markDone' is discarded: it returns what 'sqlite3_exec' reports}}
  pgRun(c, "UPDATE accounts SET locked = true"); // expect: unchecked-db-result medium {{the result of 'pgRun' is discarded}}
}

void dropsHarmlessWrapperResults_low(sqlite3 *db, PGconn *c) {
  runSql(db, "SELECT count(*) FROM jobs"); // expect: unchecked-db-result low {{(a read: it would show as missing rows)}}
  runSql(db, "DROP TABLE IF EXISTS scratch"); // expect: unchecked-db-result low {{a failed DROP}}
  runSql(db, "ALTER TABLE jobs ADD COLUMN owner TEXT"); // expect: unchecked-db-result low {{a failed ADD COLUMN}}
  pgRun(c, "BEGIN"); // expect: unchecked-db-result low {{a failed BEGIN}}
}

bool checksWrapperResults_ok(sqlite3 *db, PGconn *c) {
  if (!runSql(db, "DELETE FROM jobs"))
    return false;
  (void)runSql(db, "DELETE FROM cache"); // said with a cast: deliberately ignored
  runLogged(db, "DELETE FROM sessions");
  clearAndCount(db);
  PGresult *R = pgRun(c, "DELETE FROM tokens");
  bool Ok = PQresultStatus(R) == PGRES_COMMAND_OK;
  PQclear(R);
  return Ok && runCounted(db, "DELETE FROM audit") == SQLITE_OK;
}
