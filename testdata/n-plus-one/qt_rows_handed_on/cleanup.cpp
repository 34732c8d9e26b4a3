// riskgate-test-rules: n-plus-one
// In process, a loop is medium only when something shows its collection to be table-sized.
// A list the caller fills while stepping a query's rows (`while (q.next()) ids << ...`) is
// one entry per row: the loop over it in the callee is reported at medium, and says so.
// A list filled from one row, or from the program's own constants, stays low.
#include <QtCore/QStringList>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

class Cleaner {
public:
  void atShutdown();
  void forOne(int folder);
  void builtIn();

private:
  int purge(const QStringList &ids);
  int tally(const QStringList &ids);
  QSqlDatabase db_;
};

int Cleaner::purge(const QStringList &ids) {
  QSqlQuery q(db_);
  int kept = 0;
  for (const QString &id : ids) { // expect-note: {{stays medium: the loop walks 'ids', which 'Cleaner::atShutdown' passes from the rows of the query at cleanup.cpp:50}}
    q.exec(QString("SELECT count(*) FROM news WHERE feed = '%1'").arg(id)); // expect: n-plus-one medium {{'QSqlQuery::exec' runs a query (in-process database call) on every iteration of a loop}}
    if (q.next())
      kept += q.value(0).toInt();
  }
  return kept;
}

// The same loop, for lists no caller shows to be table-sized.
int Cleaner::tally(const QStringList &ids) {
  QSqlQuery q(db_);
  int kept = 0;
  for (const QString &id : ids) { // expect-note: {{severity low: starts at medium: an in-process call; one level down: in process, over a collection nothing shows to be table-sized}}
    q.exec(QString("SELECT count(*) FROM news WHERE feed = '%1'").arg(id)); // expect: n-plus-one low {{'QSqlQuery::exec' runs a query (in-process database call) on every iteration of a loop}}
    if (q.next())
      kept += q.value(0).toInt();
  }
  return kept;
}

void Cleaner::atShutdown() {
  QSqlDatabase::addDatabase("QSQLITE");
  QSqlQuery q(db_);
  QStringList feeds;
  q.exec("SELECT id FROM feeds");
  while (q.next())
    feeds << q.value(0).toString();
  purge(feeds);
}

void Cleaner::forOne(int folder) {
  QSqlQuery q(db_);
  QStringList one;
  q.exec(QString("SELECT id FROM feeds WHERE folder = %1 LIMIT 1").arg(folder));
  if (q.next())
    one << q.value(0).toString();
  tally(one);
}

void Cleaner::builtIn() {
  QStringList fixed;
  for (const char *name : {"welcome", "release-notes"})
    fixed << QString::fromLatin1(name);
  tally(fixed);
}
