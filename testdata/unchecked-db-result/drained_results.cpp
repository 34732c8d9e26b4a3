// riskgate-test-rules: unchecked-db-result
// Rows fetched only to be freed: a call whose statement ran (and was checked) already, whose
// extra result sets are drained before the next query. Nothing reads those rows, so a failed
// fetch loses nothing. A result that runs a statement, cleared straight away, is still
// dropped unchecked.
#include <libpq-fe.h>
#include <mariadb/mysql.h>

#include <cstring>

// ---- negatives -------------------------------------------------------------------------

bool runAndDrain(MYSQL *c, const char *sql, MYSQL_RES **rows) {
  if (mysql_real_query(c, sql, std::strlen(sql)) != 0)
    return false;
  *rows = mysql_store_result(c);
  while (mysql_next_result(c) == 0)
    mysql_free_result(mysql_store_result(c)); // a procedure's extra result sets, unread
  return true;
}

void drainPending(PGconn *c) {
  PQclear(PQgetResult(c)); // the rest of an asynchronous send, thrown away
}

// ---- positives -------------------------------------------------------------------------

void sendAndForget(PGconn *c) {
  PQclear(PQexec(c, "DELETE FROM sessions WHERE expires < now()")); // expect: unchecked-db-result medium {{the result of 'PQexec' is discarded}}
}
