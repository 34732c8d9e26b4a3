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

private:
  QSqlDatabase db;
};
