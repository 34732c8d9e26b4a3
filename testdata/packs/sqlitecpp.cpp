// riskgate-test-rules: n-plus-one, write-loop-without-transaction
// SQLiteC++ against the real <SQLiteCpp/SQLiteCpp.h> (libsqlitecpp-dev).
#include <SQLiteCpp/SQLiteCpp.h>

#include <string>
#include <vector>

void exec_per_id_bad(SQLite::Database &db, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    db.exec("DELETE FROM sessions WHERE user_id = " + std::to_string(id)); // expect: n-plus-one low {{'SQLite::Database::exec' runs a query}}
    // expect@-1: write-loop-without-transaction low {{(DELETE)}}
  }
}

void statement_per_id_bad(SQLite::Database &db, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    SQLite::Statement q(db, "SELECT name FROM users WHERE id = ?");
    q.bind(1, id);
    while (q.executeStep()) { // expect: n-plus-one low {{the statement is prepared again inside the loop}}
    }
  }
}

void insert_rows_bad(SQLite::Database &db, const std::vector<std::string> &names) {
  SQLite::Statement ins(db, "INSERT INTO names(name) VALUES (?)");
  for (const std::string &n : names) { // expect-note: {{loop here}}
    ins.bind(1, n);
    ins.exec(); // expect: n-plus-one low {{runs a prepared statement}}
    // expect@-1: write-loop-without-transaction low {{writes rows (INSERT)}}
    ins.reset();
  }
}

// ---- negatives -------------------------------------------------------------------------

// A cursor over one statement.
int count_rows_ok(SQLite::Database &db) {
  SQLite::Statement q(db, "SELECT id FROM users");
  int n = 0;
  while (q.executeStep())
    ++n;
  return n;
}

// Writes in a loop inside a SQLite::Transaction: one commit.
void insert_in_transaction_ok(SQLite::Database &db, const std::vector<std::string> &names) {
  SQLite::Transaction txn(db);
  SQLite::Statement ins(db, "INSERT INTO names(name) VALUES (?)");
  for (const std::string &n : names) {
    ins.bind(1, n);
    (void)n;
  }
  txn.commit();
}
