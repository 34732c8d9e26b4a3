#include "driver/Scan.h"

#include "driver/Distributed.h"

#include "facts/ExtractRunner.h"
#include "rules/Rule.h"
#include "sql/Schema.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <map>
#include <thread>

namespace riskgate {

namespace {
double since(std::chrono::steady_clock::time_point T) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - T).count();
}
} // namespace

PrivateDir::~PrivateDir() {
  if (Path.empty())
    return;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Path, EC), End; It != End && !EC; It.increment(EC))
    llvm::sys::fs::remove(It->path());
  llvm::sys::fs::remove(Path);
}

bool PrivateDir::create(std::string &Error) {
  llvm::SmallString<256> Dir;
  if (auto EC = llvm::sys::fs::createUniqueDirectory(
          "riskgate-untrusted-" + std::to_string(llvm::sys::Process::getProcessId()), Dir)) {
    Error = "cannot create a private folder for the fact index: " + EC.message();
    return false;
  }
  llvm::sys::fs::setPermissions(Dir, llvm::sys::fs::owner_all);
  Path = Dir.str().str();
  return true;
}

/// Removes the private folders (untrusted mode's index, isolated units) that runs killed by
/// a signal left in the temporary folder: each is named after its process.
void removeStaleRunFolders() {
  llvm::SmallString<128> Tmp;
  llvm::sys::path::system_temp_directory(true, Tmp);
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Tmp, EC), End; It != End && !EC; It.increment(EC)) {
    llvm::StringRef Name = llvm::sys::path::filename(It->path());
    if (!Name.consume_front("riskgate-unit-") && !Name.consume_front("riskgate-untrusted-"))
      continue;
    long long Pid = 0;
    if (Name.take_while(llvm::isDigit).getAsInteger(10, Pid) || Pid <= 0 || Pid > INT32_MAX ||
        ::kill(static_cast<pid_t>(Pid), 0) == 0 || errno != ESRCH)
      continue;
    std::error_code Inner;
    for (llvm::sys::fs::directory_iterator F(It->path(), Inner), FEnd; F != FEnd && !Inner;
         F.increment(Inner))
      llvm::sys::fs::remove(F->path());
    llvm::sys::fs::remove(It->path());
  }
}

bool preparePipeline(const ScanOptions &Options, Pipeline &P, std::string &Fatal) {
  removeStaleRunFolders();
  PackError PE;
  if (!loadPacks(Options.packsDirs, !Options.noBuiltinPacks, P.packs, PE)) {
    Fatal = PE.str();
    return false;
  }
  std::string ResourceError;
  P.resourceDir = resolveResourceDir(Options.resourceDir, ResourceError);
  if (!ResourceError.empty()) {
    Fatal = ResourceError;
    return false;
  }
  std::string FactsPacks;
  if (!Options.factsInputs.empty()) {
    std::vector<UnitFactsFile> Loaded;
    if (!loadFactsFiles(Options.factsInputs, Options.rootDir, Loaded, P.warnings, Fatal))
      return false;
    P.preloaded.emplace();
    P.inputs.dbPath = "<facts files>";
    std::string FirstStale;
    for (UnitFactsFile &U : Loaded) {
      if (!U.staleInput.empty() && P.staleUnits.insert(U.facts.mainFile).second &&
          FirstStale.empty())
        FirstStale = displayPath(U.staleInput, Options.rootDir) + " changed since " +
                     displayPath(U.facts.mainFile, Options.rootDir) + " was extracted";
      FactsPacks = U.packsHash;
      if (!Options.factsWithDatabase)
        P.inputs.files.push_back(U.facts.mainFile);
      P.preloadedDropped.insert(U.droppedFlags.begin(), U.droppedFlags.end());
      P.preloadedUnknown.insert(U.unknownFlags.begin(), U.unknownFlags.end());
      P.preloaded->push_back(std::move(U.facts));
    }
    if (!P.staleUnits.empty())
      P.warnings.push_back(
          "the facts of " + plural(P.staleUnits.size(), "unit") + " do not match the files here (" +
          FirstStale + (P.staleUnits.size() > 1 ? ", and more" : "") + "): " +
          (Options.factsWithDatabase
               ? "they are parsed again"
               : "their findings may point at lines that moved; extract them again"));
  }
  if ((!P.preloaded || Options.factsWithDatabase) &&
      !loadCompileInputs(Options.buildDir, Options.files,
                         Options.fixedArgs ? &*Options.fixedArgs : nullptr, P.inputs, Fatal))
    return false;
  P.warnings.insert(P.warnings.end(), P.inputs.borrowed.begin(), P.inputs.borrowed.end());
  if (!Options.excludes.empty()) {
    P.excludes = Options.excludes;
    P.rootDir = Options.rootDir;
    std::vector<std::string> Kept;
    for (const std::string &F : P.inputs.files)
      if (!P.excluded(F))
        Kept.push_back(F);
    if (Kept.size() < P.inputs.files.size())
      P.warnings.push_back(std::to_string(P.inputs.files.size() - Kept.size()) + " of " +
                           std::to_string(P.inputs.files.size()) +
                           " units match --exclude and are not analyzed" +
                           (Kept.empty() ? " (nothing is left to analyze)" : ""));
    P.inputs.files = std::move(Kept);
  }
  PackError CE;
  bool ConfigOk =
      Options.configFile.empty()
          ? P.configs.discover(P.inputs.files, CE,
                               Options.configOverlay ? &*Options.configOverlay : nullptr,
                               Options.rootDir)
          : P.configs.useFile(Options.configFile, CE);
  if (!ConfigOk) {
    Fatal = CE.str();
    return false;
  }
  for (const auto &C : P.configs.configs())
    for (const PackError &Name : C->packNames) {
      const auto &Packs = P.packs.packs();
      if (std::none_of(Packs.begin(), Packs.end(),
                       [&](const RulePack &R) { return R.name == Name.message; })) {
        PackError E = Name;
        E.message = "unknown pack '" + Name.message + "' (see 'riskgate rules')";
        Fatal = E.str();
        return false;
      }
    }
  P.packs.disable(P.configs.disabledPacks());
  if (auto Project = P.configs.projectPack())
    P.packs.add(std::move(*Project));
  if (P.preloaded && FactsPacks != P.packs.contentHash()) {
    // The facts say which calls are data access: rules over facts matched against other
    // packs would quietly disagree with a scan.
    Fatal = "the facts files were extracted with other rule packs or project APIs (.riskgate.yaml "
            "apis:, --packs-dir) than this run has; extract them again with the same ones";
    return false;
  }
  // Schema files: --schema, then the configurations' schema: entries. A folder is a
  // migration directory: its .sql files in name order.
  std::vector<std::string> Schema = Options.schemaFiles;
  for (const auto &C : P.configs.configs())
    for (const std::string &G : C->schema)
      Schema.push_back(llvm::sys::path::is_absolute(G) ? G : C->dir + "/" + G);
  for (const std::string &Entry : Schema) {
    // A stranger's configuration must not make riskgate read (and quote, in warnings) a file
    // of the machine it runs on.
    if (Options.untrusted && !insideDirectory(Entry, Options.rootDir)) {
      Fatal = Entry + ": schema path outside the checkout (" + Options.rootDir +
              "), refused in untrusted mode";
      return false;
    }
    std::string Dir = Entry, Pattern = "*.sql";
    if (Entry.find('*') != std::string::npos) {
      Dir = llvm::sys::path::parent_path(Entry).str();
      Pattern = llvm::sys::path::filename(Entry).str();
    } else if (!llvm::sys::fs::is_directory(Entry)) {
      if (!llvm::sys::fs::exists(Entry)) {
        Fatal = Entry + ": no such schema file";
        return false;
      }
      P.schemaFiles.push_back(Entry);
      continue;
    }
    std::vector<std::string> Found;
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC))
      if (globMatch(Pattern, llvm::sys::path::filename(It->path()).str()))
        Found.push_back(It->path());
    if (EC) {
      Fatal = Dir + ": cannot read the schema folder: " + EC.message();
      return false;
    }
    std::sort(Found.begin(), Found.end());
    P.schemaFiles.insert(P.schemaFiles.end(), Found.begin(), Found.end());
  }
  if (Options.untrusted)
    for (const std::string &F : P.schemaFiles)
      if (!insideDirectory(F, Options.rootDir)) { // a symlink in a migrations folder
        Fatal = F + ": schema file resolves outside the checkout, refused in untrusted mode";
        return false;
      }
  if (!Options.noCache && (!Options.cacheDir.empty() || !Options.fixedArgs) &&
      (!P.preloaded || Options.factsWithDatabase)) {
    std::string Dir = Options.cacheDir;
    // Untrusted mode never uses an index the checkout could hold or have shipped: a private
    // one for this run (base and head still share it), unless --cache names one outside.
    if (Options.untrusted && (Dir.empty() || insideDirectory(Dir, Options.rootDir))) {
      if (!Dir.empty())
        P.warnings.push_back(Dir + ": a fact index inside the checkout is not used in untrusted "
                                   "mode; using a private one for this run");
      std::string Error;
      bool Made = P.privateCache.create(Error);
      if (!Made)
        P.warnings.push_back(Error + "; running without the fact index");
      Dir = Made ? P.privateCache.path() : "";
    }
    if (Dir.empty() && !Options.untrusted) {
      llvm::SmallString<256> D(P.inputs.dbPath);
      llvm::sys::path::remove_filename(D);
      Dir = (D + "/.riskgate-cache").str();
    }
    if (!Dir.empty()) {
      std::string Warning;
      P.index = FactIndex::open(Dir + "/facts.db", Warning, Fatal);
      if (!Warning.empty())
        P.warnings.push_back(Warning);
      if (!Fatal.empty())
        return false;
    }
  }
  P.jobs = Options.jobs ? Options.jobs : std::max(1u, std::thread::hardware_concurrency());
  // A stranger's unit may be built to exhaust the parser: bounded by default when untrusted.
  P.unitSeconds = Options.unitSeconds.value_or(Options.untrusted ? 300 : 0);
  P.unitMegabytes = Options.unitMegabytes.value_or(Options.untrusted ? 4096 : 0);
  P.policy.untrusted = Options.untrusted;
  P.policy.extraArgsBefore = Options.extraArgsBefore;
  P.policy.extraArgs = Options.extraArgs;
  P.policy.removeArgs = Options.removeArgs;
  P.rules = Options.rules;
  P.policy.root = Options.rootDir;
  P.progress = Options.progress;
  return true;
}

bool Pipeline::excluded(const std::string &Path) const {
  if (excludes.empty())
    return false;
  std::string Rel = displayPath(Path, rootDir);
  return std::any_of(excludes.begin(), excludes.end(),
                     [&](const std::string &G) { return globMatch(G, Rel) || globMatch(G, Path); });
}

ExtractOptions extractOptions(const Pipeline &P, const Overlay *Over) {
  ExtractOptions EO;
  EO.jobs = P.jobs;
  EO.resourceDir = P.resourceDir;
  EO.index = P.index.get();
  EO.progress = P.progress;
  EO.overlay = Over;
  EO.policy = P.policy;
  EO.unitSeconds = P.unitSeconds;
  EO.unitMegabytes = P.unitMegabytes;
  EO.indexOnly = P.indexOnly.empty() ? nullptr : &P.indexOnly;
  return EO;
}

namespace {
/// Files' facts for one revision, taking the units already extracted (Ready: a diff's slice)
/// as they are and extracting the rest.
ExtractResult extractAround(Pipeline &P, const std::vector<std::string> &Files,
                            const ExtractOptions &EO, ExtractResult &Ready) {
  ExtractResult Facts;
  // Units already extracted for this revision (a diff's slice) are taken as they are.
  std::map<std::string, TuFacts *> Have;
  for (TuFacts &U : Ready.units)
    Have[U.mainFile] = &U;
  std::vector<std::string> ToParse;
  for (const std::string &F : Files)
    if (!Have.count(F))
      ToParse.push_back(F);
  ExtractResult Parsed;
  if (!ToParse.empty())
    Parsed = runExtraction(P.inputs, ToParse, P.packs, EO);
  for (size_t I = 0, J = 0; I < Files.size(); ++I) {
    auto It = Have.find(Files[I]);
    if (It != Have.end())
      Facts.units.push_back(std::move(*It->second));
    else if (J < Parsed.units.size())
      Facts.units.push_back(std::move(Parsed.units[J++]));
  }
  for (const TuFacts &U : Facts.units)
    Facts.stats.failed += !U.errors.empty();
  Facts.stats.parsed = Parsed.stats.parsed + Ready.stats.parsed;
  Facts.stats.reused = Parsed.stats.reused + Ready.stats.reused;
  Facts.stats.seconds = Parsed.stats.seconds + Ready.stats.seconds;
  Facts.stats.addShared(Parsed.stats);
  Facts.stats.addShared(Ready.stats);
  Facts.droppedFlags = std::move(Parsed.droppedFlags);
  Facts.droppedFlags.insert(Ready.droppedFlags.begin(), Ready.droppedFlags.end());
  Facts.unknownFlags = std::move(Parsed.unknownFlags);
  Facts.unknownFlags.insert(Ready.unknownFlags.begin(), Ready.unknownFlags.end());
  return Facts;
}
} // namespace

std::unique_ptr<RevisionAnalysis> analyzeRevision(Pipeline &P,
                                                  const std::vector<std::string> &Files,
                                                  const Overlay *Over, ExtractResult *Ready) {
  auto R = std::make_unique<RevisionAnalysis>();
  ExtractOptions EO = extractOptions(P, Over);
  ExtractResult Facts;
  if (Ready && !P.preloaded) {
    Facts = extractAround(P, Files, EO, *Ready);
  } else if (P.preloaded) {
    // A unit's facts hold for this revision unless the overlay changes one of its inputs;
    // those units, and units the facts lack, are parsed (when a database says how).
    std::map<std::string, TuFacts *> Known;
    for (TuFacts &U : *P.preloaded)
      Known[U.mainFile] = &U;
    auto Touched = [&](const TuFacts &U) {
      if (P.staleUnits.count(U.mainFile))
        return true;
      if (!Over)
        return false;
      if (Over->count(U.mainFile))
        return true;
      return std::any_of(U.includedFiles.begin(), U.includedFiles.end(),
                         [&](const std::string &H) { return Over->count(H) != 0; });
    };
    std::vector<std::string> ToParse;
    std::vector<std::optional<TuFacts>> Slots(Files.size());
    for (size_t I = 0; I < Files.size(); ++I) {
      auto It = Known.find(Files[I]);
      // Without a database (analyze) nothing can be parsed: the facts are all there is.
      if (It != Known.end() && (!Touched(*It->second) || !P.inputs.db)) {
        // analyze runs one revision: its facts move into it (no second copy of the program);
        // diff's two revisions share them.
        if (P.inputs.db)
          Slots[I] = *It->second;
        else
          Slots[I] = std::move(*It->second);
        ++Facts.stats.reused;
      } else if (P.inputs.db) {
        ToParse.push_back(Files[I]);
      }
    }
    ExtractResult Parsed;
    if (!ToParse.empty())
      Parsed = runExtraction(P.inputs, ToParse, P.packs, EO);
    for (size_t I = 0, J = 0; I < Files.size(); ++I) {
      if (!Slots[I]) {
        if (J >= Parsed.units.size() || ToParse[J] != Files[I])
          continue;
        Slots[I] = std::move(Parsed.units[J++]);
      }
      Facts.units.push_back(std::move(*Slots[I]));
    }
    for (const TuFacts &U : Facts.units)
      Facts.stats.failed += !U.errors.empty();
    Facts.stats.parsed = Parsed.stats.parsed;
    Facts.stats.reused += Parsed.stats.reused;
    Facts.stats.seconds = Parsed.stats.seconds;
    Facts.stats.addShared(Parsed.stats);
    Facts.droppedFlags = P.preloadedDropped;
    Facts.droppedFlags.insert(Parsed.droppedFlags.begin(), Parsed.droppedFlags.end());
    Facts.unknownFlags = P.preloadedUnknown;
    Facts.unknownFlags.insert(Parsed.unknownFlags.begin(), Parsed.unknownFlags.end());
  } else {
    Facts = runExtraction(P.inputs, Files, P.packs, EO);
  }
  R->units = std::move(Facts.units);
  // Index-only units the index did not hold are not part of this run's program.
  R->units.erase(std::remove_if(R->units.begin(), R->units.end(),
                                [](const TuFacts &U) { return U.mainFile.empty(); }),
                 R->units.end());
  R->extract = Facts.stats;
  R->droppedFlags = std::move(Facts.droppedFlags);
  R->unknownFlags = std::move(Facts.unknownFlags);

  auto ModelStart = std::chrono::steady_clock::now();
  R->model = std::make_unique<ProgramModel>(R->units);
  R->modelSeconds = since(ModelStart);

  auto RulesStart = std::chrono::steady_clock::now();
  std::unique_ptr<SqlSchema> Schema;
  if (!P.schemaFiles.empty()) {
    Schema = std::make_unique<SqlSchema>();
    for (const std::string &File : P.schemaFiles)
      if (auto Text = readRevisionFile(File, Over))
        Schema->applyFile(File, *Text, R->warnings);
  }
  AnalysisContext Ctx{*R->model,    P.packs,        P.configs.hotGlobs(),
                      Schema.get(), &R->sqlSkipped, nullptr};
  for (const auto &Rule : createRules())
    if (P.rules.empty() ||
        std::find(P.rules.begin(), P.rules.end(), Rule->info().id) != P.rules.end())
      Rule->run(Ctx, R->findings);
  P.configs.apply(R->findings);
  if (!P.excludes.empty())
    R->findings.erase(std::remove_if(R->findings.begin(), R->findings.end(),
                                     [&](const Finding &F) { return P.excluded(F.loc.file); }),
                      R->findings.end());
  finalizeFindings(R->findings);
  R->rulesSeconds = since(RulesStart);
  return R;
}

std::optional<std::string> readRevisionFile(const std::string &Path, const Overlay *Over) {
  if (Over) {
    auto It = Over->find(Path);
    if (It != Over->end())
      return It->second;
  }
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return std::nullopt;
  return (*Buf)->getBuffer().str();
}

namespace {

std::string lineOf(const std::string &Text, unsigned Line) {
  size_t Start = 0;
  for (unsigned N = 1; N < Line; ++N) {
    Start = Text.find('\n', Start);
    if (Start == std::string::npos)
      return {};
    ++Start;
  }
  size_t End = Text.find('\n', Start);
  return Text.substr(Start, End == std::string::npos ? std::string::npos : End - Start);
}

/// One suppression comment found on a line: its rule list and reason. A hand-written scanner
/// (never std::regex: its backtracking recursion overflows the stack on long lines).
struct SuppressionComment {
  bool found = false;
  bool hasReason = false;
  std::string list, reason;
};

/// The first `Marker(list)` on Line, with the optional `: reason` after it.
SuppressionComment findMarker(llvm::StringRef Line, llvm::StringRef Marker, bool *NextLine) {
  SuppressionComment C;
  size_t From = 0;
  while ((From = Line.find(Marker, From)) != llvm::StringRef::npos) {
    llvm::StringRef Rest = Line.substr(From + Marker.size());
    From += Marker.size();
    bool Next = NextLine && Rest.consume_front("NEXTLINE");
    if (!Rest.consume_front("("))
      continue;
    size_t Close = Rest.find(')');
    if (Close == llvm::StringRef::npos)
      continue;
    C.found = true;
    if (NextLine)
      *NextLine = Next;
    C.list = Rest.substr(0, Close).str();
    Rest = Rest.substr(Close + 1).ltrim(" \t\r\f\v");
    if (Rest.consume_front(":")) {
      C.hasReason = true;
      C.reason = Rest.ltrim(" \t\r\f\v").str();
    }
    return C;
  }
  return C;
}

} // namespace

bool suppresses(const std::string &Line, const std::string &Rule, bool SameLine,
                std::string &Reason, std::string &Form) {
  auto Lists = [&Rule](llvm::StringRef List, bool Prefixed) {
    std::string Want = Prefixed ? "riskgate-" + Rule : Rule;
    llvm::SmallVector<llvm::StringRef, 4> Items;
    List.split(Items, ',');
    for (llvm::StringRef Item : Items) {
      Item = Item.trim(" \t");
      if (Item == Want || (Prefixed && Item == "riskgate-*") || (!Prefixed && Item == "*"))
        return true;
    }
    return false;
  };
  SuppressionComment C = findMarker(Line, "riskgate-ignore", nullptr);
  if (C.found && Lists(C.list, false)) {
    Reason = C.reason;
    Form = "riskgate-ignore(" + C.list + ")";
    return true;
  }
  bool Next = false;
  C = findMarker(Line, "NOLINT", &Next);
  if (C.found && Next != SameLine && Lists(C.list, true)) {
    Reason = C.reason;
    Form = std::string(Next ? "NOLINTNEXTLINE(" : "NOLINT(") + C.list + ")";
    return true;
  }
  return false;
}

/// Inside a `NOLINTBEGIN(riskgate-rule)` ... `NOLINTEND(riskgate-rule)` region (clang-tidy's
/// form) that covers Line: the region's opening reason and form.
bool inNolintRegion(const std::string &Text, unsigned Line, const std::string &Rule,
                    std::string &Reason, std::string &Form) {
  std::string Want = "riskgate-" + Rule;
  auto Names = [&Want](const std::string &List) {
    llvm::SmallVector<llvm::StringRef, 4> Items;
    llvm::StringRef(List).split(Items, ',');
    for (llvm::StringRef Item : Items)
      if (Item.trim(" \t") == Want || Item.trim(" \t") == "riskgate-*")
        return true;
    return false;
  };
  bool Open = false;
  llvm::StringRef All(Text);
  unsigned N = 1;
  for (size_t Start = 0; Start < All.size() && N < Line; ++N) {
    size_t End = All.find('\n', Start);
    llvm::StringRef L = All.slice(Start, End == llvm::StringRef::npos ? All.size() : End);
    Start = End == llvm::StringRef::npos ? All.size() : End + 1;
    if (L.find("NOLINT") == llvm::StringRef::npos)
      continue;
    SuppressionComment B = findMarker(L, "NOLINTBEGIN", nullptr);
    if (B.found && Names(B.list)) {
      Open = true;
      Reason = B.reason;
      Form = "NOLINTBEGIN(" + B.list + ")";
    }
    SuppressionComment E = findMarker(L, "NOLINTEND", nullptr);
    if (E.found && Names(E.list))
      Open = false;
  }
  return Open;
}

void applySuppressions(std::vector<Finding> &Findings, std::vector<Finding> &Suppressed,
                       std::vector<std::string> &Warnings, const Overlay *Over,
                       const std::string &RootDir,
                       std::set<std::pair<std::string, unsigned>> *Used) {
  std::map<std::string, std::optional<std::string>> Texts;
  std::set<std::string> Warned;
  std::vector<Finding> Kept;
  for (Finding &F : Findings) {
    // A suppression stands at the finding's line, or at the statement its trace ends at
    // (the query a chain of calls reaches): there it covers every path to that statement.
    std::vector<SourceLoc> Places{F.loc};
    if (!F.trace.empty()) {
      const TraceStep &End = F.trace.back();
      bool Statement = End.message.rfind("which runs ", 0) == 0 ||
                       End.message.rfind("where it goes into ", 0) == 0;
      if (Statement && !(End.loc.file == F.loc.file && End.loc.line == F.loc.line))
        Places.push_back(End.loc);
    }
    // ... or at the loop its "loop here" note points to: it covers that loop's finding.
    for (const TraceStep &T : F.trace)
      if (T.message.rfind("loop here", 0) == 0 &&
          !(T.loc.file == F.loc.file && T.loc.line == F.loc.line))
        Places.push_back(T.loc);
    bool Silenced = false;
    for (const SourceLoc &At : Places) {
      if (Silenced)
        break;
      auto It = Texts.find(At.file);
      if (It == Texts.end())
        It = Texts.emplace(At.file, readRevisionFile(At.file, Over)).first;
      if (!It->second)
        continue;
      for (unsigned Delta : {0u, 1u}) {
        if (At.line <= Delta)
          continue;
        unsigned L = At.line - Delta;
        std::string Reason, Form;
        // riskgate-ignore may stand on the line or the line above; NOLINT on the line,
        // NOLINTNEXTLINE on the line above.
        if (!suppresses(lineOf(*It->second, L), F.rule, Delta == 0, Reason, Form))
          continue;
        Silenced = true;
        if (Used)
          Used->insert({resolvedPath(At.file), L});
        Reason.erase(Reason.find_last_not_of(" \t\r") + 1);
        F.justification = Reason;
        std::string Where = displayPath(At.file, RootDir) + ":" + std::to_string(L);
        if (Reason.empty() && Warned.insert(Where).second)
          Warnings.push_back(Where + ": " + Form +
                             " gives no reason; say why after a colon: " + Form + ": <reason>");
        break;
      }
      std::string Reason, Form;
      if (!Silenced && At.line == F.loc.line && At.file == F.loc.file &&
          inNolintRegion(*It->second, At.line, F.rule, Reason, Form)) {
        Silenced = true;
        F.justification = Reason;
        if (Reason.empty() && Warned.insert(Form + At.file).second)
          Warnings.push_back(displayPath(At.file, RootDir) + ": " + Form +
                             " gives no reason; say why after a colon: " + Form + ": <reason>");
      }
    }
    (Silenced ? Suppressed : Kept).push_back(std::move(F));
  }
  Findings = std::move(Kept);
}

namespace {
/// Is the quote at I a digit separator (1'000, 0xFF'FF) rather than a character literal
/// (u8'a', L'x', 'a')? It stands inside a number: the token it continues starts with a digit.
bool isDigitSeparator(const std::string &Text, size_t I) {
  if (I == 0 || I + 1 >= Text.size() || !std::isalnum(static_cast<unsigned char>(Text[I + 1])))
    return false;
  size_t Start = I;
  while (Start > 0 && (std::isalnum(static_cast<unsigned char>(Text[Start - 1])) ||
                       Text[Start - 1] == '_' || Text[Start - 1] == '\'' || Text[Start - 1] == '.'))
    --Start;
  return Start < I && std::isdigit(static_cast<unsigned char>(Text[Start]));
}
} // namespace

std::vector<std::pair<unsigned, std::string>> commentLines(const std::string &Text) {
  std::vector<std::pair<unsigned, std::string>> Out;
  unsigned Line = 1;
  size_t I = 0, N = Text.size();
  auto Emit = [&](size_t From, size_t To) { // one comment's text, split at newlines
    std::string Piece;
    for (size_t K = From; K < To; ++K) {
      if (Text[K] == '\n') {
        Out.emplace_back(Line, Piece);
        Piece.clear();
        ++Line;
      } else {
        Piece += Text[K];
      }
    }
    Out.emplace_back(Line, Piece);
  };
  auto IsIdent = [](char C) { return std::isalnum(static_cast<unsigned char>(C)) || C == '_'; };
  while (I < N) {
    char C = Text[I];
    if (C == '\n') {
      ++Line;
      ++I;
    } else if (C == '/' && I + 1 < N && Text[I + 1] == '/') {
      size_t End = Text.find('\n', I);
      // A backslash at the end of the line continues the comment on the next one.
      while (End != std::string::npos && End > I && Text[End - 1] == '\\')
        End = Text.find('\n', End + 1);
      End = End == std::string::npos ? N : End;
      Emit(I + 2, End);
      I = End;
    } else if (C == '/' && I + 1 < N && Text[I + 1] == '*') {
      size_t End = Text.find("*/", I + 2);
      End = End == std::string::npos ? N : End;
      Emit(I + 2, End);
      I = std::min(N, End + 2);
    } else if (C == '"' && I > 0 && Text[I - 1] == 'R' &&
               (I < 2 || !IsIdent(Text[I - 2]) || Text[I - 2] == '8' || Text[I - 2] == 'u' ||
                Text[I - 2] == 'U' || Text[I - 2] == 'L')) {
      size_t Open = Text.find('(', I + 1);
      if (Open == std::string::npos || Open - I > 17) { // not a raw string after all
        ++I;
        continue;
      }
      std::string Close = ")" + Text.substr(I + 1, Open - I - 1) + "\"";
      size_t End = Text.find(Close, Open + 1);
      End = End == std::string::npos ? N : End + Close.size();
      Line += static_cast<unsigned>(std::count(Text.begin() + I, Text.begin() + End, '\n'));
      I = End;
    } else if (C == '"' || (C == '\'' && !isDigitSeparator(Text, I))) {
      // A string or character literal (a digit separator, 1'000, is neither).
      size_t K = I + 1;
      while (K < N && Text[K] != C && Text[K] != '\n') {
        if (Text[K] == '\\' && K + 1 < N) {
          if (Text[K + 1] == '\n')
            ++Line;
          ++K;
        }
        ++K;
      }
      I = K < N && Text[K] == C ? K + 1 : K;
    } else {
      ++I;
    }
  }
  return Out;
}

std::vector<UnusedSuppression> unusedSuppressions(
    const std::vector<std::string> &Files, const std::set<std::pair<std::string, unsigned>> &Used,
    const std::vector<std::string> &RulesRun, const ConfigSet *Configs, const Overlay *Over) {
  std::vector<UnusedSuppression> Out;
  for (const std::string &File : Files) {
    // C and C++ only: a README quoting a suppression is not a suppression.
    llvm::StringRef Ext = llvm::sys::path::extension(File);
    static const char *const Sources[] = {".c",   ".cc",  ".cpp", ".cxx", ".c++", ".C",
                                          ".h",   ".hh",  ".hpp", ".hxx", ".h++", ".H",
                                          ".ipp", ".inl", ".tcc", ".inc"};
    if (std::none_of(std::begin(Sources), std::end(Sources),
                     [&](const char *S) { return Ext == S; }))
      continue;
    const ProjectConfig *Config = Configs ? Configs->forFile(File) : nullptr;
    auto Ran = [&](llvm::StringRef Name) {
      if (Name == "*")
        return true;
      if (Config)
        if (auto It = Config->rules.find(Name.str());
            It != Config->rules.end() && !It->second.enabled)
          return false; // switched off for this file
      if (RulesRun.empty())
        return std::any_of(ruleInfos().begin(), ruleInfos().end(),
                           [&](const RuleInfo &R) { return R.id == Name; });
      return std::find(RulesRun.begin(), RulesRun.end(), Name.str()) != RulesRun.end();
    };
    std::string Real = resolvedPath(File);
    std::optional<std::string> Text = readRevisionFile(File, Over);
    if (!Text)
      continue;
    for (const auto &[Line, Comment] : commentLines(*Text)) {
      // The markers as applySuppressions reads them (findMarker), in comments only.
      bool Next = false;
      for (bool Prefixed : {false, true}) {
        SuppressionComment C = Prefixed ? findMarker(Comment, "NOLINT", &Next)
                                        : findMarker(Comment, "riskgate-ignore", nullptr);
        if (!C.found)
          continue;
        bool Ours = false;
        llvm::SmallVector<llvm::StringRef, 4> Items;
        llvm::StringRef(C.list).split(Items, ',');
        for (llvm::StringRef Item : Items) {
          Item = Item.trim(" \t");
          if (Prefixed && !Item.consume_front("riskgate-"))
            continue; // another tool's NOLINT
          Ours = Ours || Ran(Item);
        }
        if (!Ours || Used.count({Real, Line}))
          continue;
        std::string Form =
            (Prefixed ? (Next ? "NOLINTNEXTLINE(" : "NOLINT(") : std::string("riskgate-ignore(")) +
            C.list + ")";
        size_t Column = lineOf(*Text, Line).find(Form);
        Out.push_back(
            {{File, Line, static_cast<unsigned>(Column == std::string::npos ? 1 : Column + 1)},
             Form});
      }
    }
  }
  return Out;
}

ScanOutcome runScan(const ScanOptions &Options) {
  auto Start = std::chrono::steady_clock::now();
  ScanOutcome O;
  O.report.failOn = Options.failOn;
  O.report.rootDir = Options.rootDir;
  Pipeline P;
  if (!preparePipeline(Options, P, O.fatal)) {
    O.warnings = P.warnings;
    return O;
  }
  O.warnings = P.warnings;
  Baseline B;
  if (!Options.baselineFile.empty() && !readBaseline(Options.baselineFile, B, O.fatal))
    return O;
  // A scan of some files analyzes them against the whole program the index holds: the other
  // units' facts are read from it (never parsed), and only the named files' findings are
  // reported.
  std::vector<std::string> Files = P.inputs.files;
  std::set<std::string> Named(Files.begin(), Files.end()), NamedReal;
  for (const std::string &F : Files)
    NamedReal.insert(resolvedPath(F));
  bool Partial = !Options.files.empty() && !Options.fixedArgs;
  if (Partial && P.index)
    for (const std::string &F : P.inputs.db->getAllFiles())
      if (!NamedReal.count(resolvedPath(F)) && !P.excluded(F) && P.indexOnly.insert(F).second)
        Files.push_back(F);
  auto R = analyzeRevision(P, Files, nullptr);
  if (P.index && Options.files.empty() && !Options.fixedArgs)
    P.index->prune(P.inputs.files);
  // Suppressions first, over every finding of the program: a comment at the statement a
  // trace ends at (in a file not named) is used all the same.
  O.report.findings = std::move(R->findings);
  std::set<std::pair<std::string, unsigned>> Used;
  applySuppressions(O.report.findings, O.report.suppressed, O.warnings, nullptr, Options.rootDir,
                    &Used);
  O.report.unusedSuppressions =
      unusedSuppressions(P.inputs.files, Used, P.rules, &P.configs, nullptr);
  if (Partial) {
    // The named files and every file holding functions of the named units (their headers).
    std::set<std::string> Own = Named;
    for (const TuFacts &U : R->units)
      if (Named.count(U.mainFile))
        for (const FunctionFact &F : U.functions)
          Own.insert(F.loc.file);
    auto Foreign = [&](const Finding &F) { return !Own.count(F.loc.file); };
    for (std::vector<Finding> *List : {&O.report.findings, &O.report.suppressed})
      List->erase(std::remove_if(List->begin(), List->end(), Foreign), List->end());
  }
  if (!Options.baselineFile.empty())
    applyBaseline(O.report.findings, O.report.findings, B, O.warnings);
  mergeSites(O.report.findings);
  for (const TuFacts &U : R->units)
    O.report.errors.insert(O.report.errors.end(), U.errors.begin(), U.errors.end());
  O.report.droppedFlags = R->droppedFlags;
  O.warnings.insert(O.warnings.end(), R->warnings.begin(), R->warnings.end());

  RunStatistics &S = O.report.stats;
  S.sqlSkipped = R->sqlSkipped;
  S.unknownFlags.assign(R->unknownFlags.begin(), R->unknownFlags.end());
  S.units = P.inputs.files.size();
  S.partial = Partial;
  S.programWide = !Partial || P.index != nullptr;
  S.outsideIndex = R->extract.notInIndex;
  if (Partial && !P.index)
    O.warnings.push_back("no fact index (--no-cache): only the files named are analyzed, so "
                         "findings that cross into other units may be missing");
  else if (S.outsideIndex)
    O.warnings.push_back(plural(S.outsideIndex, "other unit") +
                         (S.outsideIndex == 1 ? " is" : " are") +
                         " not in the fact index: findings that cross into them may be missing "
                         "(a scan without FILE fills the index)");
  S.fromFacts = P.preloaded.has_value();
  S.parsed = R->extract.parsed;
  S.reused = R->extract.reused;
  S.sharedPrefixes = R->extract.sharedPrefixes;
  S.sharedUnits = R->extract.sharedUnits;
  S.unsharedUnits = R->extract.unsharedUnits;
  S.failed = R->extract.failed;
  S.functions = R->model->stats().functions;
  S.callEdges = R->model->stats().callEdges;
  S.unresolvedCalls = R->model->stats().unresolvedCalls;
  S.virtualCalls = R->model->stats().virtualCalls;
  S.extractSeconds = R->extract.seconds;
  S.modelSeconds = R->modelSeconds;
  S.rulesSeconds = R->rulesSeconds;
  S.totalSeconds = since(Start);
  return O;
}

bool readBaseline(const std::string &Path, Baseline &Out, std::string &Error, const Overlay *Over) {
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, true);
  std::optional<std::string> Text = readRevisionFile(Abs.str().str(), Over);
  if (!Text) {
    std::error_code EC = llvm::MemoryBuffer::getFile(Path).getError();
    Error = Path + ": cannot read the baseline: " +
            (EC ? EC.message() : std::string("not in the base revision"));
    return false;
  }
  return parseBaseline(Path, *Text, Out, Error);
}

bool parseBaseline(const std::string &Path, const std::string &Text, Baseline &Out,
                   std::string &Error) {
  if (unsigned Depth = jsonNesting(Text); Depth > MaxJsonNesting) {
    Error = Path + ": malformed baseline: nested " + std::to_string(Depth) + " levels deep";
    return false;
  }
  auto V = llvm::json::parse(Text);
  if (!V) {
    Error = Path + ": malformed baseline: " + llvm::toString(V.takeError());
    return false;
  }
  const auto *Root = V->getAsObject();
  const llvm::json::Array *List = Root ? Root->getArray("findings") : nullptr;
  if (!List || Root->getInteger("version") != 1) {
    Error = Path + ": malformed baseline: expected {\"version\": 1, \"findings\": [...]} as "
                   "written by 'riskgate baseline write'";
    return false;
  }
  Out.path = Path;
  size_t Index = 0;
  for (const llvm::json::Value &E : *List) {
    const auto *O = E.getAsObject();
    auto FP = O ? O->getString("fingerprint") : std::nullopt;
    if (!FP) {
      Error =
          Path + ": malformed baseline: entry " + std::to_string(Index) + " has no \"fingerprint\"";
      return false;
    }
    Baseline::Entry Entry;
    Entry.fingerprint = FP->str();
    Entry.rule = O->getString("rule").value_or("").str();
    Entry.function = O->getString("function").value_or("").str();
    Entry.file = O->getString("file").value_or("").str();
    Entry.line = static_cast<unsigned>(O->getInteger("line").value_or(0));
    Out.entries.push_back(std::move(Entry));
    ++Index;
  }
  return true;
}

bool writeBaseline(const std::string &Path, const std::vector<Finding> &Findings,
                   const std::string &RootDir, std::string &Error) {
  llvm::json::Array List;
  for (const Finding &F : Findings)
    List.push_back(llvm::json::Object{{"fingerprint", F.fingerprint},
                                      {"rule", F.rule},
                                      {"function", F.function},
                                      {"file", displayPath(F.loc.file, RootDir)},
                                      {"line", static_cast<int64_t>(F.loc.line)}});
  llvm::json::Object Root{{"tool", "riskgate"}, {"version", 1}, {"findings", std::move(List)}};
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
  if (EC) {
    Error = Path + ": cannot write the baseline: " + EC.message();
    return false;
  }
  OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(Root))) << "\n";
  return true;
}

void applyBaseline(std::vector<Finding> &Findings, const std::vector<Finding> &All,
                   const Baseline &B, std::vector<std::string> &Warnings) {
  std::set<std::string> Recorded;
  for (const Baseline::Entry &E : B.entries)
    Recorded.insert(E.fingerprint);
  size_t Hidden = 0;
  for (Finding &F : Findings)
    if (F.status != "fixed" && Recorded.count(F.fingerprint)) {
      Hidden += F.status != "preexisting";
      F.status = "preexisting";
    }
  if (Hidden)
    Warnings.push_back(B.path + ": " + std::to_string(Hidden) +
                       (Hidden == 1 ? " finding is" : " findings are") +
                       " recorded in the baseline: shown as preexisting, they do not gate");
  std::set<std::string> Present;
  for (const Finding &F : All)
    if (F.status != "fixed")
      Present.insert(F.fingerprint);
  std::vector<std::string> Stale;
  for (const Baseline::Entry &E : B.entries)
    if (!Present.count(E.fingerprint))
      Stale.push_back(E.rule + " in " + E.function + " (" + E.file + ":" + std::to_string(E.line) +
                      ")");
  if (!Stale.empty()) {
    std::string W = B.path + ": " + std::to_string(Stale.size()) +
                    " baseline entries are no longer found, trim them with 'riskgate baseline "
                    "write':";
    for (const std::string &S : Stale)
      W += " " + S + ";";
    W.pop_back();
    Warnings.push_back(W);
  }
}

int exitCodeFor(const ScanOutcome &O) {
  if (!O.fatal.empty() || !O.report.errors.empty())
    return 2;
  return tripsGate(O.report) ? 1 : 0;
}

} // namespace riskgate
