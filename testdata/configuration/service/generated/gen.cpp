// Excluded by the configuration: nothing here is reported.
#include <libpq-fe.h>

void generated_loop(PGconn *c, int n) {
  for (int i = 0; i < n; ++i)
    PQclear(PQexec(c, "SELECT 1"));
}
