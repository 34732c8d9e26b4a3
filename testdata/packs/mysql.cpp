// riskgate-test-rules: n-plus-one, write-loop-without-transaction
// MariaDB's C client against the real <mariadb/mysql.h> (libmariadb-dev).
#include <mariadb/mysql.h>

#include <string>
#include <vector>

void query_per_id_bad(MYSQL *c, const std::vector<std::string> &ids) {
  for (const std::string &id : ids) { // expect-note: {{loop here}}
    std::string sql = "SELECT name FROM users WHERE id = " + id;
    if (mysql_query(c, sql.c_str()) == 0) // expect: n-plus-one high {{'mysql_query' runs a query (network round trip)}}
      mysql_free_result(mysql_store_result(c));
  }
}

void update_per_row_bad(MYSQL *c, const std::vector<std::string> &ids) {
  for (const std::string &id : ids) { // expect-note: {{loop here}}
    std::string sql = "UPDATE users SET seen = 1 WHERE id = " + id;
    mysql_real_query(c, sql.c_str(), sql.size()); // expect: n-plus-one high
    // expect@-1: write-loop-without-transaction high {{(UPDATE)}}
  }
}

void stmt_per_row_bad(MYSQL_STMT *st, MYSQL_BIND *binds, int n) {
  for (int i = 0; i < n; ++i) { // expect-note: {{loop here}}
    mysql_stmt_bind_param(st, &binds[i]);
    mysql_stmt_execute(st); // expect: n-plus-one high {{runs a prepared statement}}
  }
}

// ---- negatives -------------------------------------------------------------------------

// Fetching the rows of one stored result.
long sum_ok(MYSQL *c) {
  long total = 0;
  if (mysql_query(c, "SELECT amount FROM payments") != 0)
    return 0;
  MYSQL_RES *res = mysql_store_result(c);
  MYSQL_ROW row;
  while ((row = mysql_fetch_row(res)))
    total += std::stol(row[0]);
  mysql_free_result(res);
  return total;
}

// Writes inside an explicit transaction: autocommit off, one commit.
void batch_update_ok(MYSQL *c, const std::vector<std::string> &ids) {
  mysql_autocommit(c, 0);
  for (const std::string &id : ids) {
    std::string sql = "UPDATE users SET seen = 1 WHERE id IN (" + id + ")";
    (void)sql;
  }
  mysql_commit(c);
}

// Opening a connection is not a statement: a reconnect helper called on every pass connects
// only when the link is lost, so the loop counts only the statement it runs.
struct Backend {
  MYSQL db;
  bool usable = true;
  void reconnectIfNeeded() {
    if (usable)
      return;
    usable = mysql_real_connect(&db, "localhost", "pdns", "", "pdns", 0, nullptr, 0) != nullptr;
  }
  void deleteNames(const std::vector<std::string> &names) {
    for (const std::string &n : names) { // expect-note: {{loop here}}
      reconnectIfNeeded();
      std::string sql = "DELETE FROM records WHERE name = '" + n + "'";
      mysql_query(&db, sql.c_str()); // expect: n-plus-one high {{'mysql_query' runs a query}}
      // expect@-1: write-loop-without-transaction high
    }
  }
};

// A connection opened per item: its statements are the N+1 reported.
void connectPerItem_bad(const std::vector<std::string> &hosts) {
  for (const std::string &h : hosts) { // expect-note: {{loop here}}
    MYSQL *c = mysql_init(nullptr);
    if (mysql_real_connect(c, h.c_str(), "u", "", "d", 0, nullptr, 0))
      mysql_query(c, "UPDATE hosts SET seen = 1 WHERE id = 1"); // expect: n-plus-one high {{'mysql_query' runs a query}}
    // expect@-1: write-loop-without-transaction high
    mysql_close(c);
  }
}
