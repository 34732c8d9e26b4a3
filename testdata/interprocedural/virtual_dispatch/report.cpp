#include "store.h"
#include "templates.h"

#include <vector>

// Virtual call: resolved to every override the program defines; PgStore::get queries.
int totalLength(Store &store, const std::vector<int> &keys) {
  int total = 0;
  for (int k : keys) // expect-note: {{loop here}}
    total += store.get(k).size(); // expect: n-plus-one high {{call to 'Store::get'}}
    // expect-note@-1: {{calls Store::get, which dispatches to PgStore::get}}
  return total;
}

int countPg(PgStore &pg, const std::vector<int> &keys) { return countNonEmpty(pg, keys); }

void fetchAll(PGconn *c, const std::vector<int> &keys) {
  for (int k : keys) // expect-note: {{loop here}}
    fetchOne(c, k); // expect: n-plus-one high {{call to 'fetchOne'}}
    // expect-note@-1: {{calls fetchOne}}
}

// ---- negatives -------------------------------------------------------------------------

// A final class: the call cannot dispatch to PgStore.
int totalMem(MemStore &store, const std::vector<int> &keys) {
  int total = 0;
  for (int k : keys)
    total += store.get(k).size();
  return total;
}

// The same template over a store that does not query.
int countMem(MemStore &mem, const std::vector<int> &keys) { return countNonEmpty(mem, keys); }

// A virtual method no override of which queries.
int sizes(Store &store, int n) {
  int total = 0;
  for (int i = 0; i < n; ++i)
    total += store.size();
  return total;
}

// Recursion reaches a fixed point: walk() queries, and calls itself in a loop.
struct Node {
  int id;
  std::vector<Node *> children;
};
void walk(PGconn *c, Node *n) {
  PQclear(PQexec(c, "SELECT 1")); // expect-note: {{which runs PQexec here}}
  for (Node *child : n->children) // expect-note: {{loop here}}
    walk(c, child); // expect: n-plus-one high {{call to 'walk'}}
    // expect-note@-1: {{calls walk}}
}
