// riskgate-test-rules: n-plus-one
// Qt's queued call by name: invokeMethod(this, "reload") on a class riskgate can see is a
// call edge to reload(), so the query it runs in a loop is seen.
#include <QtCore/QMetaObject>
#include <QtCore/QObject>
#include <QtSql/QSqlQuery>

#include <vector>

class View : public QObject {
public:
  void reload() {
    QSqlQuery q;
    q.exec("SELECT name FROM items WHERE id = 1"); // expect-note: {{which runs QSqlQuery::exec here}}
  }
  void reloadAll(const std::vector<int> &ids) {
    for (int id : ids) { // expect-note: {{loop here}}
      (void)id;
      QMetaObject::invokeMethod(this, "reload", Qt::DirectConnection); // expect: n-plus-one high {{call to 'View::reload' runs a query}}
      // expect-note@-1: {{calls View::reload}}
    }
  }
  void noSuchSlot(const std::vector<int> &ids) {
    for (int id : ids) {
      (void)id;
      QMetaObject::invokeMethod(this, "missing");
    }
  }
};
