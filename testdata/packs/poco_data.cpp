// riskgate-test-rules: n-plus-one, write-loop-without-transaction
// Poco::Data against the real <Poco/Data/...> headers (libpoco-dev). This file connects to
// PostgreSQL: every statement is a network round trip.
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Data/Transaction.h>

#include <string>
#include <vector>

using namespace Poco::Data::Keywords;

Poco::Data::Session connect() { return Poco::Data::Session("PostgreSQL", "host=db dbname=app"); }

void namesPerId_bad(Poco::Data::Session &session, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    std::string name;
    int key = id;
    session << "SELECT name FROM users WHERE id = $1", into(name), use(key), now; // expect: n-plus-one high {{'Poco::Data::Session::operator<<' runs a query (network round trip)}}
  }
}

void insertAll_bad(Poco::Data::Session &session, std::vector<int> ids) {
  for (int &id : ids) // expect-note: {{loop here}}
    session << "INSERT INTO seen(id) VALUES ($1)", use(id), now; // expect: write-loop-without-transaction high {{writes rows (INSERT)}}
  // expect@-1: n-plus-one high {{network round trip}}
}

void insertAllInTransaction_medium(Poco::Data::Session &session, std::vector<int> ids) {
  Poco::Data::Transaction tx(session);
  for (int &id : ids) // expect-note: {{loop here}}
    session << "INSERT INTO seen(id) VALUES ($1)", use(id), now; // expect: n-plus-one medium {{inside a transaction, but still one round trip per row}}
  tx.commit();
}

void preparedOnce_bad(Poco::Data::Session &session, const std::vector<int> &ids) {
  int key = 0;
  std::string name;
  Poco::Data::Statement select = (session << "SELECT name FROM users WHERE id = $1", into(name), use(key));
  for (int id : ids) { // expect-note: {{loop here}}
    key = id;
    select.execute(); // expect: n-plus-one high {{'Poco::Data::Statement::execute' runs a prepared statement}}
  }
}

void oneQuery_ok(Poco::Data::Session &session, std::vector<std::string> &names) {
  session << "SELECT name FROM users", into(names), now;
}

// `session << "DELETE FROM " << table` adds the table to the text (Statement::operator<<
// concatenates): the table changes on every pass, so one statement per table.
void clearTables_ok(Poco::Data::Session &session, const std::vector<std::string> &tables) {
  for (const std::string &table : tables) // expect-note: {{loop here}}
    session << "DELETE FROM " << table, now; // expect: n-plus-one low {{one statement per table}}
  // expect@-1: write-loop-without-transaction low {{writes rows (DELETE)}}
}

// The same table on every pass, a value streamed into the text: one statement per id.
void deleteIds_bad(Poco::Data::Session &session, const std::string &table, const std::vector<int> &ids) {
  for (int id : ids) // expect-note: {{loop here}}
    session << "DELETE FROM " << table << " WHERE id = " << id, now; // expect: n-plus-one high {{runs a query (network round trip)}}
  // expect@-1: write-loop-without-transaction high {{writes rows (DELETE)}}
}
