// riskgate-test-rules: n-plus-one
// Field shape: the project's own statement class over QSqlQuery, whose exec(text) prepares
// its object and then runs it with exec(). The SQL a data-access method hands to it is the
// text the statement runs, read through the class's methods, so the transaction logic can
// tell reads from writes: rows written inside a transaction in process are the bulk pattern
// (no finding); a read per row of another query stays an N+1.
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>
#include <QtCore/QtDebug>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

class StoreQuery : public QSqlQuery {
public:
  explicit StoreQuery(const QSqlDatabase &db) : QSqlQuery(db) {}
  bool exec(const QString &sql) {
    if (!QSqlQuery::prepare(sql))
      return false;
    return exec(); // expect-note: {{calls StoreQuery::exec}}
  }
  bool exec() {
    if (QSqlQuery::exec()) // expect-note: {{which runs QSqlQuery::exec here}}
      return true;
    qWarning() << "query failed";
    return false;
  }
};

class AlbumStore {
public:
  AlbumStore() {
    db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("albums"));
  }

  QString titleOf(int id) {
    StoreQuery q(db);
    q.exec(QStringLiteral("SELECT title FROM albums WHERE id = %1").arg(id)); // expect-note: {{calls StoreQuery::exec}}
    return q.next() ? q.value(0).toString() : QString();
  }

  void touch(int id) {
    StoreQuery q(db);
    q.exec(QStringLiteral("UPDATE albums SET seen = 1 WHERE id = %1").arg(id));
  }

  QStringList lovedTitles() {
    db.transaction();
    QStringList out;
    StoreQuery loved(db);
    loved.exec(QStringLiteral("SELECT album FROM loves"));
    while (loved.next()) { // expect-note: {{loop here, over the rows of another query}}
      out << titleOf(loved.value(0).toInt()); // expect: n-plus-one high {{call to 'AlbumStore::titleOf' runs a prepared statement (QSqlQuery::exec, in-process database call)}}
      // expect-note@-1: {{calls AlbumStore::titleOf}}
    }
    db.commit();
    return out;
  }

  void touchAll(const QList<int> &ids) {
    db.transaction();
    for (int id : ids)
      touch(id);
    db.commit();
  }

private:
  QSqlDatabase db;
};
