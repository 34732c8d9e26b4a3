// A Qt program whose work crosses signals: the objects that emit do not know who listens.
#pragma once
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtSql/QSqlDatabase>

class Importer : public QObject {
  Q_OBJECT
public:
  void importAll(const QStringList &skus);
  void importOne(const QString &sku);
  void reportDone();

signals:
  void itemImported(const QString &sku);
  void finished();
  void expressionEntered(const QString &text);
  void priceChanged(const QString &sku, double price);
  void filterTyped(const QString &text); // emitted by a dialog outside this scan

public:
  void notifyOthers(const QString &sku) { emit itemImported(sku); }
};

class Catalog : public QObject {
  Q_OBJECT
public:
  explicit Catalog(Importer *importer);
  void addButtons(const QStringList &skus);

public slots:
  void refreshItem(const QString &sku);
  void rebuildIndex();
  void evaluate(const QString &expression);
  void unconnected(const QString &sku);
  void filterBy(const QString &condition);

private:
  QSqlDatabase db;
};
