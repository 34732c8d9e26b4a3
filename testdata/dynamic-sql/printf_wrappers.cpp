// riskgate-test-rules: dynamic-sql
// A project's printf-style query helper: `PExecute(const char *format, ...)` formats its
// arguments into a buffer with vsnprintf and runs the buffer. The SQL is the format and the
// values after it, so each caller is judged by what it passes in both: a number formatted
// in is low, a parameter of an entry point formatted in with %s is injection, an escaped
// or constant text is nothing.
#include <mariadb/mysql.h>

#include <cstdarg>
#include <cstdio>
#include <string>

class Database {
public:
  bool Execute(const char *sql) { return mysql_query(conn_, sql) == 0; } // expect-note: {{which runs mysql_query with it here}}

  bool PExecute(const char *format, ...) {
    if (!format)
      return false;
    va_list ap;
    char query[1024];
    va_start(ap, format);
    int res = vsnprintf(query, sizeof(query), format, ap);
    va_end(ap);
    if (res < 0)
      return false;
    return Execute(query); // expect-note: {{passes the SQL to Database::Execute}}
  }

  std::string escapeString(const std::string &text);

private:
  MYSQL *conn_ = nullptr;
};

Database CharacterDb;

bool deleteSocial(unsigned guid) {
  return CharacterDb.PExecute("DELETE FROM character_social WHERE guid = '%u'", guid); // expect: dynamic-sql low {{with numbers formatted into it}}
  // expect-note@-1: {{passes the SQL to Database::PExecute}}
}

bool renameCharacter(const std::string &newName, unsigned guid) {
  return CharacterDb.PExecute("UPDATE characters SET name = '%s' WHERE guid = '%u'", newName.c_str(), guid); // expect: dynamic-sql high {{from parameter 'newName' of 'renameCharacter'}}
  // expect-note@-1: {{passes the SQL to Database::PExecute}}
}

bool renameEscaped(const std::string &newName, unsigned guid) {
  std::string safe = CharacterDb.escapeString(newName);
  return CharacterDb.PExecute("UPDATE characters SET name = '%s' WHERE guid = '%u'", safe.c_str(), guid); // expect: dynamic-sql low {{with numbers formatted into it}}
  // expect-note@-1: {{passes the SQL to Database::PExecute}}
}

bool markOnline() {
  return CharacterDb.PExecute("UPDATE characters SET online = 1 WHERE name = '%s'", "system");
}

// Text handed on to the helper by a caller of its own, which passes a constant.
static bool setFlag(const char *column) {
  return CharacterDb.PExecute("UPDATE account SET %s = 1", column);
}

bool lockAll() { return setFlag("locked"); }

// The same helper on sqlite3_vmprintf: a value formatted through `'%q'` (or %Q, %w) is
// escaped by the formatting itself.
#include <sqlite3.h>

class Store {
public:
  int safeQuery(const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    char *sql = sqlite3_vmprintf(fmt, args);
    va_end(args);
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr); // expect-note: {{where it goes into the SQL sqlite3_exec runs}}
    sqlite3_free(sql);
    return rc;
  }

private:
  sqlite3 *db_ = nullptr;
};

Store Devices;

int renameDevice(const std::string &name, int id) {
  return Devices.safeQuery("UPDATE devices SET name = '%q' WHERE id = %d", name.c_str(), id); // expect: dynamic-sql low {{with numbers formatted into it}}
  // expect-note@-1: {{passes the SQL to Store::safeQuery}}
}

int findDevice_bad(const std::string &name) {
  return Devices.safeQuery("SELECT id FROM devices WHERE name = '%s'", name.c_str()); // expect: dynamic-sql high {{from parameter 'name' of 'findDevice_bad'}}
  // expect-note@-1: {{passes the SQL to Store::safeQuery}}
}
