// riskgate-test-rules: n-plus-one, dynamic-sql
// Field shape: a dialog emits a signal per item, and the slot connected to it in another
// class queries the database. Riskgate follows the connection: emitting the signal calls
// every slot connected to it, with the signal's arguments. A slot nothing connects stays an
// entry point; a signal emitted once is one query.
#include "inventory.h"

#include <QtSql/QSqlQuery>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>

Catalog::Catalog(Importer *importer) {
  db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"));
  connect(importer, &Importer::itemImported, this, &Catalog::refreshItem); // expect-note: {{calls Catalog::refreshItem}}
  connect(importer, SIGNAL(finished()), this, SLOT(rebuildIndex()));
  connect(importer, &Importer::expressionEntered, this, &Catalog::evaluate); // expect-note: {{passes the SQL to Catalog::evaluate}}
  // A signal is emitted by the program only, never by an outside caller: with no emit in
  // the scanned code, what it carries is unknown (low, said), not an entry point's input.
  connect(importer, &Importer::filterTyped, this, &Catalog::filterBy); // expect: dynamic-sql low {{from parameter 'text' of signal 'Importer::filterTyped', which nothing in the scanned code emits}}
  // expect-note@-1: {{passes the SQL to Catalog::filterBy}}
  // A lambda slot is a function of its own, run on each emit.
  connect(importer, &Importer::priceChanged, this, [this](const QString &sku, double price) { // expect-note: {{calls lambda}}
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE items SET price = ? WHERE sku = ?"));
    q.addBindValue(price);
    q.addBindValue(sku);
    q.exec(); // expect-note: {{which runs QSqlQuery::exec here}}
  });
}

// Connecting in a loop runs nothing: each lambda runs when its button is clicked, once per
// click, not once per SKU here.
void Catalog::addButtons(const QStringList &skus) {
  for (const QString &sku : skus) {
    auto *button = new QPushButton(sku);
    connect(button, &QPushButton::clicked, this, [this, sku] {
      QSqlQuery q(db);
      q.prepare(QStringLiteral("DELETE FROM items WHERE sku = ?"));
      q.addBindValue(sku);
      q.exec();
    });
  }
}

void Catalog::refreshItem(const QString &sku) {
  QSqlQuery q(db);
  q.prepare(QStringLiteral("SELECT price FROM items WHERE sku = ?"));
  q.addBindValue(sku);
  q.exec(); // expect-note: {{which runs QSqlQuery::exec here}}
}

void Catalog::rebuildIndex() {
  QSqlQuery q(db);
  q.exec(QStringLiteral("REINDEX items"));
}

void Catalog::unconnected(const QString &sku) {
  QSqlQuery q(db);
  q.prepare(QStringLiteral("DELETE FROM items WHERE sku = ?"));
  q.addBindValue(sku);
  q.exec();
}

// Each emit runs the connected slot: one query per SKU.
void Importer::importAll(const QStringList &skus) {
  for (const QString &sku : skus) // expect-note: {{loop here}}
    emit itemImported(sku); // expect: n-plus-one high {{call to 'Importer::itemImported' runs a prepared statement (QSqlQuery::exec, network round trip) on every iteration of a loop}}
  // expect-note@-1: {{calls Importer::itemImported}}
  emit finished(); // once, after the loop
}

void reprice(Importer *importer, const QStringList &skus) {
  for (const QString &sku : skus) // expect-note: {{loop here}}
    emit importer->priceChanged(sku, 9.5); // expect: n-plus-one high {{call to 'Importer::priceChanged' runs a prepared statement (QSqlQuery::exec, network round trip) on every iteration of a loop}}
  // expect-note@-1: {{calls Importer::priceChanged}}
}

void Importer::importOne(const QString &sku) { emit itemImported(sku); }

void Importer::reportDone() { emit finished(); }

// The text the signal carries is what the slot splices into SQL: followed to the emit,
// where it was typed. On a server (QPSQL), injection.
void Catalog::evaluate(const QString &expression) {
  QSqlQuery q(db);
  q.exec("SELECT " + expression); // expect-note: {{where it goes into the SQL QSqlQuery::exec runs}}
}

void enterExpression(Importer *importer, QPlainTextEdit *editor) {
  emit importer->expressionEntered(editor->toPlainText()); // expect: dynamic-sql high {{input from 'QPlainTextEdit::toPlainText' (outside the program): SQL injection}}
  // expect-note@-1: {{passes the SQL to Importer::expressionEntered}}
}

void Catalog::filterBy(const QString &condition) {
  QSqlQuery q(db);
  q.exec("SELECT sku FROM items WHERE " + condition); // expect-note: {{where it goes into the SQL QSqlQuery::exec runs}}
}
