// One schema statement per index of a table: as many as the schema defines, not one per row.
// Low, wherever the text is built: returned by a method of the index, directly or through a
// wrapper that runs its argument.
#include "schema.h"

#include <libpq-fe.h>

void createIndexes(PGconn *conn, const TableDef &table) {
  for (const IndexDef &index : table.indexes()) // expect-note: {{loop here (severity low: starts at high: a network round trip; low: a schema statement)}}
    PQclear(PQexec(conn, index.creationSql(table.name()).c_str())); // expect: n-plus-one low {{a schema statement (CREATE) runs once per schema object}}
}

void dropIndexes(PGconn *conn, const TableDef &table) {
  for (const IndexDef &index : table.indexes()) { // expect-note: {{loop here}}
    std::string sql = index.dropSql();
    TableDef::run(conn, sql); // expect: n-plus-one low {{a schema statement (DROP)}}
    // expect-note@-1: {{calls TableDef::run}}
  }
}

// Whether each table exists: one read of the catalog per table of the schema.
void missingTables(PGconn *conn, const std::vector<TableDef> &tables, std::vector<std::string> &out) {
  for (const TableDef &t : tables) { // expect-note: {{loop here}}
    const char *params[1] = {t.name().c_str()};
    PGresult *res = PQexecParams(conn, "SELECT 1 FROM information_schema.tables WHERE table_name = $1", 1, // expect: n-plus-one low {{it reads the schema catalog (information_schema.tables), so the loop walks tables, columns or indexes, not rows}}
                                 nullptr, params, nullptr, nullptr, 0);
    if (PQntuples(res) == 0)
      out.push_back(t.name());
    PQclear(res);
  }
}

void indexedColumns(PGconn *conn, const std::vector<std::string> &tables) {
  for (const std::string &t : tables) { // expect-note: {{loop here}}
    const char *params[1] = {t.c_str()};
    PQclear(PQexecParams(conn, "SELECT indexname FROM pg_indexes WHERE tablename = $1", 1, nullptr, // expect: n-plus-one low {{schema catalog (pg_indexes)}}
                         params, nullptr, nullptr, 0));
  }
}

// Not the catalog: a table whose name only starts like one is the program's data.
void archivedRows(PGconn *conn, const std::vector<std::string> &ids) {
  for (const std::string &id : ids) { // expect-note: {{loop here}}
    const char *params[1] = {id.c_str()};
    PQclear(PQexecParams(conn, "SELECT * FROM pg_tables_archive WHERE id = $1", 1, nullptr, // expect: n-plus-one high {{'PQexecParams' runs a query (network round trip)}}
                         params, nullptr, nullptr, 0));
  }
}

// Text a method returns is read, but a SELECT per element is still an N+1, and a method
// whose returns disagree (SELECT or UPDATE) gives no text: the loop is reported as before.
void lookups(PGconn *conn, const IndexDef &index, const std::vector<long> &ids) {
  for (long id : ids) // expect-note: {{loop here}}
    PQclear(PQexec(conn, index.lookupSql(id).c_str())); // expect: n-plus-one high {{'PQexec' runs a query (network round trip) on every iteration of a loop}}
}

// The catalog query depends on the server: the text starts with what the first branch puts
// into the empty string, and every branch reads the catalog.
static bool tableExists(PGconn *conn, bool mysql, const std::string &name) {
  std::string query;
  if (mysql)
    query = "SELECT 1 FROM information_schema.tables WHERE table_name = $1";
  else
    query = "SELECT 1 FROM pg_catalog.pg_tables WHERE tablename = $1";
  const char *params[1] = {name.c_str()};
  PGresult *res = PQexecParams(conn, query.c_str(), 1, nullptr, params, nullptr, nullptr, 0); // expect-note: {{which runs PQexecParams here}}
  bool found = PQntuples(res) > 0;
  PQclear(res);
  return found;
}

int existingTables(PGconn *conn, const std::vector<std::string> &names) {
  int n = 0;
  for (const std::string &name : names) // expect-note: {{loop here}}
    n += tableExists(conn, false, name) ? 1 : 0; // expect: n-plus-one low {{it reads the schema catalog (information_schema.tables)}}
  // expect-note@-1: {{calls tableExists}}
  return n;
}
