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

void fromEnvironment(QSqlDatabase &db) {
  std::string table = std::getenv("APP_TABLE");
  db.exec(QString::fromStdString("DELETE FROM " + table)); // expect: dynamic-sql high {{input from 'getenv'}}
}
