// Two `static` flush() helpers in files of one base name (audit/flush.cpp, billing/flush.cpp):
// Clang names both "flush.cpp@F@flush". This one touches no database.
#include <cstdio>
#include <libpq-fe.h>
#include <vector>

static void flush(PGconn *c, int id) {
  (void)c;
  std::fflush(stdout);
  (void)id;
}

void flushAll(PGconn *c, const std::vector<int> &ids) {
  for (int id : ids)
    flush(c, id); // no finding: this unit's flush() runs no query
}
