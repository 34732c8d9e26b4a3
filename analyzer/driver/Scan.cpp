#include "driver/Scan.h"

#include "facts/ExtractRunner.h"
#include "frontend/CompileDb.h"
#include "index/FactIndex.h"
#include "packs/RulePack.h"
#include "program/ProgramModel.h"
#include "rules/Rule.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <chrono>
#include <thread>

namespace riskgate {

namespace {
double since(std::chrono::steady_clock::time_point T) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - T).count();
}
} // namespace

ScanOutcome runScan(const ScanOptions &Options) {
  auto Start = std::chrono::steady_clock::now();
  ScanOutcome O;
  O.report.failOn = Options.failOn;
  O.report.rootDir = Options.rootDir;

  PackSet Packs;
  PackError PE;
  if (!loadPacks(Options.packsDir, Packs, PE)) {
    O.fatal = PE.str();
    return O;
  }
  std::string ResourceError;
  std::string ResourceDir = resolveResourceDir(Options.resourceDir, ResourceError);
  if (!ResourceError.empty()) {
    O.fatal = ResourceError;
    return O;
  }
  CompileInputs Inputs;
  if (!loadCompileInputs(Options.buildDir, Options.files,
                         Options.fixedArgs ? &*Options.fixedArgs : nullptr, Inputs, O.fatal))
    return O;

  std::unique_ptr<FactIndex> Index;
  if (!Options.noCache && (!Options.cacheDir.empty() || !Options.fixedArgs)) {
    std::string Dir = Options.cacheDir;
    if (Dir.empty()) {
      llvm::SmallString<256> D(Inputs.dbPath);
      llvm::sys::path::remove_filename(D);
      Dir = (D + "/.riskgate-cache").str();
    }
    std::string Warning, Error;
    Index = FactIndex::open(Dir + "/facts.db", Warning, Error);
    if (!Warning.empty())
      O.warnings.push_back(Warning);
    if (!Index) {
      O.fatal = Error;
      return O;
    }
  }

  ExtractOptions EO;
  EO.jobs = Options.jobs ? Options.jobs : std::max(1u, std::thread::hardware_concurrency());
  EO.resourceDir = ResourceDir;
  EO.index = Index.get();
  EO.progress = Options.progress;
  ExtractResult Facts = runExtraction(Inputs, Packs, EO);
  if (Index && Options.files.empty() && !Options.fixedArgs)
    Index->prune(Inputs.files);

  auto ModelStart = std::chrono::steady_clock::now();
  ProgramModel Model(Facts.units);
  double ModelSeconds = since(ModelStart);

  auto RulesStart = std::chrono::steady_clock::now();
  AnalysisContext Ctx{Model, Packs};
  for (const auto &R : createRules())
    R->run(Ctx, O.report.findings);
  finalizeFindings(O.report.findings);
  double RulesSeconds = since(RulesStart);

  for (const TuFacts &U : Facts.units)
    O.report.errors.insert(O.report.errors.end(), U.errors.begin(), U.errors.end());
  O.report.droppedFlags = Facts.droppedFlags;

  RunStatistics &S = O.report.stats;
  S.units = Inputs.files.size();
  S.parsed = Facts.stats.parsed;
  S.reused = Facts.stats.reused;
  S.failed = Facts.stats.failed;
  S.functions = Model.stats().functions;
  S.callEdges = Model.stats().callEdges;
  S.unresolvedCalls = Model.stats().unresolvedCalls;
  S.virtualCalls = Model.stats().virtualCalls;
  S.extractSeconds = Facts.stats.seconds;
  S.modelSeconds = ModelSeconds;
  S.rulesSeconds = RulesSeconds;
  S.totalSeconds = since(Start);
  return O;
}

int exitCodeFor(const ScanOutcome &O) {
  if (!O.fatal.empty() || !O.report.errors.empty())
    return 2;
  return tripsGate(O.report) ? 1 : 0;
}

} // namespace riskgate
