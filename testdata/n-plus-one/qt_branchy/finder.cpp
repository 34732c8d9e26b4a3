// riskgate-test-rules: n-plus-one
// A query helper that re-assigns its statement object on one path (from a pool) and runs it
// in both arms of an if/else: every call is one SELECT, and the loops that call it are N+1s.
// Re-assigning the statement is not buffering rows for a later flush.
#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlQuery>

#include <vector>

QSqlQuery pooledStatement(const QString &sql);
bool tracingOn();

struct Finder {
  QSqlQuery mQuery;
  bool execBranchy(qint64 id) {
    const QString sql = QStringLiteral("SELECT name FROM users WHERE id = ?");
    if (tracingOn())
      mQuery = pooledStatement(sql);
    else
      mQuery.prepare(sql);
    mQuery.addBindValue(id);
    bool ok;
    if (tracingOn())
      ok = mQuery.exec(); // expect-note: {{which runs QSqlQuery::exec here}}
    else
      ok = mQuery.exec();
    return ok;
  }
};

void perId_bad(Finder &f, const std::vector<qint64> &ids) {
  for (qint64 id : ids) // expect-note: {{loop here}}
    f.execBranchy(id); // expect: n-plus-one high {{call to 'Finder::execBranchy' runs a prepared statement}}
  // expect-note@-1: {{calls Finder::execBranchy}}
}
