// A prepared sqlite statement in use, for the fact index's translation units.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace riskgate::index {

/// A prepared statement in use: resets on scope exit so it can be reused.
class Use {
public:
  explicit Use(sqlite3_stmt *S) : S(S) {}
  ~Use() {
    if (S) {
      sqlite3_reset(S);
      sqlite3_clear_bindings(S);
    }
  }
  explicit operator bool() const { return S != nullptr; }
  Use &text(int I, const std::string &V) {
    sqlite3_bind_text(S, I, V.data(), static_cast<int>(V.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Use &integer(int I, int64_t V) {
    sqlite3_bind_int64(S, I, V);
    return *this;
  }
  Use &null(int I) {
    sqlite3_bind_null(S, I);
    return *this;
  }
  int step() { return sqlite3_step(S); }
  std::string col(int I) {
    auto *T = reinterpret_cast<const char *>(sqlite3_column_text(S, I));
    return T ? std::string(T, sqlite3_column_bytes(S, I)) : std::string();
  }
  int64_t num(int I) { return sqlite3_column_int64(S, I); }
  bool isNull(int I) { return sqlite3_column_type(S, I) == SQLITE_NULL; }

private:
  sqlite3_stmt *S;
};

} // namespace riskgate::index
