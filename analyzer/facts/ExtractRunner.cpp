#include "facts/ExtractRunner.h"

#include "core/Diagnostics.h"

#include "facts/FactExtractor.h"
#include "facts/SharedPrefix.h"
#include "frontend/ConfinedFileSystem.h"
#include "index/FactIndex.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/Stack.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/thread.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include <chrono>
#include <deque>
#include <fcntl.h>
#include <map>
#include <mutex>
#include <optional>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace riskgate {
namespace {

/// Keeps the first few errors of a translation unit, as "file:line:col: message".
class ErrorCollector : public clang::DiagnosticConsumer {
public:
  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < clang::DiagnosticsEngine::Error)
      return;
    ++Count;
    if (Messages.size() >= 3)
      return;
    llvm::SmallString<256> Text;
    Info.FormatDiagnostic(Text);
    std::string Where;
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      const clang::SourceManager &SM = Info.getSourceManager();
      clang::PresumedLoc P = SM.getPresumedLoc(SM.getFileLoc(Info.getLocation()));
      if (P.isValid()) {
        // As Clang named it (relative to the command's directory): made absolute, so that
        // reports can make it relative to where riskgate runs.
        llvm::SmallString<256> Path(P.getFilename());
        SM.getFileManager().makeAbsolutePath(Path);
        llvm::sys::path::remove_dots(Path, true);
        Where = Path.str().str() + ":" + std::to_string(P.getLine()) + ":" +
                std::to_string(P.getColumn()) + ": ";
      }
    }
    Messages.push_back(Where + Text.str().str());
  }
  unsigned Count = 0;
  std::vector<std::string> Messages;
};

class FactsConsumer : public clang::ASTConsumer {
public:
  FactsConsumer(const PackSet &Packs, TuFacts &Out, std::vector<std::string> SystemDirs,
                bool SkipLibraryBodies)
      : Packs(Packs), Out(Out), SystemDirs(std::move(SystemDirs)),
        SkipLibraryBodies(SkipLibraryBodies) {}

  void Initialize(clang::ASTContext &Ctx) override { SM = &Ctx.getSourceManager(); }

  /// riskgate reads the bodies of the project's functions, never those of a library's
  /// (Qt, the standard library, libpqxx's templates): their declarations are all it needs.
  /// Clang asks before parsing each body (with FrontendOptions::SkipFunctionBodies on) and
  /// never skips a constexpr function or one with a deduced return type, which constant
  /// evaluation and type deduction need.
  bool shouldSkipFunctionBody(clang::Decl *D) override {
    if (!SkipLibraryBodies || !SM || !D)
      return false;
    clang::FileID F = SM->getFileID(SM->getExpansionLoc(D->getLocation()));
    auto It = LibraryFile.find(F);
    if (It != LibraryFile.end())
      return It->second;
    bool Library = false;
    if (auto Entry = SM->getFileEntryRefForID(F)) {
      llvm::SmallString<256> Path(Entry->getName());
      SM->getFileManager().makeAbsolutePath(Path);
      llvm::sys::path::remove_dots(Path, true);
      llvm::StringRef P(Path);
      for (const std::string &Dir : SystemDirs)
        if (P.size() > Dir.size() && P.starts_with(Dir) && P[Dir.size()] == '/')
          Library = true;
    }
    LibraryFile[F] = Library;
    return Library;
  }

  void HandleTranslationUnit(clang::ASTContext &Ctx) override {
    // The test suite's way to crash inside Clang's run, as a Clang bug would: the unit is
    // isolated and reported, the run goes on (tests/SecurityTest.cpp).
    if (const char *Crash = std::getenv("RISKGATE_TEST_CRASH_IN_UNIT"))
      if (*Crash && llvm::StringRef(Out.mainFile).ends_with(Crash))
        ::raise(SIGSEGV);
    // And a unit that never ends, as a pathological input would (the time limit's test).
    // And one that eats memory until an allocation fails (the memory limit's test).
    if (const char *Hog = std::getenv("RISKGATE_TEST_HOG_IN_UNIT"))
      if (*Hog && llvm::StringRef(Out.mainFile).ends_with(Hog))
        for (std::vector<char *> Held;;) {
          char *P = static_cast<char *>(std::malloc(64 << 20));
          if (!P || Held.size() >= 256) // 16 GiB: never past the machine, limit or not
            std::abort();               // as LLVM does when an allocation fails
          std::memset(P, 1, 64 << 20);
          Held.push_back(P);
        }
    if (const char *Hang = std::getenv("RISKGATE_TEST_HANG_IN_UNIT"))
      if (*Hang && llvm::StringRef(Out.mainFile).ends_with(Hang))
        for (;;)
          ::pause();
    extractFacts(Ctx, Packs, Out, &SystemDirs);
  }

private:
  const PackSet &Packs;
  TuFacts &Out;
  std::vector<std::string> SystemDirs;
  bool SkipLibraryBodies;
  const clang::SourceManager *SM = nullptr;
  llvm::DenseMap<clang::FileID, bool> LibraryFile;
};

/// RISKGATE_PARSE_LIBRARY_BODIES=1 parses every body, as Clang does by default: the suite's
/// way to prove that skipping library bodies changes no fact.
bool skipLibraryBodies() {
  const char *Env = std::getenv("RISKGATE_PARSE_LIBRARY_BODIES");
  return !(Env && *Env && std::string(Env) != "0");
}

/// The folders whose headers are a library's: the system include folders of the command
/// (-isystem, the compiler's own) and the resource directory. In untrusted mode none inside
/// the checkout: there a stranger's build could declare its own code a "system" library.
std::vector<std::string> systemFolders(clang::CompilerInstance &CI, const SanitizePolicy &Policy) {
  std::vector<std::string> Out;
  auto Add = [&](llvm::StringRef Dir) {
    llvm::SmallString<256> P(Dir);
    CI.getFileManager().makeAbsolutePath(P);
    llvm::sys::path::remove_dots(P, true);
    std::string S = P.str().str();
    while (S.size() > 1 && S.back() == '/')
      S.pop_back();
    if (S.empty() || (Policy.untrusted && insideDirectory(S, Policy.root)))
      return;
    Out.push_back(S);
  };
  const clang::HeaderSearch &HS = CI.getPreprocessor().getHeaderSearchInfo();
  for (auto It = HS.system_dir_begin(), End = HS.system_dir_end(); It != End; ++It)
    if (It->isNormalDir())
      Add(It->getName());
  Add(CI.getHeaderSearchOpts().ResourceDir + "/include");
  return Out;
}

/// A unit's parse over a shared library prefix: the PCH it loads, and what the check of its
/// preprocessing found.
struct PrefixUse {
  const SharedPrefix *prefix = nullptr;
  PrefixCheck check;
};

class FactsAction : public clang::ASTFrontendAction {
public:
  FactsAction(const PackSet &Packs, TuFacts &Out, const SanitizePolicy &Policy, PrefixUse *Use)
      : Packs(Packs), Out(Out), Policy(Policy), Use(Use) {}
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &CI,
                                                        llvm::StringRef) override {
    bool Skip = skipLibraryBodies();
    CI.getFrontendOpts().SkipFunctionBodies = Skip; // read when parsing starts, after this
    std::vector<std::string> Dirs = systemFolders(CI, Policy);
    if (Use && Use->prefix) // before the PCH is read, which comes after the consumer
      CI.getPreprocessor().addPPCallbacks(prefixChecker(CI, Use->prefix->found, Dirs, Use->check));
    return std::make_unique<FactsConsumer>(Packs, Out, std::move(Dirs), Skip);
  }

private:
  const PackSet &Packs;
  TuFacts &Out;
  const SanitizePolicy &Policy;
  PrefixUse *Use;
};

class FactsActionFactory : public clang::tooling::FrontendActionFactory {
public:
  FactsActionFactory(const PackSet &Packs, TuFacts &Out, const SanitizePolicy &Policy,
                     PrefixUse *Use)
      : Packs(Packs), Out(Out), Policy(Policy), Use(Use) {}
  std::unique_ptr<clang::FrontendAction> create() override {
    return std::make_unique<FactsAction>(Packs, Out, Policy, Use);
  }

private:
  const PackSet &Packs;
  TuFacts &Out;
  const SanitizePolicy &Policy;
  PrefixUse *Use;
};

/// One compile command for one file: a database may list a file many times (built for
/// several targets, or a generator's duplicates); riskgate analyzes it once, as its first
/// entry says, and ClangTool would otherwise run every entry.
class OneCommandDatabase : public clang::tooling::CompilationDatabase {
public:
  explicit OneCommandDatabase(clang::tooling::CompileCommand C) : Command(std::move(C)) {}
  std::vector<clang::tooling::CompileCommand> getCompileCommands(llvm::StringRef) const override {
    return {Command};
  }

private:
  clang::tooling::CompileCommand Command;
};

void parseOne(const CompileInputs &Inputs, const std::string &File, const PackSet &Packs,
              const std::string &ResourceDir, const Overlay *Files, SanitizePolicy Policy,
              TuFacts &Out, PrefixUse *Use = nullptr) {
  auto DbCommands = Inputs.db->getCompileCommands(File);
  if (!DbCommands.empty())
    Policy.directory = DbCommands.front().Directory;
  Out.mainFile = File;
  // ClangTool ends the process (report_fatal_error) when it cannot enter a command's
  // directory: a unit error instead.
  if (DbCommands.empty()) {
    Out.errors.push_back({File, "no compile command for this file; not analyzed"});
    return;
  }
  if (::access(DbCommands.front().Directory.c_str(), X_OK) != 0) {
    Out.errors.push_back({File, "cannot enter the compile command's directory '" +
                                    DbCommands.front().Directory + "': " + std::strerror(errno) +
                                    "; not analyzed"});
    return;
  }
  ErrorCollector Errors;
  bool Ok = false;
  llvm::CrashRecoveryContext CRC;
  bool Survived = CRC.RunSafely([&] {
    // A file system of its own per tool: the process-wide one would chdir() the whole
    // process into each command's directory, which parallel workers cannot share.
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS = llvm::vfs::createPhysicalFileSystem();
    if (Policy.untrusted) {
      std::vector<std::string> Allowed = systemReadableFolders(ResourceDir);
      Allowed.push_back(Policy.root);
      FS = confinedFileSystem(FS, std::move(Allowed));
    }
    OneCommandDatabase Db(DbCommands.front());
    clang::tooling::ClangTool Tool(Db, {File}, std::make_shared<clang::PCHContainerOperations>(),
                                   FS);
    Tool.setPrintErrorMessage(false);
    if (Files)
      for (const auto &[Path, Content] : *Files)
        if (Content)
          Tool.mapVirtualFile(Path, *Content);
    Tool.setDiagnosticConsumer(&Errors);
    Tool.clearArgumentsAdjusters();
    Tool.appendArgumentsAdjuster(clang::tooling::getClangSyntaxOnlyAdjuster());
    Tool.appendArgumentsAdjuster(clang::tooling::getClangStripOutputAdjuster());
    Tool.appendArgumentsAdjuster(clang::tooling::getClangStripDependencyFileAdjuster());
    Tool.appendArgumentsAdjuster(
        [&ResourceDir, &Policy, Use](const clang::tooling::CommandLineArguments &Args,
                                     llvm::StringRef) {
          std::set<std::string> Ignored; // reported once per run by runExtraction
          SanitizePolicy Quiet = Policy;
          Quiet.unknown = nullptr;
          auto Out = sanitizeCommandLine(Args, ResourceDir, Ignored, Quiet);
          if (Use && Use->prefix && !Out.empty()) { // ours, after what the database said
            Out.push_back("-include-pch");
            Out.push_back(Use->prefix->pchPath);
          }
          return Out;
        });
    FactsActionFactory Factory(Packs, Out, Policy, Use);
    Ok = Tool.run(&Factory) == 0;
  });
  if (!Survived) {
    Out.functions.clear();
    Out.errors.push_back({File, "clang crashed while parsing this file; it was skipped"});
    return;
  }
  for (const std::string &M : Errors.Messages)
    Out.errors.push_back({File, M});
  if (Errors.Count > Errors.Messages.size())
    Out.errors.push_back(
        {File, std::to_string(Errors.Count - Errors.Messages.size()) + " more errors"});
  if (!Ok && Errors.Count == 0)
    Out.errors.push_back({File, "the compiler command in the database could not be run"});
}

/// parseOne over a shared library prefix when Prefix is given. The unit's facts come from
/// that parse only if the unit really begins with the prefix (the check held) and it parsed
/// without an error; otherwise it is parsed again on its own, so that nothing a unit reports
/// depends on the sharing. Returns whether the shared parse was kept.
bool parseOver(const CompileInputs &Inputs, const std::string &File, const PackSet &Packs,
               const std::string &ResourceDir, const Overlay *Files, const SanitizePolicy &Policy,
               TuFacts &Out, const SharedPrefix *Prefix, std::string &Why) {
  if (Prefix) {
    PrefixUse Use;
    Use.prefix = Prefix;
    parseOne(Inputs, File, Packs, ResourceDir, Files, Policy, Out, &Use);
    if (Use.check.held && Out.errors.empty()) {
      // The project inputs the unit's own parse would have listed: the files the PCH read
      // in its place, never the PCH's header.
      std::string Dir = llvm::sys::path::parent_path(Prefix->pchPath).str() + "/";
      std::set<std::string> In(Prefix->userFiles.begin(), Prefix->userFiles.end());
      for (const std::string &F : Out.includedFiles)
        if (!llvm::StringRef(F).starts_with(Dir))
          In.insert(F);
      Out.includedFiles.assign(In.begin(), In.end());
      return true;
    }
    Why = Out.errors.empty() ? Use.check.why
                             : "the shared parse had errors: " + Out.errors.front().message;
    Out = TuFacts();
  }
  parseOne(Inputs, File, Packs, ResourceDir, Files, Policy, Out);
  return false;
}

/// RISKGATE_SHARE_PREFIXES: "0" parses every unit on its own; "always" shares a prefix even
/// with one unit (the suite's way to put every unit through a PCH). Default: a prefix is
/// built once a third unit of its group needs parsing. Building it costs about one unit's
/// parse and each unit over it saves most of one, so two units do not pay for it (a hook
/// whose change touches two units of a group builds nothing). Where at least that many of
/// its units certainly parse (no index, or nothing of them in it), it is built for the first.
unsigned prefixThreshold() {
  const char *Env = std::getenv("RISKGATE_SHARE_PREFIXES");
  std::string V(Env ? Env : "");
  if (V == "0" || V == "off")
    return 0;
  if (V == "always")
    return 1;
  return 3;
}

/// The shared prefixes of one run: which units each serves, built when first worth it.
class PrefixPlan {
public:
  struct Entry {
    SharedPrefix prefix;
    std::vector<std::string> command; // one of its units' (they differ only in the file)
    std::string directory;
    unsigned asked = 0;
    unsigned mustParse = 0; // its units that will certainly ask (see the constructor)
    enum { NotBuilt, Building, Ready, Failed } state = NotBuilt;
  };

  /// Groups the units by command (all but the file), scans each for the library headers it
  /// begins with, and picks per group up to four prefixes that save the most headers.
  /// MustParse: the units whose facts cannot come from the index (there is none, or it holds
  /// nothing of the unit). A prefix that at least Threshold of them begin with is built for
  /// the first unit that asks, as they all will; otherwise for the Threshold-th.
  PrefixPlan(const CompileInputs &Inputs, const std::vector<std::string> &Files,
             const std::vector<std::vector<std::string>> &Commands, const Overlay *Overlay,
             unsigned Threshold, const std::vector<bool> &MustParse)
      : Threshold(Threshold), OfUnit(Files.size(), -1) {
    if (!Threshold)
      return;
    std::map<std::string, std::vector<size_t>> Groups;
    std::vector<std::string> Dirs(Files.size());
    for (size_t I = 0; I < Files.size(); ++I) {
      if (Commands[I].empty())
        continue;
      auto Db = Inputs.db->getCompileCommands(Files[I]);
      if (Db.empty())
        continue;
      Dirs[I] = Db.front().Directory;
      std::string Key = Dirs[I] + "\n" + llvm::sys::path::extension(Files[I]).lower();
      std::string Self = absolutePath(Files[I], Dirs[I]);
      for (size_t A = 0; A < Commands[I].size(); ++A) {
        const std::string &Arg = Commands[I][A];
        if (Arg == "-o" || Arg == "-MF" || Arg == "-MT" || Arg == "-MQ") {
          ++A;
          continue;
        }
        if (absolutePath(Arg, Dirs[I]) == Self)
          continue;
        Key += "\n" + Arg;
      }
      Groups[Key].push_back(I);
    }
    for (auto &[Key, Units] : Groups) {
      if (Units.size() < Threshold) {
        if (std::getenv("RISKGATE_DEBUG_PREFIXES"))
          llvm::errs() << "riskgate: " << Files[Units.front()]
                       << ": no other unit has its command\n";
        continue;
      }
      HeaderPaths Paths;
      if (!headerPathsFor(Commands[Units.front()], Dirs[Units.front()], Paths)) {
        if (std::getenv("RISKGATE_DEBUG_PREFIXES"))
          llvm::errs() << "riskgate: " << Files[Units.front()]
                       << ": its command cannot share a prefix\n";
        continue;
      }
      std::vector<std::vector<PrefixHeader>> Seqs;
      bool Debug = std::getenv("RISKGATE_DEBUG_PREFIXES") != nullptr;
      for (size_t U : Units) {
        std::string Stop;
        Seqs.push_back(scanLibraryPrefix(Files[U], Paths, Overlay, &Stop));
        if (Debug)
          llvm::errs() << "riskgate: " << Files[U] << ": " << Seqs.back().size()
                       << " library headers before " << Stop << "\n";
      }
      choose(Units, Seqs, Commands, Dirs);
    }
    for (size_t I = 0; I < Files.size(); ++I)
      if (OfUnit[I] >= 0 && MustParse[I])
        ++Entries[OfUnit[I]].mustParse;
  }

  /// The prefix a unit about to be parsed uses: null when it has none, when the prefix is
  /// being built by another worker, or when it failed. Builds it when this unit makes it
  /// worth building.
  const SharedPrefix *take(size_t Unit) {
    int P = OfUnit[Unit];
    if (P < 0)
      return nullptr;
    Entry &E = Entries[P];
    {
      std::lock_guard<std::mutex> Lock(M);
      ++E.asked;
      if (E.state == Entry::Ready)
        return &E.prefix;
      if (E.state != Entry::NotBuilt || (E.asked < Threshold && E.mustParse < Threshold))
        return nullptr;
      E.state = Entry::Building;
    }
    std::string Error = "cannot make a temporary folder";
    std::string Stem = folder();
    if (!Stem.empty()) {
      Stem += "/prefix" + std::to_string(P);
      auto Creating = [this](const std::string &Path) {
        llvm::sys::RemoveFileOnSignal(Path);
        std::lock_guard<std::mutex> Lock(M);
        Created.push_back(Path);
      };
      // Clang crashing on a library header is a unit's problem, not the run's.
      llvm::CrashRecoveryContext CRC;
      if (!CRC.RunSafely(
              [&] { Error = buildPrefixPch(E.command, E.directory, Stem, E.prefix, Creating); }))
        Error = "clang crashed";
    }
    std::lock_guard<std::mutex> Lock(M);
    E.state = Error.empty() ? Entry::Ready : Entry::Failed;
    if (!Error.empty())
      Failures.push_back(Error);
    if (std::getenv("RISKGATE_DEBUG_PREFIXES"))
      llvm::errs() << "riskgate: prefix " << P << " (" << E.prefix.headers.size()
                   << " headers): " << (Error.empty() ? std::string("built") : Error) << "\n";
    return Error.empty() ? &E.prefix : nullptr;
  }

  unsigned built() const {
    unsigned N = 0;
    for (const Entry &E : Entries)
      N += E.state == Entry::Ready;
    return N;
  }

  ~PrefixPlan() {
    for (const std::string &F : Created) {
      llvm::sys::fs::remove(F);
      llvm::sys::DontRemoveFileOnSignal(F);
    }
    if (!Dir.empty())
      llvm::sys::fs::remove(Dir);
  }

private:
  unsigned Threshold;
  std::vector<int> OfUnit;
  std::deque<Entry> Entries; // stable addresses: workers hold them
  std::mutex M;
  std::string Dir;
  std::vector<std::string> Failures;
  std::vector<std::string> Created; // the PCHs and their headers, removed at the end

  static std::string absolutePath(const std::string &P, const std::string &Dir) {
    llvm::SmallString<256> S(P);
    if (!llvm::sys::path::is_absolute(S)) {
      llvm::SmallString<256> D(Dir);
      llvm::sys::path::append(D, S);
      S = D;
    }
    llvm::sys::path::remove_dots(S, true);
    return S.str().str();
  }

  std::string folder() {
    std::lock_guard<std::mutex> Lock(M);
    if (Dir.empty()) {
      llvm::SmallString<128> D;
      if (llvm::sys::fs::createUniqueDirectory("riskgate-prefix-" + std::to_string(::getpid()), D))
        return "";
      llvm::sys::fs::setPermissions(D, llvm::sys::fs::owner_all);
      Dir = D.str().str();
    }
    return Dir;
  }

  /// Greedy: the prefix that saves the most header parses (units that begin with it, less
  /// the one that pays for the PCH, times its headers), then again over the units left.
  void choose(const std::vector<size_t> &Units, const std::vector<std::vector<PrefixHeader>> &Seqs,
              const std::vector<std::vector<std::string>> &Commands,
              const std::vector<std::string> &Dirs) {
    std::vector<bool> Left(Units.size(), true);
    for (int Round = 0; Round < 4; ++Round) {
      std::map<std::vector<std::string>, unsigned> Count; // prefix (paths) -> units
      for (size_t U = 0; U < Units.size(); ++U) {
        if (!Left[U])
          continue;
        std::vector<std::string> P;
        for (const PrefixHeader &H : Seqs[U]) {
          P.push_back(H.path);
          ++Count[P];
        }
      }
      const std::vector<std::string> *Best = nullptr;
      size_t BestScore = 0;
      for (const auto &[P, N] : Count) {
        if (N < Threshold)
          continue;
        size_t Score = (N - (Threshold > 1 ? 1 : 0)) * P.size();
        if (Score > BestScore) {
          BestScore = Score;
          Best = &P;
        }
      }
      if (!Best)
        return;
      Entry &E = Entries.emplace_back();
      int Id = static_cast<int>(Entries.size() - 1);
      for (size_t U = 0; U < Units.size(); ++U) {
        if (!Left[U] || Seqs[U].size() < Best->size())
          continue;
        bool Starts = true;
        for (size_t H = 0; H < Best->size() && Starts; ++H)
          Starts = Seqs[U][H].path == (*Best)[H];
        if (!Starts)
          continue;
        if (E.prefix.headers.empty()) {
          E.prefix.headers.assign(Seqs[U].begin(), Seqs[U].begin() + Best->size());
          E.command = Commands[Units[U]];
          E.directory = Dirs[Units[U]];
        }
        OfUnit[Units[U]] = Id;
        Left[U] = false;
      }
    }
  }
};

/// Serializes forks against the parent's own sqlite work: a child must not be born while
/// another thread holds one of sqlite's locks (in isolated mode the parent runs no Clang).
std::mutex &forkMutex() {
  static std::mutex M;
  return M;
}

bool underAddressSanitizer() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return true;
#endif
#endif
  return false;
}

/// The isolated units' children while they run, for a run ended by a signal: their pids and
/// folders in fixed storage a signal handler may read. Killing the parent takes the
/// children with it (PR_SET_PDEATHSIG), but not at once: a child that was still writing
/// could create its fact file after LLVM's handler removed the registered ones. So the
/// handler kills and reaps them first, removes what they wrote, then hands the signal on.
struct LiveChild {
  std::atomic<pid_t> pid{0};
  char dir[512] = {};
};
LiveChild LiveChildren[64];
struct sigaction PreviousAction[NSIG];

/// Removes a unit's folder and what sqlite may have written in it: the fact file, its
/// journals, and the temporary file (with journal) the index makes while creating one.
void removeUnitFolder(const char *Dir, pid_t Child) {
  for (pid_t Who : {::getpid(), Child}) { // either may have been creating the file
    char Pid[24];
    size_t P = 0;
    for (unsigned long V = static_cast<unsigned long>(Who); V || !P; V /= 10)
      Pid[P++] = static_cast<char>('0' + V % 10);
    char Path[600];
    size_t N = ::strlen(Dir);
    for (const char *Base : {"/facts.db", "/facts.db.tmp."})
      for (const char *Suffix : {"", "-wal", "-shm", "-journal"}) {
        size_t B = ::strlen(Base), S = ::strlen(Suffix);
        if (N + B + P + S + 1 > sizeof Path)
          continue;
        size_t At = 0;
        ::memcpy(Path, Dir, N);
        At = N;
        ::memcpy(Path + At, Base, B);
        At += B;
        if (Base[B - 1] == '.') // the temporary file is named after the process
          for (size_t I = P; I-- > 0;)
            Path[At++] = Pid[I];
        ::memcpy(Path + At, Suffix, S + 1);
        ::unlink(Path);
      }
  }
  ::rmdir(Dir);
}

void onInterruptKillUnits(int Sig, siginfo_t *Info, void *Context) {
  for (LiveChild &C : LiveChildren)
    if (pid_t P = C.pid.load(); P > 0)
      ::kill(P, SIGKILL);
  for (LiveChild &C : LiveChildren)
    if (pid_t P = C.pid.load(); P > 0) {
      while (::waitpid(P, nullptr, 0) < 0 && errno == EINTR) {
      }
      removeUnitFolder(C.dir, P);
    }
  const struct sigaction &Prev = PreviousAction[Sig];
  if (Prev.sa_flags & SA_SIGINFO) {
    if (Prev.sa_sigaction)
      return Prev.sa_sigaction(Sig, Info, Context);
  } else if (Prev.sa_handler != SIG_DFL && Prev.sa_handler != SIG_IGN) {
    return Prev.sa_handler(Sig);
  }
  ::signal(Sig, SIG_DFL);
  ::raise(Sig);
}

/// Installs onInterruptKillUnits in front of whatever handles the interrupt signals (LLVM's
/// removal of registered files among them), once.
void chainInterruptHandler() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    for (int Sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
      struct sigaction A = {};
      A.sa_sigaction = onInterruptKillUnits;
      A.sa_flags = SA_SIGINFO;
      sigemptyset(&A.sa_mask);
      ::sigaction(Sig, &A, &PreviousAction[Sig]);
    }
  });
}

/// parseOne in a child process with a time limit (alarm) and an address-space limit. The
/// child hands its facts back through a private fact index file and its errors through a
/// pipe; a child that is killed or dies is reported as a unit that was not analyzed.
void parseIsolated(const CompileInputs &Inputs, const std::string &File,
                   const std::vector<std::string> &Command, const PackSet &Packs,
                   const ExtractOptions &Options, TuFacts &Out) {
  Out.mainFile = File;
  llvm::SmallString<128> Dir;
  int Fds[2];
  // Named after this process, so that a later run can remove what a killed one left.
  if (llvm::sys::fs::createUniqueDirectory("riskgate-unit-" + std::to_string(::getpid()), Dir) ||
      ::pipe2(Fds, O_CLOEXEC)) {
    Out.errors.push_back({File, "cannot isolate the unit (no temporary folder or pipe); not "
                                "analyzed"});
    return;
  }
  llvm::sys::fs::setPermissions(Dir, llvm::sys::fs::owner_all);
  std::string DbPath = (Dir + "/facts.db").str();
  pid_t Pid, Parent;
  LiveChild *Slot = nullptr;
  sigset_t MaskBefore;
  {
    // Every lock the child needs (sqlite's, LLVM's signal registry) is free while this is
    // held: the parent's threads take it around all of their own uses.
    std::lock_guard<std::mutex> Lock(forkMutex());
    for (const char *Suffix : {"", "-wal", "-shm", "-journal"})
      llvm::sys::RemoveFileOnSignal(DbPath + Suffix);
    chainInterruptHandler(); // after LLVM's, so that it runs first and hands on to it
    // No interrupt between the fork and the child's registration: the handler must see
    // every child it has to kill and clean up after.
    sigset_t Interrupts;
    sigemptyset(&Interrupts);
    for (int Sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT})
      sigaddset(&Interrupts, Sig);
    ::pthread_sigmask(SIG_BLOCK, &Interrupts, &MaskBefore);
    Parent = ::getpid();
    Pid = ::fork();
    if (Pid > 0)
      for (LiveChild &C : LiveChildren)
        if (C.pid.load() == 0 && Dir.size() < sizeof C.dir) {
          ::memcpy(C.dir, Dir.c_str(), Dir.size() + 1);
          C.pid.store(Pid);
          Slot = &C;
          break;
        }
    if (Pid != 0)
      ::pthread_sigmask(SIG_SETMASK, &MaskBefore, nullptr);
  }
  if (Pid == 0) {
    for (int Sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) // the parent's handler is not ours
      ::sigaction(Sig, &PreviousAction[Sig], nullptr);
    ::pthread_sigmask(SIG_SETMASK, &MaskBefore, nullptr);
    ::close(Fds[0]);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL); // a run ended by a signal takes its units with it
    if (::getppid() != Parent)          // ... unless it ended before the line above: then end now
      ::_exit(4);
    if (Options.unitMegabytes && !underAddressSanitizer()) {
      rlim_t Bytes = static_cast<rlim_t>(Options.unitMegabytes) << 20;
      struct rlimit R = {Bytes, Bytes};
      ::setrlimit(RLIMIT_AS, &R);
    }
    if (Options.unitSeconds)
      ::alarm(Options.unitSeconds);
    TuFacts U;
    parseOne(Inputs, File, Packs, Options.resourceDir, Options.overlay, Options.policy, U);
    makeTextValidUtf8(U);
    if (Options.unitMegabytes)
      for (ToolError &E : U.errors)
        if (llvm::StringRef(E.message).starts_with("clang crashed"))
          E.message = "the unit crashed or ran out of its " +
                      std::to_string(Options.unitMegabytes) + " MiB of memory; not analyzed";
    std::string Warning, Error;
    auto Index = FactIndex::open(DbPath, Warning, Error, false);
    if (Index)
      Index->store(File, Command, Packs.contentHash(), U, Options.overlay);
    std::string Report;
    for (const ToolError &E : U.errors)
      Report += printable(E.message) + "\n";
    for (size_t Done = 0; Done < Report.size();) {
      ssize_t N = ::write(Fds[1], Report.data() + Done, Report.size() - Done);
      if (N <= 0)
        break;
      Done += static_cast<size_t>(N);
    }
    ::_exit(Index ? 0 : 3);
  }
  ::close(Fds[1]);
  std::string Report;
  char Buf[4096];
  if (Pid > 0)
    for (ssize_t N; (N = ::read(Fds[0], Buf, sizeof Buf)) != 0;) {
      if (N < 0 && errno == EINTR)
        continue;
      if (N < 0)
        break;
      Report.append(Buf, static_cast<size_t>(N));
    }
  ::close(Fds[0]);
  int Status = 0;
  while (Pid > 0 && ::waitpid(Pid, &Status, 0) < 0 && errno == EINTR) {
  }
  if (Slot)
    Slot->pid.store(0); // reaped: nothing for a signal handler to kill
  auto Cleanup = [&] {
    for (const char *Suffix : {"", "-wal", "-shm", "-journal"}) {
      llvm::sys::fs::remove(DbPath + Suffix);
      llvm::sys::DontRemoveFileOnSignal(DbPath + Suffix);
    }
    llvm::sys::fs::remove(Dir);
  };
  std::string Why;
  if (Pid < 0)
    Why = std::string("cannot start a process for it: ") + std::strerror(errno);
  else if (WIFSIGNALED(Status) && WTERMSIG(Status) == SIGALRM)
    Why = "ran past the time limit of " + std::to_string(Options.unitSeconds) + " s";
  else if (WIFSIGNALED(Status))
    Why = "was killed by signal " + std::to_string(WTERMSIG(Status)) +
          (Options.unitMegabytes
               ? " (the memory limit is " + std::to_string(Options.unitMegabytes) + " MiB)"
               : std::string());
  else if (!WIFEXITED(Status) || WEXITSTATUS(Status) != 0)
    Why = "could not hand back its facts (exit " + std::to_string(WEXITSTATUS(Status)) + ")";
  std::unique_lock<std::mutex> Lock(forkMutex());
  if (!Why.empty()) {
    Cleanup();
    Out.errors.push_back({File, "the unit " + Why + "; not analyzed"});
    return;
  }
  std::string Warning, Error;
  // Only a fact file the child wrote is read: opening a missing one would create it.
  auto Index =
      llvm::sys::fs::exists(DbPath) ? FactIndex::open(DbPath, Warning, Error, false) : nullptr;
  bool Loaded = Index && Index->load(File, Command, Packs.contentHash(), Out, Options.overlay);
  Index.reset();
  Cleanup();
  Lock.unlock();
  Out.mainFile = File;
  llvm::StringRef Rest(Report);
  while (!Rest.empty()) {
    auto [Line, Tail] = Rest.split('\n');
    if (!Line.empty())
      Out.errors.push_back({File, Line.str()});
    Rest = Tail;
  }
  if (!Loaded && Out.errors.empty())
    Out.errors.push_back({File, "the unit's facts were lost on the way back; not analyzed"});
}

} // namespace

std::vector<std::string> commandFor(const CompileInputs &Inputs, const std::string &File,
                                    const std::string &ResourceDir, std::set<std::string> &Dropped,
                                    SanitizePolicy Policy) {
  auto Commands = Inputs.db->getCompileCommands(File);
  if (Commands.empty())
    return {};
  Policy.directory = Commands.front().Directory;
  return sanitizeCommandLine(Commands.front().CommandLine, ResourceDir, Dropped, Policy);
}

/// A parsing thread's stack: Clang's own 8 MiB for Sema, which moves to a new thread when it
/// nears that much, and as much again for the walk over the finished AST.
constexpr unsigned WorkerStackBytes = 2 * clang::DesiredStackSize;

ExtractResult runExtraction(const CompileInputs &Inputs, const std::vector<std::string> &Files,
                            const PackSet &Packs, const ExtractOptions &Options) {
  static std::once_flag CrashRecoveryOnce;
  std::call_once(CrashRecoveryOnce, [] { llvm::CrashRecoveryContext::Enable(); });
  auto Start = std::chrono::steady_clock::now();

  ExtractResult R;
  R.units.resize(Files.size());
  std::vector<std::vector<std::string>> Commands(Files.size());
  R.unitDroppedFlags.resize(Files.size());
  R.unitUnknownFlags.resize(Files.size());
  for (size_t I = 0; I < Files.size(); ++I) {
    SanitizePolicy Policy = Options.policy;
    Policy.unknown = &R.unitUnknownFlags[I];
    Commands[I] = commandFor(Inputs, Files[I], Options.resourceDir, R.unitDroppedFlags[I], Policy);
    R.droppedFlags.insert(R.unitDroppedFlags[I].begin(), R.unitDroppedFlags[I].end());
    R.unknownFlags.insert(R.unitUnknownFlags[I].begin(), R.unitUnknownFlags[I].end());
  }

  // A unit in its own process parses alone: the PCH would be built outside the limits.
  bool Isolated = Options.unitSeconds || Options.unitMegabytes;
  std::vector<bool> MustParse(Files.size(), !Options.indexOnly);
  if (Options.index && !Options.indexOnly) {
    std::vector<std::string> Stored = Options.index->units(); // sorted
    for (size_t I = 0; I < Files.size(); ++I)
      MustParse[I] = !std::binary_search(Stored.begin(), Stored.end(), Files[I]);
  }
  PrefixPlan Prefixes(Inputs, Files, Commands, Options.overlay,
                      Isolated || Options.policy.untrusted ? 0 : prefixThreshold(), MustParse);

  std::atomic<size_t> Next{0};
  std::atomic<unsigned> Done{0}, Parsed{0}, Reused{0}, NotInIndex{0}, Shared{0}, Unshared{0};
  std::mutex ProgressMutex;
  bool Progress = Options.progress && llvm::sys::Process::StandardErrIsDisplayed();
  auto Report = [&] {
    if (!Progress)
      return;
    std::lock_guard<std::mutex> Lock(ProgressMutex);
    llvm::errs() << "\rriskgate: " << Done.load() << "/" << Files.size() << " units ("
                 << Reused.load() << " cached, " << Parsed.load() << " parsed)";
    llvm::errs().flush();
  };

  auto Worker = [&] {
    for (size_t I = Next++; I < Files.size(); I = Next++) {
      const std::string &File = Files[I];
      const Overlay *Over = Options.overlay;
      TuFacts &Out = R.units[I];
      if (Options.index) {
        std::unique_lock<std::mutex> ForkLock(forkMutex(), std::defer_lock);
        if (Isolated)
          ForkLock.lock();
        if (Options.index->load(File, Commands[I], Packs.contentHash(), Out, Over)) {
          ++Reused;
          ++Done;
          Report();
          continue;
        }
      }
      if (Options.indexOnly && Options.indexOnly->count(File)) {
        ++NotInIndex; // left empty: not parsed, not part of this run's program
        ++Done;
        Report();
        continue;
      }
      if (Commands[I].empty()) {
        Out.mainFile = File;
        Out.errors.push_back({File, "the compile command was refused in untrusted mode (a -cc1 "
                                    "command bypasses the compiler driver); not analyzed"});
        ++Done;
        continue;
      }
      if (Isolated) {
        // riskgate-ignore(n-plus-one): each unit's facts come back through its own index file
        parseIsolated(Inputs, File, Commands[I], Packs, Options, Out);
      } else {
        const SharedPrefix *Prefix = Prefixes.take(I);
        std::string Why;
        if (parseOver(Inputs, File, Packs, Options.resourceDir, Over, Options.policy, Out, Prefix,
                      Why))
          ++Shared;
        else if (Prefix)
          ++Unshared;
        if (Prefix && std::getenv("RISKGATE_DEBUG_PREFIXES"))
          llvm::errs() << "riskgate: " << File << ": "
                       << (Why.empty() ? std::string("shared prefix") : Why) << "\n";
        makeTextValidUtf8(Out);
      }
      ++Parsed;
      if (Options.index && Out.errors.empty()) {
        std::unique_lock<std::mutex> ForkLock(forkMutex(), std::defer_lock);
        if (Isolated)
          ForkLock.lock();
        Options.index->store(File, Commands[I], Packs.contentHash(), Out, Over);
      }
      ++Done;
      Report();
    }
  };

  unsigned Jobs = std::max(1u, std::min<unsigned>(Options.jobs, Files.size()));
  // Forking while another thread is inside malloc is safe with glibc's allocator (its fork
  // takes every arena lock) but not with an older AddressSanitizer's: isolated units run one
  // at a time in sanitizer builds.
  if ((Options.unitSeconds || Options.unitMegabytes) && underAddressSanitizer())
    Jobs = 1;
  // Every parse runs on a thread whose stack riskgate chooses, not on whatever `ulimit -s`
  // gave the process (a CI runner may give far less, or "unlimited", which glibc turns into
  // 2 MiB for a new thread). Clang's Sema recurses once per level of an expression: told
  // where the stack starts, it moves onto a fresh thread of its own before it runs out, so
  // a 40,000-link `<<` chain parses; riskgate's walkers then use the rest of this stack.
  auto OnOwnStack = [&Worker] {
    clang::noteBottomOfStack();
    // LLVM gives the thread that first registers its signal handlers (a PCH's output file
    // does) an alternate signal stack of its own, and never frees it. AddressSanitizer makes
    // one per thread and unmaps what it believes is its own when the thread ends: under it,
    // give it back its own first.
    stack_t Before{};
    bool Saved = underAddressSanitizer() && ::sigaltstack(nullptr, &Before) == 0;
    Worker();
    if (Saved)
      ::sigaltstack(&Before, nullptr);
  };
  std::vector<llvm::thread> Threads;
  for (unsigned J = 0; J < Jobs; ++J)
    Threads.emplace_back(std::optional<unsigned>(WorkerStackBytes), OnOwnStack);
  for (auto &T : Threads)
    T.join();
  if (Progress) {
    // Clear the progress line; a dumb terminal gets blanks instead of an escape sequence.
    const char *Term = std::getenv("TERM");
    if (Term && std::string(Term) == "dumb")
      llvm::errs() << "\r" << std::string(60, ' ') << "\r";
    else
      llvm::errs() << "\r\033[K";
    llvm::errs().flush();
  }
  R.stats.parsed = Parsed;
  R.stats.reused = Reused;
  R.stats.notInIndex = NotInIndex;
  R.stats.sharedPrefixes = Prefixes.built();
  R.stats.sharedUnits = Shared;
  R.stats.unsharedUnits = Unshared;
  for (const TuFacts &U : R.units)
    if (!U.errors.empty())
      ++R.stats.failed;
  R.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
  return R;
}

} // namespace riskgate
