#pragma once
#include <vector>

// A template that loops: the finding is in each instantiation whose argument queries.
template <class Repo> int countNonEmpty(Repo &repo, const std::vector<int> &keys) {
  int n = 0;
  for (int k : keys) // expect-note: {{loop here}}
    n += !repo.get(k).empty(); // expect: n-plus-one high {{call to 'PgStore::get'}}
    // expect-note@-1: {{calls PgStore::get}}
  return n;
}

// A function template that queries, called from a loop elsewhere.
template <class Conn> std::string fetchOne(Conn *c, int key) {
  PGresult *res = PQexec(c, "SELECT 1"); // expect-note: {{which runs PQexec here}}
  PQclear(res);
  return std::to_string(key);
}
