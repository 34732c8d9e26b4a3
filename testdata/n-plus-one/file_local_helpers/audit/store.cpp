// riskgate-test-rules: n-plus-one
// Two units, each with a helper named save() in an anonymous namespace: two functions, not
// one. This one queries; billing/store.cpp's writes to a log and nothing more.
#include <libpq-fe.h>
#include <vector>

namespace {
void save(PGconn *c, int id) {
  const char *v[] = {"audit"};
  PQclear(PQexecParams(c, "INSERT INTO audit_log (kind) VALUES ($1)", 1, nullptr, v, nullptr,
                       nullptr, 0)); // expect-note@-1: {{which runs PQexecParams here}}
  (void)id;
}
} // namespace

void recordAll(PGconn *c, const std::vector<int> &ids) {
  for (int id : ids) // expect-note: {{loop here}}
    save(c, id); // expect: n-plus-one high {{call to '(anonymous)::save' runs a query}}
  // expect-note@-1: {{calls (anonymous)::save}}
}
