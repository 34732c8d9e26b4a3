// riskgate-test-rules: dynamic-sql
// Text read from outside the program: spliced into SQL it is injection (high), whatever
// function reads it; the whole statement read from an editor is the user's own SQL (low:
// said, not called injection).
#include <QtCore/QString>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>
#include <QtWidgets/QLineEdit>

#include <cstdlib>
#include <string>

void findByName(QSqlDatabase &db, QLineEdit *search) {
  db.exec("SELECT id FROM users WHERE name = '" + search->text() + "'"); // expect: dynamic-sql high {{built at run time from input from 'QLineEdit::text' (outside the program): SQL injection}}
}

void runTyped(QSqlDatabase &db, QLineEdit *editor) {
  db.exec(editor->text()); // expect: dynamic-sql low {{runs SQL text read whole from 'QLineEdit::text'}}
}

// The typed text handed whole to a helper that splices it into its own SQL: injection, at
// the call that hands it over.
static void countRowsOf(QSqlDatabase &db, const QString &table) {
  db.exec("SELECT count(*) FROM " + table); // expect-note: {{where it goes into the SQL QSqlDatabase::exec runs}}
}
void countTyped(QSqlDatabase &db, QLineEdit *editor) {
  countRowsOf(db, editor->text()); // expect: dynamic-sql high {{input from 'QLineEdit::text' (outside the program): SQL injection}}
} // expect-note@-1: {{passes the SQL to countRowsOf}}

void fromEnvironment(QSqlDatabase &db) {
  std::string table = std::getenv("APP_TABLE");
  db.exec(QString::fromStdString("DELETE FROM " + table)); // expect: dynamic-sql high {{input from 'getenv'}}
}

// A whole script handed to the project's own helper, which runs what it is given: the text
// a file holds, kept in a local first, or what a drop delivered, is the user's own SQL (low,
// said). Spliced into a statement the program writes, the same text is injection.
#include <QtCore/QByteArray>
#include <QtCore/QFile>
#include <QtCore/QMimeData>

static bool runScript(QSqlDatabase &db, const QByteArray &script) {
  return db.exec(QString::fromUtf8(script)).isActive(); // expect-note: {{which runs QSqlDatabase::exec with it here}}
}

void stripByteOrderMark(QByteArray &text);

void importScript(QSqlDatabase &db, const QString &path) {
  QFile f(path);
  f.open(QIODevice::ReadOnly);
  QByteArray text = f.readAll();
  stripByteOrderMark(text); // an edit in place: still the file's text, whole
  runScript(db, text); // expect: dynamic-sql low {{runs SQL text read whole from 'QIODevice::readAll'}}
} // expect-note@-1: {{passes the SQL to runScript}}

// A helper that splits the script it is handed and runs each piece: it writes no SQL of its
// own around the text, so a file's text handed to it whole is still run as the user's SQL.
static bool runEach(QSqlDatabase &db, const QByteArray &script) {
  for (const QByteArray &statement : script.split(';'))
    if (!db.exec(QString::fromUtf8(statement)).isActive()) // expect-note: {{where it goes into the SQL QSqlDatabase::exec runs}}
      return false;
  return true;
}

void importEach(QSqlDatabase &db, const QString &path) {
  QFile f(path);
  f.open(QIODevice::ReadOnly);
  QByteArray text = f.readAll();
  runEach(db, text); // expect: dynamic-sql low {{runs SQL text read whole from 'QIODevice::readAll'}}
} // expect-note@-1: {{passes the SQL to runEach}}

bool dropScript(QSqlDatabase &db, const QMimeData *mime) {
  QByteArray dropped = mime->data(QStringLiteral("text/plain"));
  return runScript(db, dropped); // expect: dynamic-sql low {{runs SQL text that parameter 'mime' of 'dropScript' hands on whole, and nothing in the scanned code calls it}}
} // expect-note@-1: {{passes the SQL to runScript}}

void countDropped(QSqlDatabase &db, const QMimeData *mime) {
  QByteArray dropped = mime->data(QStringLiteral("text/plain"));
  runScript(db, "SELECT count(*) FROM " + dropped); // expect: dynamic-sql high {{built at run time from parameter 'mime' of 'countDropped', which nothing in the scanned code calls}}
} // expect-note@-1: {{passes the SQL to runScript}}

// Not the user's own SQL: a statement a client sends, whole, through the same helper: a
// request's field, or a URL's query. As severe as injection.
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>

struct HttpRequest {
  QString param(const char *name) const;
};

void runFromRequest(QSqlDatabase &db, const HttpRequest &req) {
  QString sql = req.param("q");
  runScript(db, sql.toUtf8()); // expect: dynamic-sql high {{built at run time from parameter 'req' of 'runFromRequest', which nothing in the scanned code calls}}
} // expect-note@-1: {{passes the SQL to runScript}}

void runFromUrl(QSqlDatabase &db, const QUrl &url) {
  QString sql = QUrlQuery(url).queryItemValue(QStringLiteral("q"));
  runScript(db, sql.toUtf8()); // expect: dynamic-sql high {{runs SQL text read whole from 'QUrlQuery::queryItemValue', a client's input: whoever sends it runs any statement}}
} // expect-note@-1: {{passes the SQL to runScript}}
