// riskgate-test-rules: write-loop-without-transaction, dynamic-sql
// The same prepared UPDATE loop with its SQL written in the usual Qt spellings: every one
// is read as SQL text, classified as a write, and none is "built at run time".
#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlQuery>

#include <vector>

using namespace Qt::Literals::StringLiterals;

#define EACH for (int id : ids) { q.bindValue(0, id); q.exec(); } // NOLINT

void plain(QSqlQuery &q, const std::vector<int> &ids) {
  q.prepare("UPDATE t SET n = n + 1 WHERE id = ?");
  EACH // expect: write-loop-without-transaction high {{writes rows (UPDATE)}}
  // expect-note@-1: {{loop here}}
}
void stringLiteral(QSqlQuery &q, const std::vector<int> &ids) {
  q.prepare(QStringLiteral("UPDATE t SET n = n + 1 WHERE id = ?"));
  EACH // expect: write-loop-without-transaction high {{writes rows (UPDATE)}}
  // expect-note@-1: {{loop here}}
}
void latin1(QSqlQuery &q, const std::vector<int> &ids) {
  q.prepare(QLatin1String("UPDATE t SET n = n + 1 WHERE id = ?"));
  EACH // expect: write-loop-without-transaction high {{writes rows (UPDATE)}}
  // expect-note@-1: {{loop here}}
}
void userDefined(QSqlQuery &q, const std::vector<int> &ids) {
  q.prepare(u"UPDATE t SET n = n + 1 WHERE id = ?"_s);
  EACH // expect: write-loop-without-transaction high {{writes rows (UPDATE)}}
  // expect-note@-1: {{loop here}}
}
void qstring(QSqlQuery &q, const std::vector<int> &ids) {
  q.prepare(QString("UPDATE t SET n = n + 1 WHERE id = ?"));
  EACH // expect: write-loop-without-transaction high {{writes rows (UPDATE)}}
  // expect-note@-1: {{loop here}}
}
void arg(QSqlQuery &q, const std::vector<int> &ids) {
  q.prepare(QString("UPDATE %1 SET n = n + 1 WHERE id = ?").arg(QStringLiteral("t")));
  EACH // expect: write-loop-without-transaction high {{writes rows (UPDATE)}}
  // expect-note@-1: {{loop here}}
}
void fromLatin1(QSqlQuery &q, const std::vector<int> &ids) {
  q.prepare(QString::fromLatin1("UPDATE t SET n = n + 1 WHERE id = ?"));
  EACH // expect: write-loop-without-transaction high {{writes rows (UPDATE)}}
  // expect-note@-1: {{loop here}}
}
// A read in the same forms is no write loop.
void readArg_ok(QSqlQuery &q, const std::vector<int> &ids) {
  q.prepare(QString("SELECT n FROM %1 WHERE id = ?").arg(u"t"_s));
  EACH
}

// A statement a factory made from the text it was given (it prepares its parameter and
// returns the statement): the SQL is the text the call passes, a write here.
static QSqlQuery madeFrom(const QString &sql) {
  QSqlQuery q;
  if (!q.prepare(sql))
    return QSqlQuery();
  return q;
}
void viaFactory(const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    QSqlQuery q = madeFrom(QStringLiteral("UPDATE t SET n = n + 1 WHERE id = ?"));
    q.addBindValue(id);
    q.exec(); // expect: write-loop-without-transaction high {{writes rows (UPDATE)}}
  }
}
void viaFactoryRead_ok(const std::vector<int> &ids) {
  for (int id : ids) {
    QSqlQuery q = madeFrom(QStringLiteral("SELECT n FROM t WHERE id = ?"));
    q.addBindValue(id);
    q.exec();
  }
}
