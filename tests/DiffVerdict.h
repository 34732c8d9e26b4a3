// What a sliced and a whole-program `riskgate diff` must agree on.
#pragma once

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace riskgate::test {

/// A diff's JSON report without what a sliced diff counts in its slice alone (preexisting
/// counts, suppressed, not seen, the slice itself): the verdict a sliced and a
/// whole-program diff must share.
inline std::string diffVerdict(const std::string &Json) {
  auto V = llvm::json::parse(Json);
  if (!V) {
    llvm::consumeError(V.takeError());
    return "unparsable: " + Json;
  }
  if (auto *Change = V->getAsObject()->getObject("change")) {
    Change->erase("preexisting");
    Change->erase("preexistingNotShown");
    Change->erase("slice");
  }
  V->getAsObject()->erase("notSeen");
  V->getAsObject()->erase("suppressed");
  std::string S;
  llvm::raw_string_ostream OS(S);
  OS << llvm::formatv("{0:2}", *V);
  return S;
}

} // namespace riskgate::test
