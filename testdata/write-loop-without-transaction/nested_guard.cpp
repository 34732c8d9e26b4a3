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

// A setting named for transactions (`useTransactions_`, `transactionsEnabled()`) says
// whether to have one at all, not whether one is open: in a holder that begins under it, the
// rows may be in none.
class Options {
public:
  bool transactionsEnabled() const { return enabled_; }

private:
  bool enabled_ = false;
};

class ConfiguredTransaction {
public:
  ConfiguredTransaction(Provider *p, bool useTransactions) : p_(p), useTransactions_(useTransactions) {
    if (useTransactions_)
      p_->beginTransaction();
  }
  ~ConfiguredTransaction() {
    if (useTransactions_)
      p_->commitTransaction();
  }

private:
  Provider *p_;
  bool useTransactions_;
};

void saveConfigured_bad(Provider *db, const std::vector<int> &values, bool atomic) {
  ConfiguredTransaction t(db, atomic);
  for (int v : values) // expect-note: {{loop here}}
    db->execSql("UPDATE attributes SET value = " + std::to_string(v) + " WHERE id = 2"); // expect: write-loop-without-transaction low {{writes rows (UPDATE)}}
  // expect@-1: n-plus-one low
  // expect-note@-2: {{calls Provider::execSql}}
}

// In the function that holds the loop, though, a begin under any condition before it counts:
// on real code such a condition mostly skips a transaction that is not needed (a database
// kept in memory), so the rows are taken to be in one (docs/rules, Limitations).
void saveByOption(Provider *db, const Options &o, const std::vector<int> &values) {
  if (o.transactionsEnabled())
    db->beginTransaction();
  for (int v : values)
    db->execSql("UPDATE attributes SET value = " + std::to_string(v) + " WHERE id = 3");
  if (o.transactionsEnabled())
    db->commitTransaction();
}

// Asking the state under a name of its own (`isInTxn()`, `txnDepth_`) is still asking.
class Session {
public:
  bool isInTxn() const { return txnDepth_ > 0; }
  void save(const std::vector<int> &values) {
    if (!isInTxn())
      db_->beginTransaction();
    for (int v : values)
      db_->execSql("UPDATE attributes SET value = " + std::to_string(v) + " WHERE id = 4");
    if (txnDepth_ == 0)
      db_->commitTransaction();
  }

private:
  Provider *db_ = nullptr;
  int txnDepth_ = 0;
};

// An arm that ends the transaction and opens another (a failed step rolled back, then a
// fresh start) leaves one open either way.
bool prepareRows(Provider *db);
void saveAfterRestart(Provider *db, const std::vector<int> &values) {
  db->beginTransaction();
  if (!prepareRows(db)) {
    db->rollbackTransaction();
    db->beginTransaction();
  }
  for (int v : values)
    db->execSql("UPDATE attributes SET value = " + std::to_string(v) + " WHERE id = 5");
  db->commitTransaction();
}
