// riskgate-test-rules: n-plus-one
// Field shape: the driver's name is kept in a variable the program sets to one constant or
// another ("QSQLITE3" when the plugin is there, else "QSQLITE"). Every name it may hold is
// an in-process engine, so this file's Qt SQL calls run in the process: rows written inside
// the transaction are the bulk pattern, a read per row is a low, in-process N+1.
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

class PickedStore {
public:
  explicit PickedStore(const QString &file) {
    static QString driver;
    if (driver.isEmpty()) {
      if (QSqlDatabase::drivers().contains(QStringLiteral("QSQLITE3")))
        driver = QStringLiteral("QSQLITE3");
      else
        driver = QStringLiteral("QSQLITE");
    }
    db = QSqlDatabase::addDatabase(driver, file);
    db.setDatabaseName(file);
  }

  void saveArtists(const QStringList &names) {
    db.transaction();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO artists(name) VALUES (?)"));
    for (const QString &n : names) {
      q.addBindValue(n);
      q.exec();
    }
    db.commit();
  }

  int playsOf(const QStringList &names) {
    int total = 0;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT count(*) FROM plays WHERE artist = ?"));
    for (const QString &n : names) { // expect-note: {{loop here}}
      q.addBindValue(n);
      q.exec(); // expect: n-plus-one low {{(in-process database call)}}
      total += q.next() ? q.value(0).toInt() : 0;
    }
    return total;
  }

private:
  QSqlDatabase db;
};
