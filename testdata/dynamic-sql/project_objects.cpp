// riskgate-test-rules: dynamic-sql
// Field shape: a schema layer keeps its indexes and triggers as objects of its own classes,
// and a public method drops one by asking the object for its name or its DROP statement.
// Nothing in the scanned code calls that method. The text is what the object holds, as a
// member's is: unknown (low), not the caller's text (injection). Where callers are seen, they
// are followed: an object built from constants is nothing, one built from an entry point's
// string is injection.
#include <sqlite3.h>

#include <cstring>
#include <string>

struct IndexDef {
  std::string name;
  std::string table;
  std::string getName() const { return name; }
  std::string dropStatement(const std::string &schema) const {
    return "DROP INDEX " + schema + "." + name;
  }
};

// Public API, no caller in the scanned code: low, and the message says what it cannot see.
bool removeIndex(sqlite3 *db, const IndexDef &index) {
  std::string sql = "DROP INDEX IF EXISTS " + index.getName();
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK; // expect: dynamic-sql low {{what parameter 'index' of 'removeIndex' holds (an object of the program's own class), and nothing in the scanned code calls it: riskgate cannot see what the objects handed to it hold; if one can ever hold outside data, a schema statement takes no bound parameters: quote the name as an identifier}}
}

// The whole statement from the object, with a member of the caller's spliced in by it.
struct SchemaEditor {
  sqlite3 *db;
  std::string schema;
  bool drop(const IndexDef &index) {
    return sqlite3_exec(db, index.dropStatement(schema).c_str(), nullptr, nullptr, nullptr) == // expect: dynamic-sql low {{what parameter 'index' of 'SchemaEditor::drop' holds}}
           SQLITE_OK;
  }
};

// Callers seen: followed to what they built the object from. A name spliced into a schema
// statement cannot be bound: the advice is to quote it.
static bool dropOne(sqlite3 *db, const IndexDef &index) {
  std::string sql = "DROP INDEX " + index.getName();
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK; // expect-note: {{where it goes into the SQL sqlite3_exec runs}}
}

bool dropOrdersIndex_ok(sqlite3 *db) { return dropOne(db, IndexDef{"idx_orders_customer", "orders"}); }

bool dropNamed(sqlite3 *db, const std::string &name) {
  return dropOne(db, IndexDef{name, "orders"}); // expect: dynamic-sql high {{parameter 'name' of 'dropNamed', which nothing in the scanned code calls (an entry point: its callers can pass anything): SQL injection; a schema statement takes no bound parameters}}
  // expect-note@-1: {{passes the SQL to dropOne}}
}

bool dropNamedLocal(sqlite3 *db, const std::string &name) {
  IndexDef def{name, "orders"};
  return dropOne(db, def); // expect: dynamic-sql high {{parameter 'name' of 'dropNamedLocal'}}
  // expect-note@-1: {{passes the SQL to dropOne}}
}

// A request is what a client sent: a field read through its methods is still injection.
struct HttpRequest {
  std::string query;
  std::string param(const char *key) const { return key ? query : std::string(); }
};
int searchHandler(sqlite3 *db, const HttpRequest &request) {
  std::string sql = "SELECT id FROM products WHERE name = '" + request.param("q") + "'";
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql high {{parameter 'request' of 'searchHandler', which nothing in the scanned code calls (an entry point: its callers can pass anything): SQL injection; bind it as a parameter}}
}

// A string parameter's own methods give the caller's text: still injection.
int trimmedHandler(sqlite3 *db, const std::string &who) {
  std::string sql = "DELETE FROM sessions WHERE owner = '" + who.substr(1) + "'";
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql high {{parameter 'who' of 'trimmedHandler'}}
}

// A pointer to an object of the program's own class, handed to the program's own function
// that builds the name from it (a registry of record types, each with its own table): the
// text is what the object holds, unknown (low), as with a method asked of it.
struct RecordType {
  std::string name;
  const std::string &getName() const { return name; }
};
class Store {
public:
  std::string tableOf(const RecordType *type) const { return prefix_ + type->getName(); }
  virtual void onTypeChecked(RecordType *type);

private:
  sqlite3 *db_ = nullptr;
  std::string prefix_;
};
void Store::onTypeChecked(RecordType *type) {
  std::string sql = "SELECT * FROM " + tableOf(type);
  sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql low {{what parameter 'type' of 'Store::onTypeChecked' holds (an object of the program's own class)}}
}

// The program's own string class is text, not an object's state: a parameter of it is the
// caller's text, by reference, by pointer or through its methods.
class Text {
public:
  const char *c_str() const { return s_.c_str(); }
  Text lower() const { return *this; }

private:
  std::string s_;
};
std::string plainText(const Text *t) { return t->c_str(); }
int byOwnString(sqlite3 *db, const Text &who) {
  std::string sql = std::string("DELETE FROM sessions WHERE owner = '") + who.lower().c_str() + "'";
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql high {{parameter 'who' of 'byOwnString', which nothing in the scanned code calls}}
}
int byOwnStringPointer(sqlite3 *db, const Text *who) {
  std::string sql = "DELETE FROM sessions WHERE owner = '" + plainText(who) + "'";
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql high {{parameter 'who' of 'byOwnStringPointer', which nothing in the scanned code calls}}
}

// A packet is what a peer sent over the network, as a request is what a client sent: a
// handler that reads a name out of its buffer (through a cast to the wire struct) and
// splices it into SQL is injection, whether the packet comes read-only or not (stream
// extraction moves a read position). Handlers are called through a table of function
// pointers: nothing in the scanned code calls them.
struct AppPacket {
  unsigned char *pBuffer;
  unsigned size;
  std::string readString() const;
};
struct RenameWire {
  char old_name[64];
  char new_name[64];
};
struct Session {
  sqlite3 *db;
  void handleRename(const AppPacket *app) {
    auto *in = reinterpret_cast<RenameWire *>(app->pBuffer);
    std::string sql = std::string("UPDATE players SET name = '") + in->new_name + "' WHERE name = '" + in->old_name + "'";
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql high {{parameter 'app' of 'Session::handleRename', which nothing in the scanned code calls}}
  }
  void handleMail(const AppPacket &packet) {
    std::string to = packet.readString();
    std::string sql = "INSERT INTO mail (recipient) VALUES ('" + to + "')";
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql high {{parameter 'packet' of 'Session::handleMail'}}
  }
  void handleWho(AppPacket &packet) {
    std::string who(reinterpret_cast<const char *>(packet.pBuffer), packet.size);
    std::string sql = "SELECT level FROM players WHERE name = '" + who + "'";
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql high {{parameter 'packet' of 'Session::handleWho'}}
  }
};

// A packet taken off a connection by the program's own loop is what a peer sent, too.
struct Stream {
  AppPacket *PopPacket();
};
void drain(sqlite3 *db, Stream &s) {
  while (AppPacket *app = s.PopPacket()) {
    auto *in = reinterpret_cast<RenameWire *>(app->pBuffer);
    std::string sql = std::string("DELETE FROM players WHERE name = '") + in->old_name + "'";
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql high {{input from 'Stream::PopPacket'}}
  }
}

// The loop's usual spelling: the pointer starts null and takes each packet in the loop's
// test; the text is copied out of the buffer past a header byte first.
void drainMail(sqlite3 *db, Stream &s) {
  AppPacket *app = nullptr;
  while ((app = s.PopPacket())) {
    char *cursor = reinterpret_cast<char *>(app->pBuffer) + 1;
    char mailbox[64];
    std::strcpy(mailbox, cursor);
    std::string sql = std::string("SELECT id FROM accounts WHERE name = '") + mailbox + "'";
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql high {{input from 'Stream::PopPacket'}}
  }
}

// A wire struct that may also be the program's own defaults is not known to be a peer's.
RenameWire defaultRename();
void renameOrDefault(sqlite3 *db, Stream &s, bool fresh) {
  RenameWire fallback = defaultRename();
  RenameWire *in = fresh ? reinterpret_cast<RenameWire *>(s.PopPacket()->pBuffer) : &fallback;
  std::string sql = std::string("DELETE FROM players WHERE name = '") + in->old_name + "'";
  sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql low {{member 'old_name', which riskgate cannot trace to a source}}
}

// A packet the program builds to send is its own value: what it holds is unknown (low), as a
// member's is.
struct PacketBuilder {
  std::string table;
};
void flushLog(sqlite3 *db, PacketBuilder &out) {
  std::string sql = "DELETE FROM " + out.table;
  sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql low {{member 'table'}}
}
