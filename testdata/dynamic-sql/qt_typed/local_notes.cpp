// riskgate-test-rules: dynamic-sql
// Field shape: a desktop database tool evaluates what the user typed into its editor by
// splicing it into a SELECT, on the sqlite file the user opened. The text comes from the
// person at the keyboard, into a database in their own process: no trust boundary is
// crossed. Said at low (a quote still breaks the statement). Text from anywhere else, on the
// same database, is still injection.
#include <QtCore/QString>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPlainTextEdit>

#include <cstdlib>

QSqlDatabase openNotes(const QString &path) {
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"));
  db.setDatabaseName(path);
  db.open();
  return db;
}

void evaluateExpression(QSqlDatabase &db, QPlainTextEdit *editor) {
  QSqlQuery q(db);
  q.exec("SELECT " + editor->toPlainText()); // expect: dynamic-sql low {{input from 'QPlainTextEdit::toPlainText', what the user types, for an in-process database}}
}

void filterNotes(QSqlDatabase &db, QLineEdit *search) {
  db.exec("SELECT id FROM notes WHERE title LIKE '%" + search->text() + "%'"); // expect: dynamic-sql low {{input from 'QLineEdit::text', what the user types}}
}

void purgeFromEnvironment(QSqlDatabase &db) {
  db.exec("DELETE FROM notes WHERE folder = '" + qEnvironmentVariable("NOTES_FOLDER") + "'"); // expect: dynamic-sql high {{input from 'qEnvironmentVariable' (outside the program): SQL injection}}
}
