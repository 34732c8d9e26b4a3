// riskgate-test-rules: dynamic-sql
// Messages name what the user wrote: the loop variable of Qt's foreach (not the macro's
// container fields), a function-local static (not "a global"); numbers formatted into a
// static buffer are low, like any numbers.
#include <QtCore/QStringList>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>
#include <sqlite3.h>

#include <cstdio>

void runEach(QSqlDatabase db, const QStringList &statements) {
  foreach (QString s, statements) // NOLINT
    db.exec(s); // expect: dynamic-sql low {{built at run time from variable 's', which riskgate cannot trace}}
}

void recordScore(sqlite3 *db, int zone, int score) {
  static char sql[256];
  std::snprintf(sql, sizeof(sql), "INSERT INTO stats(zone, score) VALUES (%d, %d)", zone, score);
  sqlite3_exec(db, sql, nullptr, nullptr, nullptr); // expect: dynamic-sql low {{numbers formatted into it}}
}

static char g_last[256];
void replayLast(sqlite3 *db) {
  sqlite3_exec(db, g_last, nullptr, nullptr, nullptr); // expect: dynamic-sql low {{from global 'g_last', which riskgate cannot trace}}
}
