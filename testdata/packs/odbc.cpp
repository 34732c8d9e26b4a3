// riskgate-test-rules: n-plus-one, write-loop-without-transaction
// ODBC against the real <sql.h>/<sqlext.h> (unixodbc-dev).
#include <sql.h>
#include <sqlext.h>

#include <vector>

void exec_direct_bad(SQLHSTMT st, int n) {
  for (int i = 0; i < n; ++i) { // expect-note: {{loop here}}
    SQLExecDirect(st, (SQLCHAR *)"DELETE FROM q WHERE done = 1", SQL_NTS); // expect: n-plus-one high
    // expect@-1: write-loop-without-transaction high {{(DELETE)}}
  }
}

void execute_per_row_bad(SQLHSTMT st, const std::vector<SQLINTEGER> &ids) {
  SQLPrepare(st, (SQLCHAR *)"SELECT name FROM users WHERE id = ?", SQL_NTS);
  for (SQLINTEGER id : ids) { // expect-note: {{loop here}}
    SQLINTEGER v = id;
    SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_LONG, SQL_INTEGER, 0, 0, &v, 0, nullptr);
    SQLExecute(st); // expect: n-plus-one high {{runs a prepared statement}}
    SQLCloseCursor(st);
  }
}

// ---- negatives -------------------------------------------------------------------------

// Fetching the rows of one execution.
int count_ok(SQLHSTMT st) {
  SQLExecDirect(st, (SQLCHAR *)"SELECT id FROM users", SQL_NTS);
  int n = 0;
  while (SQLFetch(st) == SQL_SUCCESS)
    ++n;
  return n;
}

// Autocommit off, then the writes, then one commit.
void manual_commit_ok(SQLHDBC dbc, SQLHSTMT st, int n) {
  SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0);
  for (int i = 0; i < n; ++i)
    SQLExecDirect(st, (SQLCHAR *)"DELETE FROM q WHERE done = 1", SQL_NTS); // expect: n-plus-one medium {{inside a transaction, but still one round trip per row}}
    // expect-note@-2: {{loop here}}
  SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_COMMIT);
}
