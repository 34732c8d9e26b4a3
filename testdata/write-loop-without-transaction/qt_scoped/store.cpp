// riskgate-test-rules: write-loop-without-transaction, n-plus-one
// A project's RAII class around QSqlDatabase::transaction(): its constructor begins, its
// Commit() ends. The loop inside it is covered; on this QSQLITE database, rows written
// inside a transaction are the bulk pattern (no n-plus-one either).
#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

#include <vector>

class ScopedTxn {
public:
  explicit ScopedTxn(QSqlDatabase &db) : db_(db) { db_.transaction(); }
  ~ScopedTxn() {
    if (!done_)
      db_.rollback();
  }
  bool Commit() {
    done_ = true;
    return db_.commit();
  }

private:
  QSqlDatabase &db_;
  bool done_ = false;
};

QSqlDatabase openStore() { return QSqlDatabase::addDatabase(QStringLiteral("QSQLITE")); }

bool saveAll_ok(QSqlDatabase &db, const std::vector<int> &ids) {
  ScopedTxn txn(db);
  QSqlQuery q(db);
  if (!q.prepare(QStringLiteral("INSERT INTO t(id) VALUES (?)")))
    return false;
  for (int id : ids) {
    q.addBindValue(id);
    if (!q.exec())
      return false;
  }
  return txn.Commit();
}

bool saveAllUnwrapped_bad(QSqlDatabase &db, const std::vector<int> &ids) {
  QSqlQuery q(db);
  if (!q.prepare(QStringLiteral("INSERT INTO t(id) VALUES (?)")))
    return false;
  for (int id : ids) { // expect-note: {{loop here}}
    q.addBindValue(id);
    if (!q.exec()) // expect: write-loop-without-transaction low {{'QSqlQuery::exec' writes rows (INSERT) one per iteration of a loop with no transaction around it}}
      return false;
    // expect@-2: n-plus-one low {{(in-process database call)}}
  }
  return true;
}
