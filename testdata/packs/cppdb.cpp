// riskgate-test-rules: n-plus-one, write-loop-without-transaction
// CppDB against the real <cppdb/frontend.h> (libcppdb-dev). The connection string names
// sqlite3: an in-process engine, so per-row writes inside a transaction are the bulk pattern.
#include <cppdb/frontend.h>

#include <string>
#include <vector>

cppdb::session open() { return cppdb::session("sqlite3:db=app.db"); }

void namesPerId_bad(cppdb::session &sql, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    cppdb::result r = sql << "SELECT name FROM users WHERE id=?" << id << cppdb::row; // expect: n-plus-one low {{'cppdb::session::operator<<' runs a query (in-process database call)}}
    (void)r;
  }
}

void insertAll_bad(cppdb::session &sql, const std::vector<int> &ids) {
  for (int id : ids) // expect-note: {{loop here}}
    sql << "INSERT INTO seen(id) VALUES(?)" << id << cppdb::exec; // expect: write-loop-without-transaction low {{writes rows (INSERT)}}
  // expect@-1: n-plus-one low {{in-process database call}}
}

void insertAllInTransaction_ok(cppdb::session &sql, const std::vector<int> &ids) {
  cppdb::transaction guard(sql);
  for (int id : ids)
    sql << "INSERT INTO seen(id) VALUES(?)" << id << cppdb::exec;
  guard.commit();
}

void statementKept_bad(cppdb::session &sql, const std::vector<int> &ids) {
  cppdb::statement st = sql.prepare("SELECT name FROM users WHERE id=?");
  for (int id : ids) { // expect-note: {{loop here}}
    st.reset();
    st.bind(id);
    cppdb::result r = st.row(); // expect: n-plus-one low {{'cppdb::statement::row' runs a prepared statement}}
    (void)r;
  }
}
