// riskgate-test-rules: loop-invariant-query
// Field shape: a row of a cursor handed straight to a call, `while (q.next())
// lookup(q.value(0))`. next() moves the statement to another row, so what the call reads
// changes on every iteration: not loop-invariant (n-plus-one's business). The same call with
// a constant argument, or with the statement itself not stepped in the loop, stays invariant.
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

class Library {
public:
  explicit Library(const QSqlDatabase &on) : db(on) {}

  QString titleOf(int id) {
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT title FROM albums WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next()) // expect-note: {{which runs QSqlQuery::exec here}}
      return QString();
    return q.value(0).toString();
  }

  QStringList lovedTitles() {
    QStringList out;
    QSqlQuery loved(db);
    if (!loved.exec(QStringLiteral("SELECT album FROM loves")))
      return out;
    while (loved.next())
      out << titleOf(loved.value(0).toInt());
    return out;
  }

  QStringList firstAlbumEachTime(const QStringList &tags) {
    QStringList out;
    QSqlQuery top(db);
    if (!top.exec(QStringLiteral("SELECT album FROM charts")) || !top.next())
      return out;
    for (const QString &tag : tags) { // expect-note: {{loop here}}
      out << tag + titleOf(top.value(0).toInt()); // expect: loop-invariant-query medium {{call to 'Library::titleOf' runs the same query with the same arguments}}
      // expect-note@-1: {{calls Library::titleOf}}
    }
    return out;
  }

private:
  QSqlDatabase db;
};
