// libFuzzer target: suppression comments and baselines, the two parsers of what a team
// writes to silence findings. The first byte picks which one reads the rest.
#include "driver/Scan.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size == 0)
    return 0;
  std::string Text(reinterpret_cast<const char *>(Data) + 1, Size - 1);
  if (Data[0] & 1) {
    riskgate::Baseline B;
    std::string Error;
    (void)riskgate::parseBaseline("fuzz.json", Text, B, Error);
    return 0;
  }
  std::string Reason, Form;
  for (const char *Rule : {"n-plus-one", "dynamic-sql"})
    for (bool SameLine : {true, false})
      (void)riskgate::suppresses(Text, Rule, SameLine, Reason, Form);
  return 0;
}
