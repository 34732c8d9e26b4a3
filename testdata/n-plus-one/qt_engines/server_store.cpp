// riskgate-test-rules: n-plus-one
// This file picks its driver at run time: the engine is unknown, and the message says so
// instead of claiming a network round trip. Writes inside its transaction are still one
// round trip per row if the driver is a server: medium.
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

class ServerStore {
public:
  explicit ServerStore(const QString &driver) { db = QSqlDatabase::addDatabase(driver); }

  void saveMembers(const QStringList &members) {
    db.transaction();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO members(name) VALUES (?)"));
    for (const QString &m : members) { // expect-note: {{loop here}}
      q.addBindValue(m);
      q.exec(); // expect: n-plus-one medium {{network or in-process depending on the driver chosen at run time}}
    }
    db.commit();
  }

private:
  QSqlDatabase db;
};
