// riskgate-test-rules: n-plus-one
// SQL through a project's wrappers: a printf-style helper that formats its format argument
// and hands the text to a query function. The statement's text is the constant the loop's
// call passes, so a write inside a transaction is known as a write (the bulk pattern on
// sqlite: no finding) and a read per row is still an N+1.
#include <sqlite3.h>

#include <cstdarg>
#include <string>
#include <vector>

class Sql {
public:
  std::vector<std::string> query(const std::string &text) {
    std::vector<std::string> rows;
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(db, text.c_str(), -1, &st, nullptr) == SQLITE_OK) {
      while (sqlite3_step(st) == SQLITE_ROW) // expect-note: {{which runs sqlite3_step here}}
        rows.emplace_back(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)));
      sqlite3_finalize(st);
    }
    return rows;
  }
  std::vector<std::string> safe_query(const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    char *text = sqlite3_vmprintf(fmt, args);
    va_end(args);
    std::vector<std::string> rows = query(text); // expect-note: {{calls Sql::query}}
    sqlite3_free(text);
    return rows;
  }
  void exec_no_return(const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    char *text = sqlite3_vmprintf(fmt, args);
    va_end(args);
    sqlite3_exec(db, text, nullptr, nullptr, nullptr); // expect-note: {{which runs sqlite3_exec here}}
    sqlite3_free(text);
  }
  void begin() { sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr); }
  void commit() { sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr); }
  sqlite3 *db = nullptr;
};

void deleteDevices_ok(Sql &sql, const std::vector<int> &ids) {
  sqlite3_exec(sql.db, "BEGIN", nullptr, nullptr, nullptr);
  for (int id : ids)
    sql.safe_query("DELETE FROM devices WHERE id = %d", id);
  sqlite3_exec(sql.db, "COMMIT", nullptr, nullptr, nullptr);
}

void namesOf_bad(Sql &sql, const std::vector<int> &ids) {
  for (int id : ids) // expect-note: {{loop here}}
    sql.safe_query("SELECT name FROM devices WHERE id = %d", id); // expect: n-plus-one low {{call to 'Sql::safe_query' runs a statement execution (sqlite3_step, in-process database call)}}
  // expect-note@-1: {{calls Sql::safe_query}}
}

void removeDevices_ok(Sql &sql, const std::vector<int> &ids) {
  sqlite3_exec(sql.db, "BEGIN TRANSACTION", nullptr, nullptr, nullptr);
  for (int id : ids) {
    sql.exec_no_return("DELETE FROM log WHERE device = %d", id);
    sql.exec_no_return("DELETE FROM devices WHERE id = %d", id);
  }
  sqlite3_exec(sql.db, "END TRANSACTION", nullptr, nullptr, nullptr);
}

void removeDevicesNoTransaction_bad(Sql &sql, const std::vector<int> &ids) {
  for (int id : ids) // expect-note: {{loop here}}
    sql.exec_no_return("DELETE FROM devices WHERE id = %d", id); // expect: n-plus-one low {{call to 'Sql::exec_no_return' runs a query (sqlite3_exec, in-process database call)}}
  // expect-note@-1: {{calls Sql::exec_no_return}}
}

// The textbook N+1: one query per row another query returned, through the same helper.
void namesOfAllDevices_bad(Sql &sql) {
  std::vector<std::string> rows = sql.safe_query("SELECT id FROM devices");
  for (const std::string &row : rows) // expect-note: {{loop here, over the rows of the query at line 76 (severity high: starts at medium: an in-process call; one level up: the loop walks the rows of the query at line 76)}}
    sql.safe_query("SELECT name FROM meters WHERE device = '%q'", row.c_str()); // expect: n-plus-one high {{call to 'Sql::safe_query'}}
  // expect-note@-1: {{calls Sql::safe_query}}
}
