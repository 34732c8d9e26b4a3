// riskgate's command line: a thin layer over driver/Scan.
#include "driver/Scan.h"
#include "packs/RulePack.h"
#include "rules/Rule.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

using namespace riskgate;

namespace {

const char *const MainHelp = R"(riskgate: pre-deploy static risk analyzer for C and C++ data access

USAGE
  riskgate scan [options] [FILE...] [-- COMPILER-FLAGS...]
  riskgate rules [--pack NAME]
  riskgate help [COMMAND]
  riskgate --version

COMMANDS
  scan    Analyze translation units from compile_commands.json and report data-access
          risks (database queries in loops, ...).
  rules   List the rules and the library rule packs riskgate knows.

Run 'riskgate help scan' for the options of a command.
Exit codes: 0 below the gate, 1 the gate tripped, 2 riskgate could not do its job.
)";

const char *const ScanHelp = R"(riskgate scan: analyze translation units and report data-access risks

USAGE
  riskgate scan [options] [FILE...]
  riskgate scan [options] FILE... -- COMPILER-FLAGS...

Without FILE, every entry of the compile database is analyzed. With FILE, only those
translation units (each must have an entry). After '--', no database is read: every
FILE is compiled with the flags given.

OPTIONS
  -p DIR               Build directory holding compile_commands.json (or the file itself).
                       Default: the current directory, then ./build.
  --format FORMAT      text (default; clang's diagnostic format) or json.
  -o, --output FILE    Write the report to FILE instead of standard output.
  --fail-on LEVEL      The gate: exit 1 when a finding has this severity or more.
                       none|low|medium|high|critical (default: high; none: never).
  -j, --jobs N         Parse N translation units at once (default: the machine's cores).
  --cache DIR          Keep the fact index in DIR (default: BUILD_DIR/.riskgate-cache).
  --no-cache           Do not read or write the fact index.
  --stats              Print units parsed and reused, functions, call edges, unresolved
                       calls and time per stage on standard error.
  --quiet              No progress line.
  --packs-dir DIR      Read rule packs from DIR/*.yaml instead of the built-in ones.
  --resource-dir DIR   Clang resource directory (builtin headers). Default: found at
                       build time; also $RISKGATE_RESOURCE_DIR.
  --color, --no-color  Force colors on or off in the text report (default: on a terminal).
  -h, --help           This help.

RULES
  n-plus-one           A query, statement execution or remote call once per loop
                       iteration, directly or through calls (docs/rules/n-plus-one.md).

EXIT CODES
  0  no finding reaches --fail-on
  1  a finding reaches --fail-on
  2  riskgate could not do its job: bad arguments, no or malformed compile database, a
     malformed rule pack, or a translation unit that failed to parse (its findings are
     still reported, from as far as Clang got)
)";

const char *const RulesHelp = R"(riskgate rules: list the rules and the library rule packs

USAGE
  riskgate rules [--pack NAME] [--packs-dir DIR]

Without --pack, lists every rule (id, default severity, maturity, summary) and every
rule pack. With --pack NAME, prints each API the pack recognises: its kind, latency,
SQL argument and statement argument.
)";

int usageError(const std::string &Message) {
  llvm::errs() << "riskgate: error: " << Message << " (see 'riskgate help')\n";
  return 2;
}

/// Reads `--opt VALUE` or `--opt=VALUE` (and `-pVALUE` for short options).
bool takeValue(const std::vector<std::string> &Args, size_t &I, llvm::StringRef Long,
               llvm::StringRef Short, std::string &Out, bool &Missing) {
  llvm::StringRef A(Args[I]);
  for (llvm::StringRef Name : {Long, Short}) {
    if (Name.empty())
      continue;
    if (A == Name) {
      if (I + 1 >= Args.size()) {
        Missing = true;
        return true;
      }
      Out = Args[++I];
      return true;
    }
    if (A.starts_with(Name) && A.size() > Name.size()) {
      llvm::StringRef Rest = A.drop_front(Name.size());
      if (Rest.starts_with("=")) {
        Out = Rest.drop_front().str();
        return true;
      }
      if (Name.size() == 2) { // -p/build, -j4
        Out = Rest.str();
        return true;
      }
    }
  }
  return false;
}

int runScanCommand(const std::vector<std::string> &Args) {
  ScanOptions Options;
  std::string Format = "text", Output;
  bool Stats = false, Quiet = false;
  int Color = -1;
  for (size_t I = 0; I < Args.size(); ++I) {
    const std::string &A = Args[I];
    std::string V;
    bool Missing = false;
    if (A == "--") {
      Options.fixedArgs = std::vector<std::string>(Args.begin() + I + 1, Args.end());
      break;
    }
    if (A == "-h" || A == "--help") {
      llvm::outs() << ScanHelp;
      return 0;
    }
    if (takeValue(Args, I, "--build-dir", "-p", V, Missing)) {
      Options.buildDir = V;
    } else if (takeValue(Args, I, "--format", "", V, Missing)) {
      if (!Missing && V != "text" && V != "json")
        return usageError("unknown --format '" + V + "' (expected text or json)");
      Format = V;
    } else if (takeValue(Args, I, "--output", "-o", V, Missing)) {
      Output = V;
    } else if (takeValue(Args, I, "--fail-on", "", V, Missing)) {
      if (Missing)
        break;
      if (V == "none")
        Options.failOn.reset();
      else if (auto S = parseSeverity(V))
        Options.failOn = *S;
      else
        return usageError("unknown --fail-on '" + V +
                          "' (expected none, low, medium, high or critical)");
    } else if (takeValue(Args, I, "--jobs", "-j", V, Missing)) {
      if (Missing)
        break;
      unsigned N = 0;
      if (llvm::StringRef(V).getAsInteger(10, N) || N == 0 || N > 256)
        return usageError("-j takes a number of jobs from 1 to 256, got '" + V + "'");
      Options.jobs = N;
    } else if (takeValue(Args, I, "--cache", "", V, Missing)) {
      Options.cacheDir = V;
    } else if (takeValue(Args, I, "--packs-dir", "", V, Missing)) {
      Options.packsDir = V;
    } else if (takeValue(Args, I, "--resource-dir", "", V, Missing)) {
      Options.resourceDir = V;
    } else if (A == "--no-cache") {
      Options.noCache = true;
    } else if (A == "--stats") {
      Stats = true;
    } else if (A == "--quiet" || A == "-q") {
      Quiet = true;
    } else if (A == "--color") {
      Color = 1;
    } else if (A == "--no-color") {
      Color = 0;
    } else if (!A.empty() && A[0] == '-') {
      return usageError("unknown option '" + A + "' for 'scan'");
    } else {
      Options.files.push_back(A);
    }
    if (Missing)
      return usageError("option '" + A + "' needs a value");
  }
  Options.progress = !Quiet;
  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);
  Options.rootDir = Cwd.str().str();

  ScanOutcome O = runScan(Options);
  for (const std::string &W : O.warnings)
    llvm::errs() << "riskgate: warning: " << W << "\n";
  if (!O.fatal.empty()) {
    llvm::errs() << "riskgate: error: " << O.fatal << "\n";
    return 2;
  }

  std::error_code EC;
  std::unique_ptr<llvm::raw_fd_ostream> File;
  if (!Output.empty()) {
    File = std::make_unique<llvm::raw_fd_ostream>(Output, EC, llvm::sys::fs::OF_Text);
    if (EC) {
      llvm::errs() << "riskgate: error: " << Output << ": cannot write the report: "
                   << EC.message() << "\n";
      return 2;
    }
  }
  llvm::raw_ostream &OS = File ? static_cast<llvm::raw_ostream &>(*File) : llvm::outs();
  if (Format == "json") {
    writeJson(O.report, OS);
  } else {
    bool UseColor = Color == 1 || (Color == -1 && !File && llvm::sys::Process::StandardOutIsDisplayed());
    writeText(O.report, OS, UseColor);
  }
  OS.flush();
  if (File && !O.report.errors.empty())
    for (const ToolError &E : O.report.errors)
      llvm::errs() << displayPath(E.file, Options.rootDir) << ": error: " << E.message << "\n";
  if (Stats)
    writeStats(O.report.stats, llvm::errs());
  return exitCodeFor(O);
}

int runRulesCommand(const std::vector<std::string> &Args) {
  std::string Pack, PacksDir;
  for (size_t I = 0; I < Args.size(); ++I) {
    std::string V;
    bool Missing = false;
    if (Args[I] == "-h" || Args[I] == "--help") {
      llvm::outs() << RulesHelp;
      return 0;
    }
    if (takeValue(Args, I, "--pack", "", V, Missing))
      Pack = V;
    else if (takeValue(Args, I, "--packs-dir", "", V, Missing))
      PacksDir = V;
    else
      return usageError("unknown argument '" + Args[I] + "' for 'rules'");
    if (Missing)
      return usageError("option '" + Args[I] + "' needs a value");
  }
  PackSet Packs;
  PackError PE;
  if (!loadPacks(PacksDir, Packs, PE)) {
    llvm::errs() << "riskgate: error: " << PE.str() << "\n";
    return 2;
  }
  auto &OS = llvm::outs();
  if (!Pack.empty()) {
    for (const RulePack &P : Packs.packs()) {
      if (P.name != Pack)
        continue;
      OS << P.name << ": " << P.description << " (" << P.path << ")\n";
      for (const ApiEntry &A : P.apis) {
        OS << "  " << A.name << "  kind=" << accessKindName(A.kind);
        if (A.latency != Latency::None)
          OS << " latency=" << latencyName(A.latency);
        if (A.sqlArg.present())
          OS << " sql-arg="
             << (A.sqlArg.index == ArgRef::This ? "this" : std::to_string(A.sqlArg.index));
        if (A.statementArg.present())
          OS << " statement-arg="
             << (A.statementArg.index == ArgRef::This ? "this"
                                                      : std::to_string(A.statementArg.index));
        OS << "\n";
      }
      return 0;
    }
    llvm::errs() << "riskgate: error: no rule pack named '" << Pack << "'\n";
    return 2;
  }
  OS << "Rules:\n";
  for (const RuleInfo &R : ruleInfos())
    OS << "  " << R.id << "  [" << severityName(R.defaultSeverity) << ", " << R.maturity
       << "]  " << R.summary << "  (" << ruleDocPath(R.id) << ")\n";
  OS << "Rule packs:\n";
  for (const RulePack &P : Packs.packs())
    OS << "  " << P.name << "  " << P.apis.size() << " APIs  " << P.description << "\n";
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> Args(argv + 1, argv + argc);
  if (Args.empty()) {
    llvm::errs() << MainHelp;
    return 2;
  }
  std::string Cmd = Args.front();
  std::vector<std::string> Rest(Args.begin() + 1, Args.end());
  if (Cmd == "-h" || Cmd == "--help") {
    llvm::outs() << MainHelp;
    return 0;
  }
  if (Cmd == "--version" || Cmd == "version") {
    llvm::outs() << "riskgate " << RISKGATE_VERSION << "\n";
    return 0;
  }
  if (Cmd == "help") {
    std::string Topic = Rest.empty() ? "" : Rest.front();
    llvm::outs() << (Topic == "scan" ? ScanHelp : Topic == "rules" ? RulesHelp : MainHelp);
    return 0;
  }
  if (Cmd == "scan")
    return runScanCommand(Rest);
  if (Cmd == "rules")
    return runRulesCommand(Rest);
  return usageError("unknown command '" + Cmd + "'");
}
