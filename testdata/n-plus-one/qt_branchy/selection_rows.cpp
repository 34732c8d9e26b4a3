// riskgate-test-rules: n-plus-one
// A loop over the user's selection that runs a query of its own in each iteration and walks
// that query's rows (`q.exec(sql); while (q.next())`) is not a loop over the rows of another
// query: the rows it walks are its own iteration's. The classic shape, a loop over the rows
// of a query run before it, is, one level more severe (high here where the first is high
// only because nothing lowers it: the engine is unknown).
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlQuery>

void reorder(const QList<int> &selected) {
  for (int i = 0; i < selected.count(); i++) { // expect-note: {{loop here}}
    QSqlQuery q;
    q.exec(QString("SELECT id FROM feeds WHERE parentId='%1'").arg(selected.at(i))); // expect: n-plus-one high {{'QSqlQuery::exec' runs a query (a database round trip: network or in-process depending on the driver chosen at run time) on every iteration of a loop}}
    QList<int> ids;
    while (q.next())
      ids << q.value(0).toInt();
  }
}

void countAll() {
  QSqlQuery feeds;
  feeds.exec("SELECT id FROM feeds");
  while (feeds.next()) { // expect-note: {{loop here, over the rows of another query (severity critical: starts at high: a network round trip; one level up: the loop walks the rows of another query)}}
    QSqlQuery q;
    q.exec(QString("SELECT count(*) FROM news WHERE feedId='%1'").arg(feeds.value(0).toInt())); // expect: n-plus-one critical {{'QSqlQuery::exec' runs a query (a database round trip: network or in-process depending on the driver chosen at run time) on every iteration of a loop}}
  }
}
