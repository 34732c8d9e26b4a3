// riskgate-test-rules: unchecked-db-result
// A helper that tests an access's result and returns a constant status on one branch
// (`if (mysql_real_query(...) != 0) return false; return true;`, or sets the variable it
// returns) reports through its return value whether the access failed: a caller that drops
// that value drops the failure, like a caller of a helper that returns the library's result
// as is (medium for a write). Where the helper also logs the failure, the failure is not
// silent, though the caller goes on as if it had worked: low.
#include <mariadb/mysql.h>

#include <cstdio>
#include <string>

class Database {
public:
  bool executeQuery(const std::string &query) {
    if (mysql_real_query(handle_, query.c_str(), query.length()) != 0) { // expect-note: {{which tells whether mysql_real_query failed here}}
      std::fprintf(stderr, "query failed: %s\n", mysql_error(handle_));
      return false;
    }
    return true;
  }

  // Silent: the status is all a caller hears of a failure.
  bool executeSilently(const char *sql) {
    if (mysql_query(handle_, sql) != 0) // expect-note: {{which tells whether mysql_query failed here}}
      return false;
    return true;
  }

  // The status in a variable the function returns, set on the branch where it worked.
  int exec(const char *sql) {
    int ret = -1;
    if (mysql_query(handle_, sql) != 0) // expect-note: {{which tells whether mysql_query failed here}}
      logError("exec failed");
    else
      ret = 0;
    return ret;
  }

  int execCounted(const char *sql) {
    int ret = -1;
    if (mysql_query(handle_, sql) == 0) { // expect-note: {{which tells whether mysql_query failed here}}
      ret = 0;
      ++count_;
    }
    return ret;
  }

  // Logs and returns nothing: no status to drop.
  void run(const char *sql) {
    if (mysql_query(handle_, sql) != 0)
      std::fprintf(stderr, "run failed\n");
  }

  // The number of rows: no constant status on either branch.
  unsigned long long affected(const char *sql) {
    unsigned long long n = 0;
    if (mysql_query(handle_, sql) == 0)
      n = mysql_affected_rows(handle_);
    return n;
  }

  void logError(const char *what);

private:
  MYSQL *handle_ = nullptr;
  int count_ = 0;
};

Database db;

// A status of its own, told by the helper's: the chain is followed.
bool savePlayer(int id) {
  (void)id;
  if (!db.executeSilently("UPDATE players SET online = 0 WHERE id = 1")) // expect-note: {{reports whether Database::executeSilently failed}}
    return false;
  return true;
}

bool saveLogged(int id) {
  (void)id;
  if (!db.executeQuery("UPDATE players SET online = 0 WHERE id = 1")) // expect-note: {{reports whether Database::executeQuery failed}}
    return false;
  return true;
}

void logout(int id) {
  db.executeSilently("DELETE FROM sessions WHERE player = 1"); // expect: unchecked-db-result medium {{the result of 'Database::executeSilently' is discarded: it reports whether 'mysql_query' failed, so a failed call goes unnoticed}}
  db.execCounted("UPDATE players SET last_seen = NOW() WHERE id = 1"); // expect: unchecked-db-result medium {{the result of 'Database::execCounted' is discarded: it reports whether 'mysql_query' failed}}
  savePlayer(id); // expect: unchecked-db-result medium {{the result of 'savePlayer' is discarded: it reports whether 'mysql_query' failed}}
  db.executeQuery("DELETE FROM tokens WHERE player = 1"); // expect: unchecked-db-result low {{the result of 'Database::executeQuery' is discarded: it reports whether 'mysql_real_query' failed and logs the failure itself, but this call goes on as if it had worked}}
  db.exec("UPDATE players SET online = 0 WHERE id = 1"); // expect: unchecked-db-result low {{and logs the failure itself}}
  saveLogged(id); // expect: unchecked-db-result low {{the result of 'saveLogged' is discarded: it reports whether 'mysql_real_query' failed and logs the failure itself}}
  db.run("DELETE FROM scratch");
  db.affected("DELETE FROM tokens WHERE expired = 1");
}

bool logoutChecked(int id) {
  if (!db.executeSilently("DELETE FROM sessions WHERE player = 1"))
    return false;
  return savePlayer(id) && db.exec("UPDATE players SET online = 0") == 0;
}
