// libFuzzer target: the unified-diff parser (git's and plain `diff -u`), and the line sets
// computed from what it accepts. scripts/fuzz.sh unified-diff SECONDS.
#include "change/UnifiedDiff.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string Text(reinterpret_cast<const char *>(Data), Size);
  std::vector<riskgate::FileDiff> Files;
  riskgate::DiffError Error;
  if (riskgate::parseUnifiedDiff(Text, Files, Error))
    for (const riskgate::FileDiff &F : Files) {
      (void)F.addedLines();
      (void)F.removedLines();
      (void)F.deletionPoints();
    }
  return 0;
}
