// riskgate-test-rules: n-plus-one, write-loop-without-transaction
// libpqxx against the real <pqxx/pqxx> (libpqxx-dev).
#include <pqxx/pqxx>

#include <string>
#include <vector>

int names_bad(pqxx::work &tx, const std::vector<int> &ids) {
  int n = 0;
  for (int id : ids) { // expect-note: {{loop here}}
    pqxx::result r = tx.exec("SELECT name FROM users WHERE id = " + tx.quote(id)); // expect: n-plus-one high {{'pqxx::transaction_base::exec' runs a query}}
    n += static_cast<int>(r.size());
  }
  return n;
}

void params_bad(pqxx::work &tx, const std::vector<std::string> &emails) {
  for (const std::string &e : emails) // expect-note: {{loop here}}
    tx.exec_params("SELECT id FROM users WHERE email = $1", e); // expect: n-plus-one high
}

void prepared_bad(pqxx::work &tx, const std::vector<int> &ids) {
  for (int id : ids) // expect-note: {{loop here}}
    tx.exec_prepared("user_by_id", id); // expect: n-plus-one high {{runs a prepared statement}}
}

// A transaction per row.
void per_row_transaction_bad(pqxx::connection &c, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    pqxx::work tx(c); // expect: write-loop-without-transaction high {{opened and committed on every iteration}}
    tx.exec_params("SELECT 1 WHERE $1 > 0", id); // expect: n-plus-one high
    tx.commit();
  }
}

// The textbook N+1 as pqxx code writes it: a range-for straight over one query's result,
// another query per row. One level up, and the note names the query.
void orders_per_user_bad(pqxx::work &tx) {
  for (const auto &user : tx.exec("SELECT id FROM users")) // expect-note: {{loop here, over the rows of the query at line 39 (severity critical: starts at high: a network round trip; one level up: the loop walks the rows of the query at line 39)}}
    tx.exec_params("SELECT * FROM orders WHERE user_id = $1", user[0].as<int>()); // expect: n-plus-one critical
}

// ---- negatives -------------------------------------------------------------------------

// A range-for straight over a query that returns one row (LIMIT 1) runs at most once.
void newest_user_orders_ok(pqxx::work &tx) {
  for (const auto &user : tx.exec("SELECT id FROM users ORDER BY created DESC LIMIT 1"))
    tx.exec_params("SELECT * FROM orders WHERE user_id = $1", user[0].as<int>());
}

// Iterating one result's rows.
long total_ok(pqxx::work &tx) {
  long total = 0;
  for (const auto &row : tx.exec("SELECT amount FROM payments"))
    total += row[0].as<long>();
  return total;
}

// One statement for the whole batch, inside one transaction.
void batch_ok(pqxx::connection &c, const std::vector<int> &ids) {
  pqxx::work tx(c);
  std::string list;
  for (int id : ids)
    list += (list.empty() ? "" : ",") + std::to_string(id);
  tx.exec("UPDATE users SET seen = now() WHERE id IN (" + list + ")");
  tx.commit();
}
