// riskgate-test-rules: n-plus-one, write-loop-without-transaction
// Qt SQL against the real <QtSql/...> headers (this folder: Qt 5; ../qt6: Qt 6).
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>
#include <QtCore/QVariant>

#include <vector>

void exec_per_id_bad(QSqlQuery &q, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    q.exec(QString("SELECT name FROM users WHERE id = %1").arg(id)); // expect: n-plus-one high {{'QSqlQuery::exec' runs a query}}
  }
}

void prepared_per_row_bad(QSqlQuery &q, const std::vector<int> &ids) {
  q.prepare("INSERT INTO seen(id) VALUES (?)");
  for (int id : ids) { // expect-note: {{loop here}}
    q.addBindValue(id);
    q.exec(); // expect: n-plus-one high {{runs a prepared statement}}
    // expect@-1: write-loop-without-transaction high {{(INSERT)}}
  }
}

// ---- negatives -------------------------------------------------------------------------

int count_ok(QSqlQuery &q) {
  int n = 0;
  q.exec("SELECT id FROM users");
  while (q.next())
    ++n;
  return n;
}

void in_transaction_ok(QSqlDatabase &db, QSqlQuery &q, const std::vector<int> &ids) {
  db.transaction();
  q.prepare("INSERT INTO seen(id) VALUES (?)");
  for (int id : ids)
    q.addBindValue(id);
  q.execBatch();
  db.commit();
}
