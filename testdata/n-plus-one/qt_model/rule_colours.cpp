// riskgate-test-rules: n-plus-one
// A model's data() runs for every visible cell and role on every repaint: a query per rule
// in it is per cell, not per user action, so the in-process lowering does not apply (the
// shape of a conditional-format check that evaluates SQL while painting a table).
#include <QtCore/QAbstractTableModel>
#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtCore/QVector>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

struct ColourRule {
  QString condition;
  QVariant colour;
};

class ResultsModel : public QAbstractTableModel {
public:
  ResultsModel() { db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE")); }
  int rowCount(const QModelIndex &) const override { return 100; }
  int columnCount(const QModelIndex &) const override { return 4; }

  QVariant data(const QModelIndex &index, int role) const override {
    if (role != Qt::BackgroundRole)
      return {};
    for (const ColourRule &r : rules) { // expect-note: {{loop here (severity high: starts at medium: an in-process call; one level up: a hot entry point reaches it)}}
      QSqlQuery q(db);
      q.prepare(QStringLiteral("SELECT 1 WHERE ? = 1"));
      q.addBindValue(index.row());
      if (q.exec() && q.next()) // expect: n-plus-one high {{'QSqlQuery::exec' runs a prepared statement (in-process database call)}}
        return r.colour;
    }
    return {};
  }

  // The same loop outside the paint path: a user action, over a few rules: low.
  int countMatching(int row) const {
    int n = 0;
    for (const ColourRule &r : rules) { // expect-note: {{one level down: in process}}
      (void)r;
      QSqlQuery q(db);
      q.prepare(QStringLiteral("SELECT 1 WHERE ? = 1"));
      q.addBindValue(row);
      if (q.exec() && q.next()) // expect: n-plus-one low
        ++n;
    }
    return n;
  }

private:
  QSqlDatabase db;
  QVector<ColourRule> rules;
};
