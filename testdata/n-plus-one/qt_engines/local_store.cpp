// riskgate-test-rules: n-plus-one
// This file opens a QSQLITE database: its Qt SQL calls run in the process. Rows written per
// iteration inside its transaction are the bulk pattern (no finding); a read per row stays an
// N+1, graded as an in-process call (medium, not high).
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

class LocalStore {
public:
  LocalStore() {
    db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("local"));
    db.open();
  }

  void saveFavourites(const QStringList &names) {
    db.transaction();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO favourites(name) VALUES (?)"));
    for (const QString &n : names) {
      q.addBindValue(n);
      q.exec();
    }
    db.commit();
  }

  int countAll(const QStringList &names) {
    int total = 0;
    QSqlQuery q(db);
    for (const QString &n : names) { // expect-note: {{loop here}}
      q.exec("SELECT count(*) FROM pings WHERE host = 'h'"); // expect: n-plus-one low {{(in-process database call)}}
      total += n.size();
    }
    return total;
  }

  // The statement handed by reference to a helper that runs and logs it: the SQL is the
  // one the caller prepared (a REPLACE), so the rows written inside the transaction are the
  // bulk pattern here too.
  void saveServers(const QStringList &hosts) {
    QSqlQuery q(db);
    db.transaction();
    q.prepare(QStringLiteral("REPLACE INTO servers(host) VALUES (?)"));
    for (const QString &h : hosts) {
      q.addBindValue(h);
      execAndLog(q);
    }
    db.commit();
  }

  // The same helper without a transaction: every row is its own commit
  // (write-loop-without-transaction's finding); low here, as nothing shows the list large.
  void saveServersEach(const QStringList &hosts) {
    QSqlQuery q(db);
    q.prepare(QStringLiteral("REPLACE INTO servers(host) VALUES (?)"));
    for (const QString &h : hosts) { // expect-note: {{loop here}}
      q.addBindValue(h);
      execAndLog(q); // expect: n-plus-one low {{call to 'LocalStore::execAndLog' runs a prepared statement (QSqlQuery::exec, in-process database call)}}
      // expect-note@-1: {{calls LocalStore::execAndLog}}
    }
  }

  // A read prepared by the caller and run through the helper stays an N+1 inside a
  // transaction (low in process, over a collection nothing shows to be table-sized).
  void checkServers(const QStringList &hosts) {
    QSqlQuery q(db);
    db.transaction();
    q.prepare(QStringLiteral("SELECT 1 FROM servers WHERE host = ?"));
    for (const QString &h : hosts) { // expect-note: {{loop here}}
      q.addBindValue(h);
      execAndLog(q); // expect: n-plus-one low {{call to 'LocalStore::execAndLog'}}
      // expect-note@-1: {{calls LocalStore::execAndLog}}
    }
    db.commit();
  }

  // Statements made by a factory that prepares the text it is given and returns the
  // statement, directly or through a lambda that keeps one per thread: the SQL is the text
  // the call passes. Rows written inside the transaction are the bulk pattern...
  void saveTags(const QStringList &tags) {
    db.transaction();
    for (const QString &t : tags) {
      QSqlQuery q = preparedQuery(db, QStringLiteral("INSERT INTO tags(name) VALUES (?)"));
      q.addBindValue(t);
      q.exec();
    }
    db.commit();
  }
  // ... and a read per row stays an N+1, low in process.
  int countTagged(const QStringList &tags) {
    int n = 0;
    for (const QString &t : tags) { // expect-note: {{loop here}}
      QSqlQuery q = ([this]() -> QSqlQuery {
        static thread_local QSqlQuery kept =
            preparedQuery(db, QStringLiteral("SELECT count(*) FROM tagged WHERE tag = ?"));
        return kept;
      }());
      q.addBindValue(t);
      q.exec(); // expect: n-plus-one low {{'QSqlQuery::exec' runs a prepared statement (in-process database call)}}
      n += q.next() ? q.value(0).toInt() : 0;
    }
    return n;
  }

private:
  static QSqlQuery preparedQuery(const QSqlDatabase &on, const QString &sql) {
    QSqlQuery made(on);
    if (!made.prepare(sql))
      qWarning("prepare failed");
    return made;
  }

  static bool execAndLog(QSqlQuery &query) {
    bool ok = query.exec(); // expect-note: {{which runs QSqlQuery::exec here}}
    if (!ok)
      qWarning("query failed");
    return ok;
  }

  QSqlDatabase db;
};
