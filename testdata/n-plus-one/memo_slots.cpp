// riskgate-test-rules: n-plus-one
// A memo slot: the entry a subscript finds or makes in a container the object keeps
// (`auto &columns = known_[table];`), an `if` on that entry around the query, and the entry
// filled after it. The query runs while the entry is empty, once per table, not once per
// element: low, and said. A slot filled without a test, or tested and never filled, caches
// nothing.
#include <libpq-fe.h>

#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

struct Item {
  std::string table;
  long id;
};

class SchemaCache {
public:
  // The table's columns are read the first time the table is seen, then kept.
  const std::set<std::string> &columnsOf(PGconn *conn, const std::string &table) {
    std::set<std::string> &columns = known_[table];
    if (columns.empty()) {
      const char *params[1] = {table.c_str()};
      PGresult *res = PQexecParams(conn, "SELECT column_name FROM columns_of WHERE table_name = $1", 1, nullptr, params, nullptr, nullptr, 0); // expect-note: {{which runs PQexecParams here}}
      for (int i = 0; i < PQntuples(res); ++i)
        columns.insert(PQgetvalue(res, i, 0));
      PQclear(res);
    }
    return columns;
  }

  // The entry is overwritten on every call: nothing is looked up first.
  long refresh(PGconn *conn, const std::string &key) {
    long &slot = counts_[key];
    const char *params[1] = {key.c_str()};
    PGresult *res = PQexecParams(conn, "SELECT count(*) FROM events WHERE kind = $1", 1, nullptr, params, nullptr, nullptr, 0); // expect-note: {{which runs PQexecParams here}}
    slot = std::atol(PQgetvalue(res, 0, 0));
    PQclear(res);
    return slot;
  }

  // Tested, but the entry is never filled: every call queries again.
  bool probe(PGconn *conn, const std::string &table) {
    std::set<std::string> &columns = known_[table];
    if (columns.empty()) {
      const char *params[1] = {table.c_str()};
      PQclear(PQexecParams(conn, "SELECT 1 FROM columns_of WHERE table_name = $1", 1, nullptr, params, nullptr, nullptr, 0)); // expect-note: {{which runs PQexecParams here}}
      return false;
    }
    return true;
  }

private:
  std::map<std::string, std::set<std::string>> known_;
  std::map<std::string, long> counts_;
};

void checkAll(PGconn *conn, SchemaCache &cache, const std::vector<Item> &items) {
  for (const Item &item : items) // expect-note: {{low: behind a cache, it runs only on a miss}}
    cache.columnsOf(conn, item.table); // expect: n-plus-one low {{it runs on a cache miss only}}
  // expect-note@-1: {{calls SchemaCache::columnsOf}}
}

void refreshAll(PGconn *conn, SchemaCache &cache, const std::vector<std::string> &keys) {
  for (const std::string &key : keys) // expect-note: {{loop here}}
    cache.refresh(conn, key); // expect: n-plus-one high {{call to 'SchemaCache::refresh' runs a query (PQexecParams, network round trip) on every iteration of a loop}}
  // expect-note@-1: {{calls SchemaCache::refresh}}
}

void probeAll(PGconn *conn, SchemaCache &cache, const std::vector<Item> &items) {
  for (const Item &item : items) // expect-note: {{loop here}}
    cache.probe(conn, item.table); // expect: n-plus-one high {{call to 'SchemaCache::probe' runs a query (PQexecParams, network round trip) on every iteration of a loop}}
  // expect-note@-1: {{calls SchemaCache::probe}}
}
