// riskgate-test-rules: n-plus-one
// The negative of picked_store.cpp: the variable holding the driver's name is set to a
// server's driver on one path and sqlite's on the other. The engine is unknown, and the
// message says so; writes inside the transaction stay a round trip per row if it is the
// server: medium.
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

class EitherStore {
public:
  explicit EitherStore(bool shared) {
    QString driver = shared ? QStringLiteral("QMYSQL") : QStringLiteral("QSQLITE");
    db = QSqlDatabase::addDatabase(driver);
  }

  void saveGenres(const QStringList &names) {
    db.transaction();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO genres(name) VALUES (?)"));
    for (const QString &n : names) { // expect-note: {{loop here}}
      q.addBindValue(n);
      q.exec(); // expect: n-plus-one medium {{network or in-process depending on the driver chosen at run time}}
    }
    db.commit();
  }

private:
  QSqlDatabase db;
};
