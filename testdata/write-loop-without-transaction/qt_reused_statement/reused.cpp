// riskgate-test-rules: write-loop-without-transaction
// One QSqlQuery object used for several statements in a row, as Qt code often does: the
// rows `next()` walks are those of the text the object last ran, never a statement the
// function prepares after the loop for other work.
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlQuery>

// The loop only reads ids; the UPDATE prepared after it runs once.
void renameOne(QSqlQuery &q, int parent, const QString &name, int id) {
  QList<int> ids;
  q.exec("SELECT id FROM folders WHERE parent = 0 ORDER BY pos");
  while (q.next())
    ids << q.value(0).toInt();
  q.prepare("UPDATE folders SET name = ?, parent = ? WHERE id = ?");
  q.addBindValue(name);
  q.addBindValue(parent);
  q.addBindValue(id);
  q.exec();
}

// The same object then writes one row per id it read: that loop is the finding.
void renumber(QSqlQuery &q, int skip) {
  QList<int> ids;
  q.exec("SELECT id FROM folders WHERE parent = 0 ORDER BY pos");
  while (q.next())
    if (q.value(0).toInt() != skip)
      ids << q.value(0).toInt();
  for (int i = 0; i < ids.count(); i++) // expect-note: {{loop here, over the rows of the query at line 26}}
    q.exec(QString("UPDATE folders SET pos = %1 WHERE id = %2").arg(i).arg(ids.at(i))); // expect: write-loop-without-transaction critical {{writes rows (UPDATE)}}
}

// A statement prepared again at the end of every pass: the next pass runs that text.
void purge(QSqlQuery &q, const QList<int> &ids) {
  bool first = true;
  for (int id : ids) { // expect-note: {{loop here}}
    if (!first) {
      q.bindValue(0, id);
      q.exec(); // expect: write-loop-without-transaction high {{writes rows (DELETE)}}
    }
    first = false;
    q.prepare("DELETE FROM folders WHERE id = ?");
  }
}

// One text variable reused for a read and then a write: each run takes the text last put
// in it, so the SELECT is no write and the UPDATE is.
void bump(QSqlQuery &q, const QList<int> &ids) {
  QString sql;
  for (int id : ids) { // expect-note: {{loop here}}
    sql = QString("SELECT hits FROM folders WHERE id = %1").arg(id);
    int hits = q.exec(sql) && q.next() ? q.value(0).toInt() : 0;
    sql = QString("UPDATE folders SET hits = %1 WHERE id = %2").arg(hits + 1).arg(id);
    q.exec(sql); // expect: write-loop-without-transaction high {{writes rows (UPDATE)}}
  }
}
