// riskgate-test-rules: write-loop-without-transaction, n-plus-one
// A transaction guard that nests: its constructor begins only when no transaction is open
// yet (`if (!db->inTransaction()) db->begin();`), its destructor rolls back only what it
// began. Either way a transaction is open while it lives, so the rows written under it are
// the bulk pattern. A guard that begins under any other condition may leave none open.
#include <sqlite3.h>

#include <string>
#include <vector>

class Provider {
public:
  bool inTransaction() const { return depth_ > 0; }
  void beginTransaction() {
    sqlite3_exec(db_, "BEGIN TRANSACTION", nullptr, nullptr, nullptr);
    ++depth_;
  }
  void commitTransaction() {
    sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    --depth_;
  }
  void rollbackTransaction() {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    --depth_;
  }
  void execSql(const std::string &sql) {
    sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr); // expect-note: {{which runs sqlite3_exec here}}
  }
  bool verbose() const { return verbose_; }

private:
  sqlite3 *db_ = nullptr;
  int depth_ = 0;
  bool verbose_ = false;
};

class Transaction {
public:
  explicit Transaction(Provider *p) : p_(p) {
    if (!p_->inTransaction()) {
      p_->beginTransaction();
      started_ = true;
    }
  }
  ~Transaction() {
    if (started_ && !committed_)
      p_->rollbackTransaction();
  }
  void commit() {
    if (started_) {
      p_->commitTransaction();
      committed_ = true;
    }
  }

private:
  Provider *p_;
  bool started_ = false;
  bool committed_ = false;
};

void saveAttributes(Provider *db, const std::vector<int> &values) {
  Transaction t(db);
  for (int v : values)
    db->execSql("UPDATE attributes SET value = " + std::to_string(v) + " WHERE id = 1");
  t.commit();
}

// Begun only when the provider is verbose: no transaction otherwise.
class MaybeTransaction {
public:
  explicit MaybeTransaction(Provider *p) {
    if (p->verbose())
      p->beginTransaction();
  }
};

void saveAttributes_bad(Provider *db, const std::vector<int> &values) {
  MaybeTransaction t(db);
  for (int v : values) // expect-note: {{loop here}}
    db->execSql("UPDATE attributes SET value = " + std::to_string(v) + " WHERE id = 1"); // expect: write-loop-without-transaction low {{writes rows (UPDATE)}}
  // expect@-1: n-plus-one low
  // expect-note@-2: {{calls Provider::execSql}}
}
