// The flush() that queries: before, a call here resolved to audit/flush.cpp's body (the
// first unit to define the name) and the N+1 went unseen.
#include <libpq-fe.h>
#include <string>
#include <vector>

static void flush(PGconn *c, int id) {
  std::string idText = std::to_string(id);
  const char *v[] = {idText.c_str()};
  PQclear(PQexecParams(c, "UPDATE invoices SET flushed = true WHERE id = $1", 1, nullptr, v,
                       nullptr, nullptr, 0)); // expect-note@-1: {{which runs PQexecParams here}}
}

void flushInvoices(PGconn *c, const std::vector<int> &ids) {
  for (int id : ids) // expect-note: {{loop here}}
    flush(c, id); // expect: n-plus-one high {{call to 'flush' runs a query}}
  // expect-note@-1: {{calls flush}}
}
