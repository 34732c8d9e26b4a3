// riskgate-test-rules: write-loop-without-transaction
#include <sqlite3.h>

#include <vector>

namespace db {
// Begins a transaction in its constructor, commits in commit() (rolls back otherwise).
class Transaction {
public:
  explicit Transaction(sqlite3 *db);
  void commit();
};
} // namespace db

void save_ok(sqlite3 *db, const std::vector<int> &ids) {
  db::Transaction txn(db);
  for (int id : ids)
    sqlite3_exec(db, "INSERT INTO seen VALUES (1)", nullptr, nullptr, nullptr);
  txn.commit();
  (void)ids;
}

void save_per_row_bad(sqlite3 *db, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    db::Transaction txn(db); // expect: write-loop-without-transaction high {{opened and committed on every iteration}}
    sqlite3_exec(db, "INSERT INTO seen VALUES (1)", nullptr, nullptr, nullptr);
    txn.commit();
    (void)id;
  }
}

void save_outside_bad(sqlite3 *db, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    sqlite3_exec(db, "INSERT INTO seen VALUES (1)", nullptr, nullptr, nullptr); // expect: write-loop-without-transaction low
    (void)id;
  }
  db::Transaction txn(db);
  txn.commit();
}
