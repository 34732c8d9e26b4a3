// libFuzzer target: facts files, as a CI artifact hands them to `riskgate analyze`. A file
// that decodes must re-encode to a file that decodes to the same bytes again, and the whole
// program pipeline (model, every rule) must take whatever the decoder accepts.
#include "index/FactsFile.h"
#include "packs/RulePack.h"
#include "program/ProgramModel.h"
#include "rules/Rule.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  static const riskgate::PackSet Packs = [] {
    riskgate::PackSet P;
    riskgate::PackError E;
    if (!riskgate::loadPacks({}, true, P, E))
      std::abort();
    return P;
  }();
  const std::string Root = "/fuzz/root";
  std::string Text(reinterpret_cast<const char *>(Data), Size), Error;
  riskgate::UnitFactsFile U;
  if (!riskgate::decodeFactsFile("input.facts", Text, Root, U, Error))
    return 0;
  std::string Again = riskgate::encodeFactsFile(U, Root);
  riskgate::UnitFactsFile V;
  if (!riskgate::decodeFactsFile("again.facts", Again, Root, V, Error) ||
      riskgate::encodeFactsFile(V, Root) != Again)
    std::abort(); // what the encoder writes, the decoder reads back unchanged
  std::vector<riskgate::TuFacts> Units{U.facts};
  riskgate::ProgramModel Model(Units);
  size_t Skipped = 0;
  riskgate::AnalysisContext Ctx{Model, Packs, {}, nullptr, &Skipped, nullptr};
  std::vector<riskgate::Finding> Findings;
  for (const auto &Rule : riskgate::createRules())
    Rule->run(Ctx, Findings);
  return 0;
}
