// riskgate-test-rules: n-plus-one
// The driver handed to QSqlDatabase::addDatabase as an object of the project's own sqlite
// driver class (a copy of Qt's, built in): the engine runs in the process, so a read per
// element is graded as an in-process call, not a round trip on an unknown engine.
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlDriver>
#include <QtSql/QSqlQuery>

class SQLiteFileDriver : public QSqlDriver {
public:
  bool hasFeature(DriverFeature f) const override;
  bool open(const QString &db, const QString &user, const QString &password, const QString &host,
            int port, const QString &options) override;
  void close() override;
  QSqlResult *createResult() const override;
};

class FeedStore {
public:
  FeedStore() {
    SQLiteFileDriver *driver = new SQLiteFileDriver();
    db = QSqlDatabase::addDatabase(driver, QStringLiteral("feeds"));
  }

  int unread(const QStringList &feeds) {
    int n = 0;
    QSqlQuery q(db);
    for (const QString &f : feeds) { // expect-note: {{loop here (severity low: starts at medium: an in-process call}}
      q.prepare(QStringLiteral("SELECT count(*) FROM news WHERE feed = ? AND read = 0"));
      q.addBindValue(f);
      q.exec(); // expect: n-plus-one low {{'QSqlQuery::exec' runs a prepared statement (in-process database call) on every iteration of a loop}}
      if (q.next())
        n += q.value(0).toInt();
    }
    return n;
  }

private:
  QSqlDatabase db;
};
