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

// The textbook N+1 as SOCI writes it: a query per row of a rowset, kept in a local or
// walked straight. One level up, and the note names the query.
void orders_per_user_bad(soci::session &sql) {
  soci::rowset<soci::row> users = (sql.prepare << "SELECT id FROM users");
  for (const soci::row &user : users) { // expect-note: {{loop here, over the rows of the query at line 25 (severity critical: starts at high: a network round trip; one level up: the loop walks the rows of the query at line 25)}}
    int n = 0;
    sql << "SELECT count(*) FROM orders WHERE user_id = :u", soci::use(user.get<int>(0)), soci::into(n); // expect: n-plus-one critical
  }
}

void orders_per_user_inline_bad(soci::session &sql) {
  for (const soci::row &user : soci::rowset<soci::row>(sql.prepare << "SELECT id FROM users")) { // expect-note: {{loop here, over the rows of the query at line 33}}
    int n = 0;
    sql << "SELECT count(*) FROM orders WHERE user_id = :u", soci::use(user.get<int>(0)), soci::into(n); // expect: n-plus-one critical
  }
}

// Making a rowset runs its statement: one per id.
int rowset_per_id_bad(soci::session &sql, const std::vector<int> &ids) {
  int n = 0;
  for (int id : ids) { // expect-note: {{loop here}}
    soci::rowset<soci::row> orders = (sql.prepare << "SELECT id FROM orders WHERE user_id = :u", soci::use(id)); // expect: n-plus-one high {{'soci::rowset::rowset'}}
    for (const soci::row &o : orders)
      n += o.get<int>(0);
  }
  return n;
}

// ---- negatives -------------------------------------------------------------------------

// Walking a rowset's rows, and copying the handle, run nothing more.
int rowset_copies_ok(soci::session &sql, int times) {
  soci::rowset<soci::row> users = (sql.prepare << "SELECT id FROM users");
  int n = 0;
  for (int i = 0; i < times; ++i) {
    soci::rowset<soci::row> again = users;
    for (const soci::row &u : again)
      n += u.get<int>(0);
  }
  return n;
}

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
