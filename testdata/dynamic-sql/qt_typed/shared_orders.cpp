// riskgate-test-rules: dynamic-sql
// The same typed text, spliced into SQL for a shared server: every user of the tool reaches
// everyone's rows through it. Injection (high).
#include <QtCore/QString>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>
#include <QtWidgets/QLineEdit>

QSqlDatabase connectOrders() {
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("orders"));
  db.setHostName(QStringLiteral("db.internal"));
  db.open();
  return db;
}

void findCustomer(QSqlDatabase &db, QLineEdit *search) {
  db.exec("SELECT id FROM customers WHERE name = '" + search->text() + "'"); // expect: dynamic-sql high {{input from 'QLineEdit::text' (outside the program): SQL injection}}
}
