// libFuzzer target: SQL normalization, the dialect rewrite and write/transaction
// classification, applied to every string the
// analyzed code passes as SQL.
#include "rules/LoopContext.h"
#include "sql/Schema.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string Sql(reinterpret_cast<const char *>(Data), Size);
  std::string N = riskgate::normalizeSql(Sql);
  (void)riskgate::toSqliteDialect(Sql);
  (void)riskgate::toSqliteDialect(N);
  (void)riskgate::isWriteSql(Sql);
  (void)riskgate::isTxnBeginSql(Sql);
  (void)riskgate::isTxnEndSql(Sql);
  return 0;
}
