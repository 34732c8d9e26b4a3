// riskgate-test-rules: n-plus-one
// Qt's foreach is a range-for over its container, whatever the macro expands to. Here:
// Qt 5 before C++17: the macro nests a second loop that runs once.
// Its element varies per iteration, and a container filled from a query's rows makes it a
// loop over those rows, as a range-for over it would be. The macro's inner loop is no loop.
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

QList<int> feedIds(QSqlDatabase &db) {
  QList<int> out;
  QSqlQuery q(db);
  if (!q.exec("SELECT id FROM feeds"))
    return out;
  while (q.next())
    out << q.value(0).toInt();
  return out;
}

int unreadTotal(QSqlDatabase &db) {
  int total = 0;
  QList<int> ids = feedIds(db);
  QSqlQuery q(db);
  foreach (int id, ids) { // expect-note: {{loop here, over the rows of the query at line 25 (severity critical: starts at high: a network round trip; one level up: the loop walks the rows of the query at line 25)}}
    q.prepare("SELECT count(*) FROM news WHERE feedId = ? AND read = 0");
    q.addBindValue(id);
    if (q.exec() && q.next()) // expect: n-plus-one critical {{'QSqlQuery::exec' runs a prepared statement}}
      total += q.value(0).toInt();
  }
  return total;
}

void rename(QSqlDatabase &db, const QStringList &titles) {
  QSqlQuery q(db);
  QString title;
  foreach (title, titles) { // expect-note: {{loop here}}
    q.prepare("UPDATE feeds SET text = ? WHERE text = ?");
    q.addBindValue(title.trimmed());
    q.addBindValue(title);
    if (!q.exec()) // expect: n-plus-one high {{'QSqlQuery::exec' runs a prepared statement}}
      return;
  }
}
