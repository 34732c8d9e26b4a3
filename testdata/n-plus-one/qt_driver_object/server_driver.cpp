// riskgate-test-rules: n-plus-one
// The negative of own_driver.cpp: a driver object whose class names no in-process engine is a
// server's: a read per element is a network round trip.
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlDriver>
#include <QtSql/QSqlQuery>

class PgPoolDriver : public QSqlDriver {
public:
  bool hasFeature(DriverFeature f) const override;
  bool open(const QString &db, const QString &user, const QString &password, const QString &host,
            int port, const QString &options) override;
  void close() override;
  QSqlResult *createResult() const override;
};

class ArchiveStore {
public:
  ArchiveStore() { db = QSqlDatabase::addDatabase(new PgPoolDriver, QStringLiteral("archive")); }

  int stored(const QStringList &feeds) {
    int n = 0;
    QSqlQuery q(db);
    for (const QString &f : feeds) { // expect-note: {{loop here}}
      q.prepare(QStringLiteral("SELECT count(*) FROM archive WHERE feed = ?"));
      q.addBindValue(f);
      q.exec(); // expect: n-plus-one high {{'QSqlQuery::exec' runs a prepared statement (network round trip) on every iteration of a loop}}
      if (q.next())
        n += q.value(0).toInt();
    }
    return n;
  }

private:
  QSqlDatabase db;
};
