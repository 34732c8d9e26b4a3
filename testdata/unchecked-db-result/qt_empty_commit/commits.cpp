// riskgate-test-rules: unchecked-db-result
// A COMMIT whose result is dropped loses the transaction's writes when it fails: medium. A
// COMMIT taken on a way out before anything was written (the feed is gone, the counters are
// unchanged) ends a transaction that holds only reads: if it fails, nothing is lost.
#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

class Recount {
public:
  void run(int feed);
  void rename(int feed, const QString &name);
  void touchAll();

private:
  void store(int feed, int unread);
  QSqlDatabase db_;
};

void Recount::store(int feed, int unread) {
  QSqlQuery q(db_);
  q.prepare("UPDATE feeds SET unread = ? WHERE id = ?");
  q.addBindValue(unread);
  q.addBindValue(feed);
  if (!q.exec())
    return;
}

void Recount::run(int feed) {
  db_.transaction(); // expect: unchecked-db-result low {{a failed BEGIN}}
  QSqlQuery q(db_);
  if (!q.exec(QString("SELECT count(*) FROM news WHERE feed = %1 AND read = 0").arg(feed)))
    return;
  int unread = q.next() ? q.value(0).toInt() : 0;
  if (!q.exec(QString("SELECT unread FROM feeds WHERE id = %1").arg(feed)))
    return;
  int old = q.next() ? q.value(0).toInt() : -1;
  if (old < 0) {
    db_.commit(); // expect: unchecked-db-result low {{nothing is written between the BEGIN at line 31 and this COMMIT}}
    return;
  }
  if (unread == old) {
    db_.commit(); // expect: unchecked-db-result low {{nothing is written between the BEGIN at line 31 and this COMMIT}}
    return;
  }
  store(feed, unread);
  db_.commit(); // expect: unchecked-db-result medium {{the result of 'QSqlDatabase::commit' is discarded}}
}

// A write before the way out: the early COMMIT ends a transaction that holds it.
void Recount::rename(int feed, const QString &name) {
  db_.transaction(); // expect: unchecked-db-result low {{a failed BEGIN}}
  QSqlQuery q(db_);
  q.prepare("UPDATE feeds SET name = ? WHERE id = ?");
  q.addBindValue(name);
  q.addBindValue(feed);
  if (!q.exec())
    return;
  if (name.isEmpty()) {
    db_.commit(); // expect: unchecked-db-result medium {{the result of 'QSqlDatabase::commit' is discarded}}
    return;
  }
  db_.commit(); // expect: unchecked-db-result medium {{the result of 'QSqlDatabase::commit' is discarded}}
}

// A COMMIT in a loop ends the writes of the pass before it: they come later in the source.
void Recount::touchAll() {
  QSqlQuery q(db_);
  for (int feed = 0; feed < 100; ++feed) {
    db_.transaction(); // expect: unchecked-db-result low {{a failed BEGIN}}
    if (feed > 0)
      db_.commit(); // expect: unchecked-db-result medium {{the result of 'QSqlDatabase::commit' is discarded}}
    db_.transaction(); // expect: unchecked-db-result low {{a failed BEGIN}}
    q.exec(QString("UPDATE feeds SET touched = 1 WHERE id = %1").arg(feed)); // expect: unchecked-db-result medium {{the result of 'QSqlQuery::exec' is discarded}}
  }
}

// One text variable for a read, then a write: the COMMIT after them ends a write.
void refresh(QSqlDatabase &db, int feed) {
  db.transaction(); // expect: unchecked-db-result low {{a failed BEGIN}}
  QSqlQuery q(db);
  QString sql = QString("SELECT count(*) FROM news WHERE feed = %1").arg(feed);
  int n = q.exec(sql) && q.next() ? q.value(0).toInt() : 0;
  sql = QString("UPDATE feeds SET total = %1 WHERE id = %2").arg(n).arg(feed);
  q.exec(sql); // expect: unchecked-db-result medium {{the result of 'QSqlQuery::exec' is discarded}}
  db.commit(); // expect: unchecked-db-result medium {{the result of 'QSqlDatabase::commit' is discarded}}
}
