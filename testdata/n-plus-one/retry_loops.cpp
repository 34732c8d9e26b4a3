// riskgate-test-rules: n-plus-one
// Retry loops re-run one statement on its own transient failure: MySQL's lock wait timeout
// and deadlock (with a shutdown flag in the condition too), SQLite's BUSY and LOCKED with a
// reset before the retry. A loop over rows that happens to check an error code is not one.
#include <mariadb/mysql.h>
#include <mariadb/mysqld_error.h>
#include <sqlite3.h>

#include <vector>

int runWithRetry_ok(MYSQL *c, const char *sql) {
  int rc;
  while ((rc = mysql_query(c, sql)) != 0) {
    if (mysql_errno(c) != ER_LOCK_WAIT_TIMEOUT && mysql_errno(c) != ER_LOCK_DEADLOCK)
      return rc;
  }
  return 0;
}

extern volatile bool g_terminate;
int runUntilShutdown_ok(MYSQL *c, const char *sql) {
  int rc;
  while ((rc = mysql_query(c, sql)) != 0 && !g_terminate) {
    if (mysql_errno(c) != ER_LOCK_WAIT_TIMEOUT)
      return rc;
  }
  return 0;
}

int stepResetRetry_ok(sqlite3 *db) {
  sqlite3_stmt *st = nullptr;
  sqlite3_prepare_v2(db, "UPDATE jobs SET taken = 1 WHERE id = 1", -1, &st, nullptr);
  int rc, n = 0;
  do {
    rc = sqlite3_step(st);
    if (rc == SQLITE_LOCKED) {
      sqlite3_reset(st);
      ++n;
    } else if (rc == SQLITE_BUSY) {
      ++n;
    }
  } while (n < 20 && (rc == SQLITE_BUSY || rc == SQLITE_LOCKED));
  sqlite3_finalize(st);
  return rc;
}

void perId_bad(MYSQL *c, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    (void)id;
    if (mysql_query(c, "DELETE FROM q WHERE id = 1") != 0 && mysql_errno(c) == ER_LOCK_DEADLOCK) // expect: n-plus-one high {{'mysql_query' runs a query (network round trip)}}
      break;
  }
}
