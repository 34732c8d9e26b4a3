// riskgate-test-rules: unchecked-db-result
// Field shape: Qt code prepares without looking at prepare()'s result and checks exec():
// a failed prepare makes exec fail, so the failure is seen. Reads and writes weigh apart.
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

bool prepareThenCheckedExec_ok(QSqlQuery &q, int id) {
  q.prepare("DELETE FROM sessions WHERE user = ?");
  q.addBindValue(id);
  if (!q.exec())
    return false;
  return true;
}

bool prepareThenExecInReturn_ok(QSqlQuery &q, int id) {
  q.prepare("UPDATE users SET seen = 1 WHERE id = ?");
  q.addBindValue(id);
  return q.exec();
}

void prepareThenUncheckedExec_bad(QSqlQuery &q, int id) {
  q.prepare("DELETE FROM sessions WHERE user = ?"); // its run drops the result too: one finding, there
  q.addBindValue(id);
  q.exec(); // expect: unchecked-db-result medium {{'QSqlQuery::exec' is discarded}}
}

void uncheckedWrite_bad(QSqlQuery &q) {
  q.exec("DELETE FROM cache"); // expect: unchecked-db-result medium {{'QSqlQuery::exec' is discarded}}
}

void uncheckedRead_low(QSqlQuery &q) {
  q.exec("SELECT id FROM users"); // expect: unchecked-db-result low {{(a read: it would show as missing rows)}}
}

bool otherStatementChecked_bad(QSqlQuery &a, QSqlQuery &b) {
  a.prepare("INSERT INTO log(line) VALUES (?)"); // expect: unchecked-db-result medium {{'QSqlQuery::prepare'}}
  return b.exec();
}

// A helper that runs the statement it is handed and looks at the result: the prepare's
// failure shows there, in every caller.
static bool runLogged(QSqlQuery &query) {
  if (!query.exec())
    return false;
  return true;
}
static void runQuietly(QSqlQuery &query) {
  query.exec(); // expect: unchecked-db-result medium {{'QSqlQuery::exec' is discarded}}
}

bool prepareThenCheckingHelper_ok(QSqlQuery &q, int id) {
  q.prepare("DELETE FROM bans WHERE id = ?");
  q.addBindValue(id);
  return runLogged(q);
}

void prepareThenQuietHelper_bad(QSqlQuery &q, int id) {
  q.prepare("DELETE FROM bans WHERE id = ?"); // expect: unchecked-db-result medium {{'QSqlQuery::prepare'}}
  q.addBindValue(id);
  runQuietly(q);
}

// Transaction control through QSqlDatabase: only the commit loses data when it fails; a
// rollback is never a finding.
void qtTransaction(QSqlDatabase &db, QSqlQuery &q) {
  db.transaction(); // expect: unchecked-db-result low {{a failed BEGIN leaves each statement to commit on its own}}
  if (!q.exec("DELETE FROM favourites")) {
    db.rollback(); // an abort path: no finding
    return;
  }
  db.commit(); // expect: unchecked-db-result medium {{'QSqlDatabase::commit' is discarded}}
}

// The outcome read back from the query before it runs again: checked.
#include <QtSql/QSqlError>
bool viaLastError_ok(QSqlQuery &q) {
  q.exec("DELETE FROM t WHERE old = 1");
  if (q.lastError().isValid())
    return false;
  return true;
}
bool viaIsActive_ok(QSqlQuery &q) {
  q.exec("UPDATE t SET seen = 1");
  return q.isActive();
}
// Read back only after the query ran again: the first execution is unchecked.
bool statusOfTheNextRun_bad(QSqlQuery &q) {
  q.exec("DELETE FROM a"); // expect: unchecked-db-result medium {{'QSqlQuery::exec' is discarded}}
  q.exec("DELETE FROM b"); // checked: numRowsAffected() below is about this run
  return q.numRowsAffected() > 0 && false;
}

// A prepared read run without looking: its failure shows as no rows (low), whether the
// statement is run under its own name or through an alias of a kept statement.
struct CoverStore {
  QSqlDatabase db;
  QSqlQuery *kept = nullptr;
  QString cover(const QString &album) {
    QSqlQuery q(db);
    q.prepare("SELECT url FROM covers WHERE album = ? LIMIT 1"); // reported at its run
    q.addBindValue(album);
    q.exec(); // expect: unchecked-db-result low {{(a read: it would show as missing rows)}}
    return q.next() ? q.value(0).toString() : QString();
  }
  QString keptCover(const QString &album) {
    if (!kept) {
      kept = new QSqlQuery(db);
      if (!kept->prepare("SELECT url FROM covers WHERE album = :a LIMIT 1"))
        return QString();
    }
    QSqlQuery *query = kept;
    query->bindValue(":a", album);
    query->exec(); // expect: unchecked-db-result low {{(a read: it would show as missing rows)}}
    return query->next() ? query->value(0).toString() : QString();
  }
  // A prepared write run without looking loses the row: medium.
  void addCover(const QString &album, const QString &url) {
    QSqlQuery q(db);
    if (!q.prepare("INSERT INTO covers(album, url) VALUES (?, ?)"))
      return;
    q.addBindValue(album);
    q.addBindValue(url);
    q.exec(); // expect: unchecked-db-result medium {{'QSqlQuery::exec' is discarded}}
  }
};

// Field shape: a local settings database created if missing, then a column added
// unconditionally, with the failure ignored because the column exists after the first
// start; and an index dropped before a rebuild. Neither loses data: low, said.
void createLocalSchema(QSqlDatabase &db) {
  QSqlQuery q(db);
  if (!q.exec(QLatin1String("CREATE TABLE IF NOT EXISTS hosts (id INTEGER PRIMARY KEY, name TEXT)")))
    return;
  q.exec(QLatin1String("ALTER TABLE hosts ADD COLUMN url TEXT")); // expect: unchecked-db-result low {{a failed ADD COLUMN}}
  QSqlQuery(db).exec(QStringLiteral("drop index hosts_name_idx")); // expect: unchecked-db-result low {{a failed DROP}}
  q.exec(QLatin1String("UPDATE hosts SET url = name WHERE url IS NULL")); // expect: unchecked-db-result medium {{'QSqlQuery::exec' is discarded}}
}

// Field shape: a helper binds and returns exec()'s bool; its caller seeds rows without
// looking at it.
bool insertFlavor(QSqlQuery &q, const QString &label, int memory) {
  q.bindValue(QStringLiteral(":label"), label);
  q.bindValue(QStringLiteral(":memory"), memory);
  return q.exec(); // expect-note: {{which returns the result of QSqlQuery::exec here}}
}

bool seedFlavors(QSqlDatabase &db) {
  QSqlQuery q(db);
  if (!q.prepare(QStringLiteral("INSERT INTO flavors (label, memory) VALUES (:label, :memory)")))
    return false;
  insertFlavor(q, QStringLiteral("small"), 1024); // expect: unchecked-db-result medium {{the result of 'insertFlavor' is discarded: it returns what 'QSqlQuery::exec' reports}}
  return insertFlavor(q, QStringLiteral("large"), 8192);
}

// Field shape: a file-local query builder whose exec() prepares text it assembles from its
// members and returns QSqlQuery::exec's bool. The caller drops it, then walks the rows: a
// read, whatever the text, so a failure shows as missing rows (low). Without rows fetched
// after it, text riskgate cannot read stays medium.
class SongQuery {
public:
  SongQuery(QSqlDatabase &db, const QString &columns) : db(db), columns(columns) {}
  void where(const QString &clause) { clauses << clause; }
  bool exec() {
    QString sql = "SELECT " + columns + " FROM songs";
    if (!clauses.isEmpty())
      sql += " WHERE " + clauses.join(" AND ");
    query = QSqlQuery(db);
    query.prepare(sql);
    return query.exec(); // expect-note: {{which returns the result of QSqlQuery::exec here}}
  }
  bool next() { return query.next(); }
  QVariant value(int i) const { return query.value(i); }

private:
  QSqlDatabase &db;
  QString columns;
  QStringList clauses;
  QSqlQuery query;
};

QStringList titles(QSqlDatabase &db) {
  QStringList out;
  SongQuery q(db, "title");
  q.where("year > 2000");
  q.exec(); // expect: unchecked-db-result low {{(a read: its rows are fetched after it, so a failure would show as missing rows)}}
  while (q.next())
    out << q.value(0).toString();
  return out;
}

void rerun(QSqlDatabase &db, const QString &statement) {
  QSqlQuery q(db);
  q.exec(statement); // expect: unchecked-db-result medium {{'QSqlQuery::exec' is discarded}}
  QSqlQuery r(db);
  r.exec(statement); // expect: unchecked-db-result low {{its rows are fetched after it}}
  while (r.next()) {
  }
}

// One statement object prepared for several texts: each exec() runs the text prepared last
// before it. The UPDATE's result dropped is a write's, though the same object walked a
// SELECT's rows earlier and will again.
void reusedQuery(QSqlQuery &q, int feed) {
  q.prepare("SELECT id FROM feeds WHERE parentId = ?");
  q.addBindValue(feed);
  if (!q.exec())
    return;
  while (q.next()) {
  }
  q.prepare("UPDATE feeds SET unread = 0 WHERE id = ?");
  q.addBindValue(feed);
  q.exec(); // expect: unchecked-db-result medium {{the result of 'QSqlQuery::exec' is discarded: it reports failure through a false return, so a failed call goes unnoticed}}
  q.prepare("SELECT count(*) FROM news WHERE feedId = ?");
  q.addBindValue(feed);
  q.exec(); // expect: unchecked-db-result low {{(a read: it would show as missing rows)}}
  q.next();
}
