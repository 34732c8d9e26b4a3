// riskgate-test-rules: n-plus-one, write-loop-without-transaction
// SOCI against the real <soci/soci.h> (libsoci-dev).
#include <soci/soci.h>

#include <string>
#include <vector>

void names_bad(soci::session &sql, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    std::string name;
    sql << "SELECT name FROM users WHERE id = :id", soci::into(name), soci::use(id); // expect: n-plus-one high {{'soci::session::operator<<' runs a query}}
  }
}

void deletes_bad(soci::session &sql, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    sql << "DELETE FROM sessions WHERE user_id = :id", soci::use(id); // expect: n-plus-one high
    // expect@-1: write-loop-without-transaction high {{(DELETE)}}
  }
}

// ---- negatives -------------------------------------------------------------------------

// Writes inside a soci::transaction.
void deletes_in_transaction_ok(soci::session &sql, const std::vector<int> &ids) {
  soci::transaction tr(sql);
  sql << "DELETE FROM sessions WHERE user_id IN (SELECT id FROM expired)";
  (void)ids;
  tr.commit();
}

// Fetching the rows of one statement.
int fetch_ok(soci::session &sql) {
  int id = 0, n = 0;
  soci::statement st = (sql.prepare << "SELECT id FROM users", soci::into(id));
  st.execute();
  while (st.fetch())
    ++n;
  return n;
}
