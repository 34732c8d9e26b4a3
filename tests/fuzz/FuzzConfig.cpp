// libFuzzer target: .riskgate.yaml and rule packs, the two YAML loaders. The first byte
// picks which one reads the rest.
#include "config/Config.h"
#include "packs/RulePack.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size == 0)
    return 0;
  std::string Text(reinterpret_cast<const char *>(Data) + 1, Size - 1);
  riskgate::PackError Error;
  if (Data[0] & 1) {
    (void)riskgate::parseRulePack("fuzz.yaml", Text, Error);
  } else if (auto C = riskgate::parseConfig("/fuzz/.riskgate.yaml", Text, Error)) {
    (void)C->rules.size();
  }
  if (!Error.message.empty())
    (void)Error.str();
  return 0;
}
