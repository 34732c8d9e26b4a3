// riskgate-test-rules: n-plus-one, write-loop-without-transaction
// MySQL Connector/C++ against the real <cppconn/...> headers (libmysqlcppconn-dev).
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>
#include <string>
#include <vector>

void query_per_id_bad(sql::Statement &st, const std::vector<std::string> &ids) {
  for (const std::string &id : ids) { // expect-note: {{loop here}}
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery("SELECT name FROM users WHERE id = " + id)); // expect: n-plus-one high {{'sql::Statement::executeQuery' runs a query}}
  }
}

void update_per_row_bad(sql::PreparedStatement &ps, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    ps.setInt(1, id);
    ps.executeUpdate(); // expect: n-plus-one high {{runs a prepared statement}}
  }
}

// ---- negatives -------------------------------------------------------------------------

int rows_ok(sql::Statement &st) {
  std::unique_ptr<sql::ResultSet> rs(st.executeQuery("SELECT id FROM users"));
  int n = 0;
  while (rs->next())
    ++n;
  return n;
}

void in_transaction_ok(sql::Connection &c, sql::Statement &st, const std::vector<std::string> &ids) {
  c.setAutoCommit(false);
  for (const std::string &id : ids)
    st.executeUpdate("UPDATE users SET seen = 1 WHERE id = " + id); // expect: n-plus-one medium {{inside a transaction, but still one round trip per row}}
    // expect-note@-2: {{loop here}}
  c.commit();
}
