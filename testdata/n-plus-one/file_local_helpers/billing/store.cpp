// The other save(): no database access. Before file-local helpers were told apart by their
// file, the call below ran audit/store.cpp's body and was reported.
#include <cstdio>
#include <libpq-fe.h>
#include <vector>

namespace {
void save(PGconn *c, int id) {
  (void)c;
  std::printf("invoice %d\n", id);
}
} // namespace

void printAll(PGconn *c, const std::vector<int> &ids) {
  for (int id : ids)
    save(c, id); // no finding: this unit's save() runs no query
}
