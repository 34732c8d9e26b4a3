// riskgate-test-rules: loop-invariant-query, n-plus-one
// What a call costs each time it runs leaves out what runs once per program and what runs
// only on the way out by an exception:
//  - a lazily made singleton (`static T *p = nullptr; if (!p) p = new T;`, a static local
//    built from a query) queries on the first call only;
//  - a statement wrapper that runs DEALLOCATE before throwing runs it on the error path, not
//    on every bind.
// Field shape: a bind chain in a loop whose callee frees its statement before throwing; a
// model's self() in a loop whose constructor loads the schema.
#include <libpq-fe.h>

#include <stdexcept>
#include <string>
#include <vector>

struct Statement {
  PGconn *conn = nullptr;
  std::string name;
  int bound = 0;
  int params = 0;

  void release() {
    if (!name.empty()) {
      std::string cmd = "DEALLOCATE " + name;
      PQclear(PQexec(conn, cmd.c_str())); // expect-note: {{which runs PQexec here}}
      name.clear();
    }
  }
  // The DEALLOCATE runs only before the throw.
  Statement *bind(const std::string &value) {
    if (bound >= params) {
      release();
      throw std::runtime_error("too many parameters for " + value);
    }
    ++bound;
    return this;
  }
  // Caught here: the release runs and bind returns normally, on every call that overflows.
  Statement *bindLenient(const std::string &value) {
    try {
      if (bound >= params) {
        release(); // expect-note: {{calls Statement::release}}
        throw std::runtime_error("too many parameters for " + value);
      }
    } catch (const std::exception &) {
      bound = 0;
    }
    ++bound;
    return this;
  }
  // Freed before returning: runs on every call that takes this path.
  Statement *bindOrReset(const std::string &value) {
    if (bound >= params) {
      release(); // expect-note: {{calls Statement::release}}
      return this;
    }
    bound += value.empty() ? 0 : 1;
    return this;
  }
  // A handler that throws again: the release runs on the way out.
  Statement *bindRethrow(const std::string &value) {
    try {
      if (value.empty())
        throw std::invalid_argument("empty");
    } catch (...) {
      release();
      throw;
    }
    ++bound;
    return this;
  }
};

struct Schema {
  explicit Schema(PGconn *c) {
    PQclear(PQexec(c, "SELECT name FROM tables WHERE kind = 'user'")); // expect-note: {{which runs PQexec here}}
  }
  static Schema *self(PGconn *c);
  static Schema &shared(PGconn *c);
  static Schema *rebuilt(PGconn *c, bool reset);
  bool has(const std::string &name) const { return !name.empty(); }
};

// Made on the first call only.
Schema *Schema::self(PGconn *c) {
  static Schema *instance = nullptr;
  if (!instance)
    instance = new Schema(c);
  return instance;
}

// Built by the static's initializer, once.
Schema &Schema::shared(PGconn *c) {
  static Schema instance(c);
  return instance;
}

// Re-armed by a reset: made again on every call that asks for it.
Schema *Schema::rebuilt(PGconn *c, bool reset) {
  static Schema *instance = nullptr;
  if (reset)
    instance = nullptr;
  if (instance == nullptr)
    instance = new Schema(c); // expect-note: {{calls Schema::Schema}}
  return instance;
}

// ---- negatives -------------------------------------------------------------------------

void bindAll_ok(Statement &s, const std::vector<std::string> &values) {
  for (const std::string &v : values)
    s.bind("fixed")->bind(v);
}

void bindAllRethrow_ok(Statement &s, const std::vector<std::string> &values) {
  for (const std::string &v : values)
    s.bindRethrow("fixed")->bind(v);
}

// The loop's own handler throws again: still out of the loop.
void bindAllWrapped_ok(Statement &s, const std::vector<std::string> &values) {
  for (const std::string &v : values) {
    try {
      s.bind("fixed")->bind(v);
    } catch (const std::exception &e) {
      throw std::runtime_error(std::string("bind failed: ") + e.what());
    }
  }
}

int known_ok(PGconn *c, const std::vector<std::string> &names) {
  int n = 0;
  for (const std::string &name : names)
    n += Schema::self(c)->has(name) ? 1 : 0;
  for (const std::string &name : names)
    n += Schema::shared(c).has(name) ? 1 : 0;
  return n;
}

// ---- positives -------------------------------------------------------------------------

void bindAllLenient_bad(Statement &s, const std::vector<std::string> &values) {
  for (const std::string &v : values) // expect-note: {{loop here}}
    s.bindLenient("fixed")->bind(v); // expect: n-plus-one high {{call to 'Statement::bindLenient' runs a query}}
    // expect-note@-1: {{calls Statement::bindLenient}}
}

void bindAllReset_bad(Statement &s, const std::vector<std::string> &values) {
  for (const std::string &v : values) // expect-note: {{loop here}}
    s.bindOrReset("fixed")->bind(v); // expect: n-plus-one high {{call to 'Statement::bindOrReset' runs a query}}
    // expect-note@-1: {{calls Statement::bindOrReset}}
}

int rebuilt_bad(PGconn *c, const std::vector<std::string> &names) {
  int n = 0;
  for (const std::string &name : names) // expect-note: {{loop here}}
    n += Schema::rebuilt(c, true)->has(name) ? 1 : 0; // expect: loop-invariant-query medium {{call to 'Schema::rebuilt'}}
    // expect@-1: n-plus-one high {{call to 'Schema::rebuilt' runs a query}}
    // expect-note@-2: {{calls Schema::rebuilt}}
  return n;
}
