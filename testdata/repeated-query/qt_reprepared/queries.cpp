// riskgate-test-rules: repeated-query
// One query object prepared again between two exec() calls runs another query (field shape:
// a SELECT then an UPDATE through the same QSqlQuery); bound anew, the same query with other
// values. Neither is a repeat. Run twice with nothing in between, it is.
#include <QtCore/QVariant>
#include <QtSql/QSqlQuery>

bool reprepared_ok(QSqlQuery &q, int id) {
  q.prepare("SELECT name FROM users WHERE id = ?");
  q.addBindValue(id);
  if (!q.exec())
    return false;
  q.prepare("UPDATE users SET seen = 1 WHERE id = ?");
  q.addBindValue(id);
  return q.exec();
}

bool reboundToAnotherValue_ok(QSqlQuery &q, int a, int b) {
  q.prepare("SELECT name FROM users WHERE id = ?");
  q.addBindValue(a);
  bool first = q.exec();
  q.addBindValue(b);
  return first && q.exec();
}

bool execLogged(QSqlQuery &q) { return q.exec(); }

bool throughAHelper_ok(QSqlQuery &q, int id) {
  q.prepare("SELECT name FROM users WHERE id = ?");
  q.addBindValue(id);
  execLogged(q);
  if (q.next()) {
    q.prepare("UPDATE users SET seen = 1 WHERE id = ?");
    q.addBindValue(id);
    execLogged(q);
    return true;
  }
  return false;
}

bool runTwice_bad(QSqlQuery &q) {
  bool a = q.exec("SELECT count(*) FROM users");
  bool b = q.exec("SELECT count(*) FROM users"); // expect: repeated-query medium {{same query with the same arguments as line 42}}
  // expect-note@-2: {{first run here}}
  return a && b;
}
