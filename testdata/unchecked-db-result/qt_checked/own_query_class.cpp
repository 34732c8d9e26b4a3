// riskgate-test-rules: unchecked-db-result
// Field shape: the project's own statement class over QSqlQuery. Its prepare() hands back
// QSqlQuery::prepare's result and callers drop it; its exec() retries and logs a failed
// QSqlQuery::exec itself. A failed prepare makes that exec fail, so the failure is seen:
// no finding for the prepare. A class whose run does not look at the outcome, or a prepare
// of one object followed by the run of another, stays a finding.
#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtCore/QtDebug>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

class LoggedQuery : public QSqlQuery {
public:
  explicit LoggedQuery(const QSqlDatabase &db) : QSqlQuery(db) {}
  bool prepare(const QString &sql) {
    text_ = sql;
    return QSqlQuery::prepare(sql); // expect-note: {{which returns the result of QSqlQuery::prepare here}}
  }
  // Re-prepared inside the retry loop: the loop's condition runs it again and tests it.
  bool exec() {
    int tries = 0;
    while (!QSqlQuery::exec() && ++tries < 3) {
      if (lastError().type() == QSqlError::StatementError)
        prepare(text_);
    }
    if (tries >= 3)
      qWarning() << "query failed:" << lastError().text();
    return tries < 3;
  }
  bool exec(const QString &sql) {
    prepare(sql);
    return exec();
  }

private:
  QString text_;
};

class BareQuery : public QSqlQuery {
public:
  explicit BareQuery(const QSqlDatabase &db) : QSqlQuery(db) {}
  bool prepare(const QString &sql) { return QSqlQuery::prepare(sql); } // expect-note: {{which returns the result of QSqlQuery::prepare here}}
  void run() {
    QSqlQuery::exec(); // expect: unchecked-db-result medium {{'QSqlQuery::exec' is discarded}}
  }
};

void renameTag_ok(const QSqlDatabase &db, int id, const QString &name) {
  LoggedQuery q(db);
  q.prepare(QStringLiteral("UPDATE tags SET name = ? WHERE id = ?"));
  q.addBindValue(name);
  q.addBindValue(id);
  q.exec();
}

void clearTags_ok(const QSqlDatabase &db) {
  LoggedQuery q(db);
  q.exec(QStringLiteral("DELETE FROM tags"));
}

void dropTag_bad(const QSqlDatabase &db, int id) {
  BareQuery q(db);
  q.prepare(QStringLiteral("DELETE FROM tags WHERE id = ?")); // expect: unchecked-db-result medium {{the result of 'BareQuery::prepare' is discarded}}
  q.addBindValue(id);
  q.run();
}

void otherObjectRuns_bad(const QSqlDatabase &db, int id) {
  LoggedQuery a(db);
  LoggedQuery b(db);
  a.prepare(QStringLiteral("DELETE FROM tags WHERE id = ?")); // expect: unchecked-db-result medium {{the result of 'LoggedQuery::prepare' is discarded}}
  a.addBindValue(id);
  b.exec();
}
