// riskgate's command line: a thin layer over driver/Scan.
#include "change/DiffMode.h"
#include "change/Git.h"
#include "change/Hook.h"
#include "config/Config.h"
#include "driver/Distributed.h"
#include "driver/Scan.h"
#include "frontend/CompileDb.h"
#include "packs/EmbeddedPacks.h"
#include "packs/RulePack.h"
#include "rules/Rule.h"
#include "rules/RuleDocs.h"

#include "Commit.h" // RISKGATE_COMMIT, written at build time (scripts/commit-header.cmake)

#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <string>
#include <vector>

using namespace riskgate;

namespace {

const char *const MainHelp = R"(riskgate: pre-deploy static risk analyzer for C and C++ data access

USAGE
  riskgate diff (--base REV | --staged | --patch FILE) [options]
  riskgate scan [options] [FILE...] [-- COMPILER-FLAGS...]
  riskgate extract [options] (-o FILE | --output-dir DIR) [FILE...] [-- COMPILER-FLAGS...]
  riskgate analyze [options] FACTS...
  riskgate hook install [--force] [-p BUILD_DIR] | riskgate hook uninstall
  riskgate baseline write FILE [scan options]
  riskgate rules [--pack NAME]
  riskgate help [COMMAND | RULE]
  riskgate --version | -V

COMMANDS
  diff    Analyze a change: what it introduced, left as it was, and fixed; score its
          risk and apply the gate. The way to run riskgate in a pre-commit hook and a
          pull-request check.
  scan    Analyze translation units from compile_commands.json and report data-access
          risks (database queries in loops, ...).
  extract Write the facts of translation units to facts files, one per unit: the part
          of a scan that parses, as a build action or one job of a CI matrix.
  analyze Analyze the program the facts files describe: what scan reports, with no parse.
  hook    Install a git pre-commit hook that runs 'riskgate diff --staged'.
  baseline  Record today's findings so that only new ones gate (see 'riskgate help baseline').
  rules   List the rules and the library rule packs riskgate knows.

Run 'riskgate help scan' for the options of a command.
Exit codes: 0 below the gate, 1 the gate tripped, 2 riskgate could not do its job.
Colour: on a terminal, unless NO_COLOR is set or TERM=dumb (--color/--no-color decide).
)";

const char *const ScanHelp =
    R"(riskgate scan: analyze translation units and report data-access risks

USAGE
  riskgate scan [options] [FILE...]
  riskgate scan [options] FILE... -- COMPILER-FLAGS...

Without FILE, every entry of the compile database is analyzed. With FILE, only those
translation units (one without an entry borrows the flags of the closest entry, with a
warning). After '--', no database is read: every FILE is compiled with the flags given.

OPTIONS
  -p DIR               Build directory holding compile_commands.json (or the file itself).
                       Default: the current directory, then ./build.
  --format FORMAT      text (default; clang's diagnostic format), json, sarif (SARIF 2.1.0
                       for code scanning), github (workflow annotations) or gitlab (Code
                       Quality JSON).
  -o, --output FILE    Write the report to FILE instead of standard output.
  --fail-on LEVEL      The gate: exit 1 when a finding has this severity or more.
                       none|low|medium|high|critical (default: high; none: never).
  -j, --jobs N         Parse N translation units at once (default: the machine's cores).
  --cache DIR          Keep the fact index in DIR (default: BUILD_DIR/.riskgate-cache).
  --no-cache           Do not read or write the fact index.
  --stats              Print units parsed and reused, functions, call edges, unresolved
                       calls and time per stage on standard error.
  --quiet              No progress line.
  --rules LIST         Run only these rules (comma-separated ids; default: all).
  --schema PATH        A .sql schema file, or a folder of migrations applied in name order
                       (repeatable; also schema: in .riskgate.yaml). Enables missing-index,
                       unbounded-query and sql-schema-mismatch, which ask sqlite's planner.
  --baseline FILE      Findings recorded in FILE (riskgate baseline write) count as
                       preexisting: reported, never gating. Stale entries are reported.
  --untrusted          Code from a stranger (a fork's pull request): trust only its sources.
                       Configuration and baseline from the base revision, schema paths
                       inside the checkout, a private fact index, files read only inside
                       the checkout and the system folders, an allowlist of compiler flags
                       (include paths, -D/-U, -std, --target, -W, -f/-m flags that name no
                       file; limits at Clang's defaults), no -cc1, never the compiler the
                       database names. Every dropped flag is reported once; each unit
                       runs in a process of its own under the limits below
                       (docs/security.md).
  --unit-timeout S     Each unit in a process of its own, stopped after S seconds and
                       reported as not analyzed (untrusted default: 300; 0: no limit).
  --unit-memory MIB    The same with an address-space limit (untrusted default: 4096).
  --packs-dir DIR      Add the rule packs of DIR/*.yaml to the built-in ones (repeatable); a
                       pack there replaces the built-in pack of the same name.
  --no-builtin-packs   Only the packs of --packs-dir.
  --extra-arg ARG      Add ARG to every compile command, at its end (repeatable).
  --extra-arg-before ARG
                       Add ARG to every compile command, after the compiler (repeatable).
  --remove-arg ARG     Remove ARG from every compile command; ARG ending in '*' removes every
                       flag that starts with the rest (repeatable). Flags Clang does not know
                       (GCC-only options) are removed anyway; --stats lists them.
  --exclude GLOB       Neither analyze nor report files whose path (relative to the current
                       directory) matches GLOB (repeatable; '*' matches across '/').
  --config FILE        Use FILE as the configuration for every file, instead of the nearest
                       .riskgate.yaml above each one.
  --dump-config        Print the configuration that applies here (or to the first FILE),
                       every rule with its base severity, and exit.
  --docs-url URL        Where your team publishes the rule pages: SARIF rules link there
                       (helpUri; '{rule}' in URL is replaced by the rule id, else
                       '/<rule>.md' is appended). Without it, SARIF carries the pages
                       themselves and no link.
  --fail-on-unused-suppressions
                       Exit 1 when a suppression comment silences nothing (by default each
                       is a note: '... suppresses nothing [riskgate-unused-suppression]').
  --resource-dir DIR   Clang resource directory (builtin headers). Default: found at
                       build time; also $RISKGATE_RESOURCE_DIR.
  --color, --no-color  Force colors on or off in the text report (default: on a terminal).
  -h, --help           This help.

RULES (docs/rules/<id>.md; 'riskgate rules' lists them with their severities)
  n-plus-one                      a round trip once per loop iteration, through calls too
  write-loop-without-transaction  rows written per iteration with no transaction around
  loop-invariant-query            a query whose inputs do not change inside its loop
  prepare-in-loop                 a statement compiled on every iteration
  repeated-query                  the same query twice on one path, no write between
  uncached-hot-path               a hot entry point queries per request with no cache
  unchecked-db-result             a failure-reporting result discarded
  dynamic-sql                     SQL built from non-constant strings
  missing-index                   the planner scans, sorts or auto-indexes (--schema)
  unbounded-query                 a SELECT with no LIMIT drives a loop or hot path
  sql-schema-mismatch             a query the schema cannot prepare
  Configure them in .riskgate.yaml (docs/configuration.md).

EXIT CODES
  0  no finding reaches --fail-on
  1  a finding reaches --fail-on
  2  riskgate could not do its job: bad arguments, no or malformed compile database, a
     malformed rule pack, or a translation unit that failed to parse (its findings are
     still reported, from as far as Clang got)

SUPPRESSIONS
  // riskgate-ignore(RULE): reason, NOLINT(riskgate-RULE), NOLINTNEXTLINE(riskgate-RULE):
  see 'riskgate help diff'.
)";

const char *const DiffHelp = R"(riskgate diff: analyze a change and gate it on its risk

USAGE
  riskgate diff --base REV [options]     the change from `git merge-base REV HEAD` to the
                                         working tree (in CI: to HEAD)
  riskgate diff --staged [options]       the change staged for the next commit (the
                                         index's content, even where the working tree
                                         differs): what a pre-commit hook checks
  riskgate diff --patch FILE [options]   a unified diff (as `git diff` prints it; '-' reads
                                         standard input) that the working tree contains;
                                         the base is the working tree with it reversed
  riskgate diff --pre-commit [options]   what the pre-commit framework's hook runs: its
                                         ref-range mode (PRE_COMMIT_FROM_REF/TO_REF) as
                                         --base FROM_REF, a commit as --staged; under
                                         'pre-commit run --all-files' (nothing staged) a
                                         whole-program scan against --baseline FILE, or
                                         exit 2 saying so without one
An empty change (nothing staged, an empty patch) is analyzed as nothing: grade none.

Works from any directory inside the repository. Both revisions are analyzed through the
fact index. With a current index, only the slice of the program the change can affect is
loaded: the units it touches, every function that reaches them through calls or that they
reach, and those functions' callers and callees (docs/performance.md); the preexisting
counts are then those of the slice. Findings are matched by
fingerprint: "introduced" (only in the change), "preexisting" (before and after),
"fixed" (only before). Shown: every introduced finding (also at unchanged loops whose
callee the change made query), preexisting ones in the functions the change touched,
and fixed ones; --all shows every preexisting finding too.

The change gets a risk score from 0 to 100 and a grade (none, low, medium, high,
critical), every point explained (docs/scoring.md). The gate compares the grade.

OPTIONS
  --all                Show every preexisting finding, not only those in changed functions
                       (the whole program is analyzed).
  --whole-program      Load every unit's facts, not only the slice the change can affect:
                       the same findings, and preexisting counts for the whole program.
  --fail-on GRADE      Exit 1 when the grade reaches GRADE: low|medium|high|critical
                       (default: high); none: never.
  --format FORMAT      text (default), json, markdown (a pull-request comment), sarif,
                       github (annotations for introduced findings) or gitlab.
  --rules LIST         Run only these rules (comma-separated ids; default: all).
  --schema PATH        Schema .sql file or migrations folder (see 'riskgate help scan').
  --baseline FILE      Findings recorded in FILE count as preexisting.
  --untrusted          The flag allowlist for code from strangers (see 'riskgate help scan').
  --facts PATH         With --base: the working tree's facts, from 'riskgate extract' (a
                       facts file or a folder; repeatable; --facts-from FILE lists them one
                       per line). Only the units the facts lack and the base side of the
                       units the change touches are parsed (docs/scaling.md).
  -p DIR, -o FILE, -j N, --cache DIR, --no-cache, --stats, --quiet, --packs-dir DIR,
  --no-builtin-packs, --extra-arg ARG, --extra-arg-before ARG, --remove-arg ARG,
  --exclude GLOB, --config FILE, --dump-config, --docs-url URL, --fail-on-unused-suppressions,
  --resource-dir DIR, --color, --no-color
                       As for 'riskgate scan'. Without -p: the current directory, ./build,
                       then the repository's top and its build/.

SUPPRESSIONS
  // riskgate-ignore(n-plus-one): reason      on the finding's line or the line above
  // NOLINT(riskgate-n-plus-one): reason      on the finding's line
  // NOLINTNEXTLINE(riskgate-n-plus-one)      on the line above
  A suppression without a reason is honoured with a warning. Reports count suppressions.

EXIT CODES
  0 below the gate, 1 the gate tripped, 2 riskgate could not do its job (not a git
  repository, unknown revision, malformed patch, no compile database, a unit that does
  not parse, ...).
)";

const char *const ExtractHelp =
    R"(riskgate extract: translation units to facts files (the map step of a scan)

USAGE
  riskgate extract [options] --output-dir DIR [FILE...]
  riskgate extract [options] -o FILE FILE -- COMPILER-FLAGS...

Parses each unit (every entry of the compile database, the FILEs named, or the FILEs with
the flags after '--') and writes its facts: DIR/<unit relative to the root>.facts, or FILE
with -o. 'riskgate analyze' merges them into what 'riskgate scan' reports. A facts file is
deterministic and names paths relative to the root, so the same sources, headers, flags,
packs and riskgate version give the same bytes on any machine: Bazel's remote cache or a CI
cache can share it (docs/scaling.md). A unit that fails to parse still gets its facts file,
with the errors, which analyze reports; the exit code is 2 only when a facts file could not
be written or the options are wrong.

OPTIONS
  -o, --output FILE    The facts file of the one unit extracted.
  --output-dir DIR     One facts file per unit under DIR.
  --shard I/N          Extract only the I-th of N parts of the compile database (1 <= I <=
                       N): a stable partition balanced by file size, the same on every
                       machine that sees the same tree. Run N jobs, then analyze their DIRs.
  --root DIR           Paths in the facts are relative to DIR (default: the current
                       directory); every unit must be inside it.
  --cache DIR          Reuse and fill a fact index in DIR (default: none, so that an
                       extraction reads only its inputs and writes only its facts).
  -p DIR, -j N, --packs-dir DIR, --no-builtin-packs, --extra-arg[-before] ARG, --remove-arg
  ARG, --exclude GLOB, --config FILE, --untrusted, --unit-timeout S, --unit-memory MIB,
  --resource-dir DIR, --quiet
                       As for 'riskgate scan'. Give analyze the same packs and
                       configuration: it refuses facts matched against other ones.
  -h, --help           This help.
)";

const char *const AnalyzeHelp =
    R"(riskgate analyze: the whole-program analysis over facts files (the reduce step)

USAGE
  riskgate analyze [options] FACTS...

FACTS are facts files or folders holding them (searched for *.facts), written by 'riskgate
extract' on one machine or many, or fact index files (facts.db, filled by scan or by
extract --cache), from which each unit's newest facts that match the files here are read
(an index holds no unit that failed to parse; units it holds only for other contents are
left out, with a warning). The result is what 'riskgate scan' reports for the same
units, finding for finding: the order of FACTS does not matter, a unit given twice counts
once (different copies of one unit are warned about, and one is chosen by content, not by
order), and facts from another riskgate version, another facts schema or other rule packs
are refused (exit 2). Nothing is parsed. The sources are read for suppression comments and
report snippets, and every input a facts file names is compared with the content hash it
recorded: facts of other contents than the files here are warned about (their findings
may point at lines that moved). Run it in the checkout the facts were extracted from.

OPTIONS
  --root DIR           The root the facts' paths are relative to (default: the current
                       directory), as given to extract.
  --facts-from FILE    Also the facts files and folders listed in FILE, one per line (for
                       more than a command line holds).
  --format, -o, --fail-on, --rules, --schema, --baseline, --exclude, --config,
  --packs-dir, --no-builtin-packs, --docs-url, --fail-on-unused-suppressions, --stats,
  --color, --no-color
                       As for 'riskgate scan'.
  -h, --help           This help.
)";

const char *const HookHelp = R"(riskgate hook: a git pre-commit hook

USAGE
  riskgate hook install [--force] [-p BUILD_DIR]
  riskgate hook uninstall

install writes a pre-commit hook that runs 'riskgate diff --staged' into the repository's
hooks directory, respecting core.hooksPath. -p BUILD_DIR is checked and, typed from any
subdirectory, written relative to the repository's top (where git runs hooks). The hook
runs 'riskgate' from PATH when it is on PATH at install time, else this binary's absolute
path. A blocked commit says how to accept a finding with a reason
('// riskgate-ignore(RULE): why') and how to bypass once ('git commit --no-verify'). A
hook riskgate did not write is never replaced without --force.
uninstall removes the hook riskgate wrote, and never another.
For the pre-commit framework, use the hook in .pre-commit-hooks.yaml instead.
)";

const char *const BaselineHelp = R"(riskgate baseline: adopt riskgate on a large codebase

USAGE
  riskgate baseline write FILE [scan options] [FILE...]

Scans like 'riskgate scan' and records every finding's fingerprint in FILE (JSON). Then
'riskgate scan --baseline FILE' and 'riskgate diff --baseline FILE' treat the recorded
findings as preexisting: they are reported but never trip the gate, so a team gates only
new risk from day one. A warning says how many findings the baseline kept from gating;
entries no longer found are reported so the file can be trimmed (write it again).
)";

const char *const RulesHelp = R"(riskgate rules: list the rules and the library rule packs

USAGE
  riskgate rules [--pack NAME] [--packs-dir DIR]... [--no-builtin-packs]
  riskgate rules --explain RULE

Without --pack, lists every rule (id, default severity, maturity, summary) and every
rule pack. With --pack NAME, prints each API the pack recognises, once (overloads told
apart by their number of arguments): its kind, latency, SQL argument and statement
argument. With --explain RULE (or 'riskgate help RULE'),
prints the rule's page: what it finds, why it hurts, an example, the fix, options and
limitations.
)";

int usageError(const std::string &Message) {
  llvm::errs() << "riskgate: error: " << Message << " (see 'riskgate help')\n";
  return 2;
}

/// " (did you mean 'X'?)" for the closest of Known, when it is close; "" otherwise.
std::string didYouMean(const std::string &Got, const std::vector<std::string> &Known) {
  std::string Best;
  unsigned BestDistance = 3; // at most two edits away
  for (const std::string &K : Known) {
    unsigned D = llvm::StringRef(Got).edit_distance(K, true, BestDistance);
    if (D < BestDistance) {
      BestDistance = D;
      Best = K;
    }
  }
  return Best.empty() ? std::string() : " (did you mean '" + Best + "'?)";
}

/// The long options a help text names (`--format`, `--fail-on`, ...).
std::vector<std::string> optionsIn(llvm::StringRef Help) {
  std::vector<std::string> Out;
  for (size_t I = Help.find("--"); I != llvm::StringRef::npos; I = Help.find("--", I + 2)) {
    size_t E = I + 2;
    while (E < Help.size() && (isalnum(static_cast<unsigned char>(Help[E])) || Help[E] == '-'))
      ++E;
    if (E > I + 2)
      Out.push_back(Help.slice(I, E).str());
  }
  return Out;
}

int unknownOption(const std::string &Option, const std::string &Command, llvm::StringRef Help) {
  std::string Name = Option.substr(0, Option.find('='));
  return usageError("unknown option '" + Option + "' for '" + Command + "'" +
                    didYouMean(Name, optionsIn(Help)));
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

/// Options shared by scan and diff.
struct CommonCli {
  ScanOptions scan;
  std::string format = "text", output, failOn = "high";
  bool stats = false, quiet = false, dumpConfig = false, strictSuppressions = false;
  std::string docsUrl; // --docs-url (SARIF helpUri)
  int color = -1;
};

enum class Parsed { Consumed, Unknown, Error };

Parsed parseCommon(const std::vector<std::string> &Args, size_t &I, CommonCli &C) {
  const std::string &A = Args[I];
  std::string V;
  bool Missing = false;
  auto Done = [&](Parsed P) {
    if (Missing) {
      usageError("option '" + A + "' needs a value");
      return Parsed::Error;
    }
    return P;
  };
  if (takeValue(Args, I, "--build-dir", "-p", V, Missing)) {
    C.scan.buildDir = V;
  } else if (takeValue(Args, I, "--format", "", V, Missing)) {
    if (!Missing && V != "text" && V != "json" && V != "markdown" && V != "sarif" &&
        V != "github" && V != "gitlab") {
      usageError("unknown --format '" + V +
                 "' (expected text, json, markdown, sarif, github or gitlab)");
      return Parsed::Error;
    }
    C.format = V;
  } else if (takeValue(Args, I, "--output", "-o", V, Missing)) {
    C.output = V;
  } else if (takeValue(Args, I, "--fail-on", "", V, Missing)) {
    if (!Missing && V != "none" && !parseSeverity(V)) {
      usageError("unknown --fail-on '" + V + "' (expected none, low, medium, high or critical)");
      return Parsed::Error;
    }
    C.failOn = V;
  } else if (takeValue(Args, I, "--jobs", "-j", V, Missing)) {
    unsigned N = 0;
    if (!Missing && (llvm::StringRef(V).getAsInteger(10, N) || N == 0 || N > 256)) {
      usageError("-j takes a number of jobs from 1 to 256, got '" + V + "'");
      return Parsed::Error;
    }
    C.scan.jobs = N;
  } else if (bool Timeout = takeValue(Args, I, "--unit-timeout", "", V, Missing);
             Timeout || takeValue(Args, I, "--unit-memory", "", V, Missing)) {
    unsigned N = 0;
    if (!Missing && llvm::StringRef(V).getAsInteger(10, N)) {
      usageError(std::string(Timeout ? "--unit-timeout takes seconds" : "--unit-memory takes MiB") +
                 " (0: no limit), got '" + V + "'");
      return Parsed::Error;
    }
    (Timeout ? C.scan.unitSeconds : C.scan.unitMegabytes) = N;
  } else if (takeValue(Args, I, "--cache", "", V, Missing)) {
    C.scan.cacheDir = V;
  } else if (takeValue(Args, I, "--packs-dir", "", V, Missing)) {
    C.scan.packsDirs.push_back(V);
  } else if (A == "--no-builtin-packs") {
    C.scan.noBuiltinPacks = true;
  } else if (takeValue(Args, I, "--extra-arg-before", "", V, Missing)) {
    C.scan.extraArgsBefore.push_back(V);
  } else if (takeValue(Args, I, "--extra-arg", "", V, Missing)) {
    C.scan.extraArgs.push_back(V);
  } else if (takeValue(Args, I, "--remove-arg", "", V, Missing)) {
    C.scan.removeArgs.push_back(V);
  } else if (takeValue(Args, I, "--exclude", "", V, Missing)) {
    C.scan.excludes.push_back(V);
  } else if (takeValue(Args, I, "--config", "", V, Missing)) {
    C.scan.configFile = V;
  } else if (A == "--dump-config") {
    C.dumpConfig = true;
  } else if (takeValue(Args, I, "--docs-url", "", V, Missing)) {
    C.docsUrl = V;
  } else if (A == "--fail-on-unused-suppressions") {
    C.strictSuppressions = true;
  } else if (takeValue(Args, I, "--resource-dir", "", V, Missing)) {
    C.scan.resourceDir = V;
  } else if (takeValue(Args, I, "--rules", "", V, Missing)) {
    if (!Missing) {
      C.scan.rules.clear();
      llvm::SmallVector<llvm::StringRef, 8> Ids;
      llvm::StringRef(V).split(Ids, ',', -1, false);
      for (llvm::StringRef Id : Ids) {
        const auto &Infos = ruleInfos();
        if (Id != "all" && std::none_of(Infos.begin(), Infos.end(),
                                        [&](const RuleInfo &R) { return R.id == Id; })) {
          usageError("unknown rule '" + Id.str() + "' in --rules (see 'riskgate rules')");
          return Parsed::Error;
        }
        if (Id != "all")
          C.scan.rules.push_back(Id.str());
      }
    }
  } else if (takeValue(Args, I, "--schema", "", V, Missing)) {
    C.scan.schemaFiles.push_back(V);
  } else if (takeValue(Args, I, "--baseline", "", V, Missing)) {
    C.scan.baselineFile = V;
  } else if (A == "--untrusted") {
    C.scan.untrusted = true;
  } else if (A == "--no-cache") {
    C.scan.noCache = true;
  } else if (A == "--stats") {
    C.stats = true;
  } else if (A == "--quiet" || A == "-q") {
    C.quiet = true;
  } else if (A == "--color") {
    C.color = 1;
  } else if (A == "--no-color") {
    C.color = 0;
  } else {
    return Parsed::Unknown;
  }
  return Done(Parsed::Consumed);
}

std::string currentDir() {
  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);
  return Cwd.str().str();
}

std::string yamlQuote(const std::string &S) {
  std::string Out = "\"";
  for (char Ch : S) {
    if (Ch == '"' || Ch == '\\')
      Out += '\\';
    Out += Ch;
  }
  return Out + "\"";
}

std::string yamlList(const std::vector<std::string> &L) {
  std::string Out = "[";
  for (size_t I = 0; I < L.size(); ++I)
    Out += (I ? ", " : "") + yamlQuote(L[I]);
  return Out + "]";
}

/// --dump-config: the configuration that applies where riskgate runs (or to the first FILE),
/// every rule with its effective base severity, as a .riskgate.yaml that --config reads back.
int dumpConfig(const CommonCli &C) {
  ConfigSet Configs;
  PackError E;
  std::string Where = C.scan.files.empty() ? currentDir() + "/." : C.scan.files.front();
  llvm::SmallString<256> Abs(Where);
  llvm::sys::fs::make_absolute(Abs);
  bool Ok = C.scan.configFile.empty() ? Configs.discover({Abs.str().str()}, E)
                                      : Configs.useFile(C.scan.configFile, E);
  if (!Ok) {
    llvm::errs() << "riskgate: error: " << printable(E.str()) << "\n";
    return 2;
  }
  const ProjectConfig *P = Configs.forFile(Abs.str().str());
  auto &OS = llvm::outs();
  OS << "# riskgate " << RISKGATE_VERSION << ": the configuration for " << printable(Where) << "\n"
     << "# read from: " << (P ? printable(P->path) : std::string("(none; the defaults)")) << "\n"
     << "# command line: --fail-on " << C.failOn;
  if (!C.scan.rules.empty()) {
    OS << " --rules ";
    for (size_t I = 0; I < C.scan.rules.size(); ++I)
      OS << (I ? "," : "") << C.scan.rules[I];
  }
  for (const std::string &X : C.scan.excludes)
    OS << " --exclude " << printable(X);
  OS << "\nrules:\n";
  for (const RuleInfo &R : ruleInfos()) {
    RuleSetting S;
    if (P)
      if (auto It = P->rules.find(R.id); It != P->rules.end())
        S = It->second;
    bool On = S.enabled &&
              (C.scan.rules.empty() ||
               std::find(C.scan.rules.begin(), C.scan.rules.end(), R.id) != C.scan.rules.end());
    OS << "  " << R.id << ": {enabled: " << (On ? "on" : "off")
       << ", severity: " << severityName(S.severity.value_or(R.defaultSeverity)) << "}\n";
  }
  if (!P)
    return 0;
  if (!P->hot.empty())
    OS << "hot: " << yamlList(P->hot) << "\n";
  if (!P->cacheApis.empty())
    OS << "cache-apis: " << yamlList(P->cacheApis) << "\n";
  if (!P->apis.empty()) {
    OS << "apis:\n";
    auto Arg = [](const ArgRef &R) {
      return R.index == ArgRef::This ? std::string("this") : std::to_string(R.index);
    };
    static const char *const Failures[] = {"none",          "return-code", "null-pointer",
                                           "result-status", "false",       "exception"};
    for (const ApiEntry &A : P->apis) {
      OS << "  - {name: " << yamlQuote(A.name)
         << ", kind: " << (A.kind == AccessKind::None ? "ignore" : accessKindName(A.kind));
      if (A.latency != Latency::None)
        OS << ", latency: " << latencyName(A.latency);
      for (const auto &[Key, Ref] : {std::pair<const char *, const ArgRef *>{"sql-arg", &A.sqlArg},
                                     {"statement-arg", &A.statementArg},
                                     {"driver-arg", &A.driverArg},
                                     {"command-arg", &A.commandArg}})
        if (Ref->present())
          OS << ", " << Key << ": " << Arg(*Ref);
      if (A.failure != FailureReport::None)
        OS << ", reports-failure: " << Failures[static_cast<size_t>(A.failure)];
      if (A.arity >= 0)
        OS << ", arity: " << A.arity;
      OS << "}\n";
    }
  }
  // Paths in the file are relative to its directory: written out absolute, so that the dump
  // means the same wherever it is saved.
  auto Absolute = [&](const std::vector<std::string> &List) {
    std::vector<std::string> Out;
    for (const std::string &E : List)
      Out.push_back(llvm::sys::path::is_absolute(E) ? E : P->dir + "/" + E);
    return Out;
  };
  if (!P->exclude.empty())
    OS << "exclude: " << yamlList(Absolute(P->exclude)) << "\n";
  if (!P->schema.empty())
    OS << "schema: " << yamlList(Absolute(P->schema)) << "\n";
  if (!P->disabledPacks.empty()) {
    OS << "packs:\n";
    for (const std::string &N : P->disabledPacks)
      OS << "  " << N << ": off\n";
  }
  return 0;
}

int emitReport(ScanOutcome &O, const CommonCli &C) {
  for (const std::string &W : O.warnings)
    llvm::errs() << "riskgate: warning: " << printable(W) << "\n";
  if (!O.fatal.empty()) {
    llvm::errs() << "riskgate: error: " << printable(O.fatal) << "\n";
    return 2;
  }
  std::error_code EC;
  std::unique_ptr<llvm::raw_fd_ostream> File;
  if (!C.output.empty()) {
    File = std::make_unique<llvm::raw_fd_ostream>(C.output, EC, llvm::sys::fs::OF_Text);
    if (EC) {
      llvm::errs() << "riskgate: error: " << C.output
                   << ": cannot write the report: " << EC.message() << "\n";
      return 2;
    }
  }
  llvm::raw_ostream &OS = File ? static_cast<llvm::raw_ostream &>(*File) : llvm::outs();
  O.report.docsUrl = C.docsUrl;
  if (C.format == "json") {
    writeJson(O.report, OS);
  } else if (C.format == "markdown") {
    writeMarkdown(O.report, OS);
  } else if (C.format == "sarif") {
    writeSarif(O.report, OS);
  } else if (C.format == "github") {
    writeGithubAnnotations(O.report, OS);
  } else if (C.format == "gitlab") {
    writeGitlab(O.report, OS);
  } else {
    // Automatic colour: a terminal, and neither NO_COLOR (https://no-color.org) nor TERM=dumb.
    const char *NoColor = std::getenv("NO_COLOR");
    const char *Term = std::getenv("TERM");
    bool Plain = (NoColor && *NoColor) || (Term && std::string(Term) == "dumb");
    bool UseColor = C.color == 1 || (C.color == -1 && !File && !Plain &&
                                     llvm::sys::Process::StandardOutIsDisplayed());
    writeText(O.report, OS, UseColor);
  }
  OS.flush();
  if ((File || C.format != "text") && !O.report.errors.empty())
    for (const ToolError &E : O.report.errors)
      llvm::errs() << toolErrorLine(E, O.report.rootDir) << "\n";
  if (C.stats)
    writeStats(O.report.stats, llvm::errs());
  int Code = exitCodeFor(O);
  if (Code == 0 && C.strictSuppressions && !O.report.unusedSuppressions.empty())
    return 1;
  return Code;
}

/// The scan itself, once the options are read: the gate from --fail-on, the report.
int scanAndReport(CommonCli &C) {
  if (C.failOn == "none")
    C.scan.failOn.reset();
  else
    C.scan.failOn = parseSeverity(C.failOn);
  ScanOutcome O = runScan(C.scan);
  return emitReport(O, C);
}

int runScanCommand(const std::vector<std::string> &Args) {
  CommonCli C;
  for (size_t I = 0; I < Args.size(); ++I) {
    const std::string &A = Args[I];
    if (A == "--") {
      C.scan.fixedArgs = std::vector<std::string>(Args.begin() + I + 1, Args.end());
      break;
    }
    if (A == "-h" || A == "--help") {
      llvm::outs() << ScanHelp;
      return 0;
    }
    Parsed P = parseCommon(Args, I, C);
    if (P == Parsed::Error)
      return 2;
    if (P == Parsed::Consumed)
      continue;
    if (!A.empty() && A[0] == '-')
      return unknownOption(A, "scan", ScanHelp);
    C.scan.files.push_back(A);
  }
  if (C.dumpConfig)
    return dumpConfig(C);
  if (C.format == "markdown")
    return usageError("--format markdown is for 'riskgate diff'");
  C.scan.progress = !C.quiet;
  C.scan.rootDir = currentDir();
  return scanAndReport(C);
}

/// --root DIR, made absolute and resolved (the facts' paths are relative to it).
bool takeRoot(const std::vector<std::string> &Args, size_t &I, std::string &Root, bool &Error) {
  std::string V;
  bool Missing = false;
  if (!takeValue(Args, I, "--root", "", V, Missing))
    return false;
  if (Missing) {
    usageError("option '--root' needs a folder");
    Error = true;
    return true;
  }
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::is_directory(V) || llvm::sys::fs::real_path(V, Real)) {
    usageError("--root " + V + ": not a folder");
    Error = true;
    return true;
  }
  Root = Real.str().str();
  return true;
}

/// --facts-from FILE: facts files and folders, one per line, added to Out. False, with the
/// error printed, when FILE cannot be read.
bool readFactsList(const std::string &File, std::vector<std::string> &Out) {
  auto Buf = llvm::MemoryBuffer::getFile(File);
  if (!Buf) {
    llvm::errs() << "riskgate: error: " << printable(File)
                 << ": cannot read the list of facts files: " << Buf.getError().message() << "\n";
    return false;
  }
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  (*Buf)->getBuffer().split(Lines, '\n', -1, false);
  for (llvm::StringRef L : Lines)
    if (!L.trim().empty())
      Out.push_back(L.trim().str());
  return true;
}

int runExtractCommand(const std::vector<std::string> &Args) {
  CommonCli C;
  ExtractCommand E;
  C.scan.rootDir = currentDir();
  for (size_t I = 0; I < Args.size(); ++I) {
    const std::string &A = Args[I];
    if (A == "--") {
      C.scan.fixedArgs = std::vector<std::string>(Args.begin() + I + 1, Args.end());
      break;
    }
    if (A == "-h" || A == "--help") {
      llvm::outs() << ExtractHelp;
      return 0;
    }
    std::string V;
    bool Missing = false, Error = false;
    if (takeRoot(Args, I, C.scan.rootDir, Error)) {
      if (Error)
        return 2;
      continue;
    }
    if (takeValue(Args, I, "--output-dir", "", V, Missing)) {
      if (Missing)
        return usageError("option '--output-dir' needs a folder");
      E.outputDir = V;
      continue;
    }
    if (takeValue(Args, I, "--shard", "", V, Missing)) {
      std::string Why;
      ShardSpec S;
      if (Missing || !parseShard(V, S, Why))
        return usageError(Missing ? "option '--shard' needs I/N" : Why);
      E.shard = S;
      continue;
    }
    Parsed P = parseCommon(Args, I, C);
    if (P == Parsed::Error)
      return 2;
    if (P == Parsed::Consumed) {
      for (const char *Report :
           {"--format", "--fail-on", "--baseline", "--schema", "--rules", "--docs-url",
            "--fail-on-unused-suppressions", "--dump-config", "--stats"})
        if (llvm::StringRef(A).starts_with(Report))
          return usageError("'" + A + "' is an option of analyze, not of extract");
      continue;
    }
    if (!A.empty() && A[0] == '-')
      return unknownOption(A, "extract", ExtractHelp);
    C.scan.files.push_back(A);
  }
  E.outputFile = C.output;
  if (E.outputFile.empty() == E.outputDir.empty())
    return usageError("extract needs one of -o FILE (one unit) and --output-dir DIR");
  if (C.scan.fixedArgs && C.scan.files.empty())
    return usageError("flags after '--' need the FILEs they compile");
  C.scan.progress = !C.quiet;
  E.scan = C.scan;
  ExtractOutcome O = runExtract(E);
  for (const std::string &W : O.warnings)
    llvm::errs() << "riskgate: warning: " << printable(W) << "\n";
  if (!O.fatal.empty()) {
    llvm::errs() << "riskgate: error: " << printable(O.fatal) << "\n";
    return 2;
  }
  for (const ToolError &Err : O.errors)
    llvm::errs() << toolErrorLine(Err, C.scan.rootDir) << "\n";
  if (!C.quiet)
    llvm::errs() << "riskgate: " << plural(O.written, "facts file") << " written ("
                 << O.stats.parsed << " parsed, " << O.stats.reused << " from the index, "
                 << O.stats.failed << " with errors"
                 << (E.shard ? ("; shard " + std::to_string(E.shard->index) + "/" +
                                std::to_string(E.shard->count))
                             : std::string())
                 << ")\n";
  return 0;
}

int runAnalyzeCommand(const std::vector<std::string> &Args) {
  CommonCli C;
  C.scan.rootDir = currentDir();
  for (size_t I = 0; I < Args.size(); ++I) {
    const std::string &A = Args[I];
    if (A == "-h" || A == "--help") {
      llvm::outs() << AnalyzeHelp;
      return 0;
    }
    bool Error = false;
    if (takeRoot(Args, I, C.scan.rootDir, Error)) {
      if (Error)
        return 2;
      continue;
    }
    std::string V;
    bool Missing = false;
    if (takeValue(Args, I, "--facts-from", "", V, Missing)) {
      if (Missing)
        return usageError("option '--facts-from' needs a file");
      if (!readFactsList(V, C.scan.factsInputs))
        return 2;
      continue;
    }
    Parsed P = parseCommon(Args, I, C);
    if (P == Parsed::Error)
      return 2;
    if (P == Parsed::Consumed) {
      for (const char *Parse :
           {"-p", "--build-dir", "-j", "--jobs", "--cache", "--unit-", "--extra-arg",
            "--remove-arg", "--untrusted", "--resource-dir", "--dump-config"})
        if (llvm::StringRef(A).starts_with(Parse))
          return usageError("'" + A + "' is an option of extract: analyze parses nothing");
      continue;
    }
    if (!A.empty() && A[0] == '-')
      return unknownOption(A, "analyze", AnalyzeHelp);
    C.scan.factsInputs.push_back(A);
  }
  if (C.scan.factsInputs.empty())
    return usageError("analyze needs the facts files or folders 'riskgate extract' wrote");
  if (C.format == "markdown")
    return usageError("--format markdown is for 'riskgate diff'");
  C.scan.noCache = true;
  return scanAndReport(C);
}

/// `diff --pre-commit`, what the pre-commit framework's hook runs: pre-commit's ref-range
/// mode (PRE_COMMIT_FROM_REF/TO_REF) diffs that range, a commit diffs the staged change, and
/// `pre-commit run --all-files` (nothing staged, no range) scans the whole program against
/// --baseline, or stops with a message saying how: never a pass that checked nothing.
/// Returns an exit code when it ran the command itself, -1 when D is set up for runDiff.
int preCommitMode(CommonCli &C, DiffOptions &D) {
  auto Env = [](const char *Name, const char *Legacy) {
    const char *V = std::getenv(Name);
    if (!V || !*V)
      V = std::getenv(Legacy);
    return std::string(V ? V : "");
  };
  std::string From = Env("PRE_COMMIT_FROM_REF", "PRE_COMMIT_ORIGIN");
  std::string To = Env("PRE_COMMIT_TO_REF", "PRE_COMMIT_SOURCE");
  std::optional<std::string> Top = gitTopLevel(D.cwd);
  if (!Top)
    return usageError(D.cwd + ": not inside a git repository");
  if (!From.empty() && !To.empty()) {
    D.mode = DiffOptions::Mode::Base;
    D.baseRev = From;
    GitResult ToRev = runGit(*Top, {"rev-parse", "--verify", "--quiet", To + "^{commit}"});
    GitResult Head = runGit(*Top, {"rev-parse", "--verify", "--quiet", "HEAD^{commit}"});
    if (!ToRev.ok())
      return usageError("PRE_COMMIT_TO_REF '" + To + "' is not a commit of this repository");
    if (ToRev.out != Head.out)
      llvm::errs() << "riskgate: warning: PRE_COMMIT_TO_REF " << printable(To)
                   << " is not HEAD; the working tree is analyzed, as pre-commit's other hooks "
                      "see it\n";
    return -1;
  }
  if (!runGit(*Top, {"diff", "--cached", "--quiet"}).ok()) {
    D.mode = DiffOptions::Mode::Staged; // a commit: the staged change
    return -1;
  }
  // Nothing staged and no range: `pre-commit run --all-files` (pre-commit runs the hook only
  // when a staged file matches it, so a commit never gets here).
  if (C.scan.baselineFile.empty()) {
    llvm::errs() << "riskgate: error: nothing staged and no ref range, so there is no change "
                    "to gate (pre-commit run --all-files?): add '--baseline FILE' to the "
                    "hook's args (written by 'riskgate baseline write FILE') to scan the whole "
                    "program and gate new findings, or run 'pre-commit run --from-ref BASE "
                    "--to-ref HEAD'\n";
    return 2;
  }
  llvm::errs() << "riskgate: nothing staged and no ref range: scanning the whole program; "
                  "findings recorded in "
               << printable(C.scan.baselineFile) << " do not gate\n";
  if (C.scan.buildDir.empty() && !llvm::sys::fs::exists(*Top + "/compile_commands.json"))
    C.scan.buildDir = *Top + "/build";
  C.scan.rootDir = *Top;
  return scanAndReport(C);
}

int runDiffCommand(const std::vector<std::string> &Args) {
  CommonCli C;
  DiffOptions D;
  int Modes = 0;
  bool PreCommit = false;
  for (size_t I = 0; I < Args.size(); ++I) {
    const std::string &A = Args[I];
    std::string V;
    bool Missing = false;
    if (A == "-h" || A == "--help") {
      llvm::outs() << DiffHelp;
      return 0;
    }
    if (takeValue(Args, I, "--base", "", V, Missing)) {
      D.mode = DiffOptions::Mode::Base;
      D.baseRev = V;
      ++Modes;
    } else if (takeValue(Args, I, "--patch", "", V, Missing)) {
      D.mode = DiffOptions::Mode::Patch;
      D.patchFile = V;
      ++Modes;
    } else if (A == "--staged" || A == "--cached") {
      D.mode = DiffOptions::Mode::Staged;
      ++Modes;
    } else if (A == "--pre-commit") {
      PreCommit = true;
      ++Modes;
    } else if (A == "--all") {
      D.all = true;
    } else if (A == "--whole-program") {
      D.wholeProgram = true;
    } else if (takeValue(Args, I, "--facts", "", V, Missing)) {
      if (!Missing)
        C.scan.factsInputs.push_back(V);
    } else if (takeValue(Args, I, "--facts-from", "", V, Missing)) {
      if (!Missing && !readFactsList(V, C.scan.factsInputs))
        return 2;
    } else {
      Parsed P = parseCommon(Args, I, C);
      if (P == Parsed::Error)
        return 2;
      if (P == Parsed::Unknown)
        return unknownOption(A, "diff", DiffHelp);
    }
    if (Missing)
      return usageError("option '" + A + "' needs a value");
  }
  if (C.dumpConfig)
    return dumpConfig(C);
  if (Modes != 1)
    return usageError(
        Modes == 0 ? "say what to compare: --base REV, --staged, --patch FILE or --pre-commit"
                   : "--base, --staged, --patch and --pre-commit exclude each other");
  if (!C.scan.factsInputs.empty()) {
    if (D.mode != DiffOptions::Mode::Base || PreCommit)
      return usageError("--facts goes with --base: the facts describe the working tree, "
                        "which only --base compares");
    C.scan.factsWithDatabase = true;
  }
  C.scan.progress = !C.quiet;
  D.cwd = currentDir();
  if (PreCommit) {
    if (int Code = preCommitMode(C, D); Code >= 0)
      return Code;
  }
  D.scan = C.scan;
  D.failOn = C.failOn == "none" ? std::nullopt : parseGrade(C.failOn);
  ScanOutcome O = runDiff(D);
  return emitReport(O, C);
}

int runBaselineCommand(const std::vector<std::string> &Args) {
  if (Args.empty() || Args[0] == "-h" || Args[0] == "--help") {
    llvm::outs() << BaselineHelp;
    return Args.empty() ? 2 : 0;
  }
  if (Args[0] != "write" || Args.size() < 2)
    return usageError("usage: riskgate baseline write FILE [scan options] [FILE...]");
  std::string Out = Args[1];
  std::vector<std::string> Rest(Args.begin() + 2, Args.end());
  CommonCli C;
  for (size_t I = 0; I < Rest.size(); ++I) {
    const std::string &A = Rest[I];
    if (A == "--") {
      C.scan.fixedArgs = std::vector<std::string>(Rest.begin() + I + 1, Rest.end());
      break;
    }
    Parsed P = parseCommon(Rest, I, C);
    if (P == Parsed::Error)
      return 2;
    if (P == Parsed::Consumed)
      continue;
    if (!A.empty() && A[0] == '-')
      return unknownOption(A, "baseline write", BaselineHelp);
    C.scan.files.push_back(A);
  }
  C.scan.progress = !C.quiet;
  C.scan.rootDir = currentDir();
  C.scan.baselineFile.clear();
  ScanOutcome O = runScan(C.scan);
  for (const std::string &W : O.warnings)
    llvm::errs() << "riskgate: warning: " << printable(W) << "\n";
  if (!O.fatal.empty()) {
    llvm::errs() << "riskgate: error: " << printable(O.fatal) << "\n";
    return 2;
  }
  for (const ToolError &E : O.report.errors)
    llvm::errs() << toolErrorLine(E, O.report.rootDir) << "\n";
  std::string Error;
  if (!writeBaseline(Out, O.report.findings, O.report.rootDir, Error)) {
    llvm::errs() << "riskgate: error: " << printable(Error) << "\n";
    return 2;
  }
  llvm::outs() << "riskgate: recorded " << O.report.findings.size() << " findings in " << Out
               << "\n";
  return O.report.errors.empty() ? 0 : 2;
}

int runHookCommand(const std::vector<std::string> &Args, const char *Argv0) {
  if (Args.empty() || Args[0] == "-h" || Args[0] == "--help") {
    llvm::outs() << HookHelp;
    return Args.empty() ? 2 : 0;
  }
  if (Args[0] == "uninstall") {
    if (Args.size() > 1)
      return unknownOption(Args[1], "hook uninstall", HookHelp);
    std::string Message, Error;
    if (!uninstallHook(currentDir(), Message, Error)) {
      llvm::errs() << "riskgate: error: " << printable(Error) << "\n";
      return 2;
    }
    llvm::outs() << "riskgate: " << Message << "\n";
    return 0;
  }
  if (Args[0] != "install")
    return usageError("unknown hook command '" + Args[0] + "'" +
                      didYouMean(Args[0], {"install", "uninstall"}));
  HookOptions H;
  for (size_t I = 1; I < Args.size(); ++I) {
    std::string V;
    bool Missing = false;
    if (Args[I] == "--force")
      H.force = true;
    else if (takeValue(Args, I, "--build-dir", "-p", V, Missing))
      H.buildDir = V;
    else
      return unknownOption(Args[I], "hook install", HookHelp);
    if (Missing)
      return usageError("option '" + Args[I] + "' needs a value");
  }
  H.cwd = currentDir();
  H.riskgatePath = llvm::sys::fs::getMainExecutable(Argv0, reinterpret_cast<void *>(&usageError));
  H.onPath = bool(llvm::sys::findProgramByName("riskgate"));
  std::string Message, Error;
  std::vector<std::string> Warnings;
  bool Ok = installHook(H, Message, Error, Warnings);
  for (const std::string &W : Warnings)
    llvm::errs() << "riskgate: warning: " << printable(W) << "\n";
  if (!Ok) {
    llvm::errs() << "riskgate: error: " << printable(Error) << "\n";
    return 2;
  }
  llvm::outs() << "riskgate: " << Message << "\n";
  return 0;
}

/// `riskgate --version`: what a bug report needs. The version and commit, the LLVM it was
/// built with, where the builtin headers come from, and each rule pack with the hash of its
/// content (the packs are compiled in: their version is the binary's).
int printVersion() {
  auto &OS = llvm::outs();
  OS << "riskgate " << RISKGATE_VERSION << " (commit " << RISKGATE_COMMIT << ")\n"
     << "LLVM " << LLVM_VERSION_STRING << "\n";
  std::string Error;
  std::string Resource = resolveResourceDir("", Error);
  OS << "builtin headers: " << Resource << (Error.empty() ? "" : " (missing)") << "\n";
  PackSet Packs;
  PackError PE;
  if (!loadPacks("", Packs, PE)) {
    llvm::errs() << "riskgate: error: " << printable(PE.str()) << "\n";
    return 2;
  }
  OS << "rule packs:";
  for (const RulePack &P : Packs.packs())
    for (const EmbeddedPack &E : embeddedPacks())
      if (P.path == E.path)
        OS << " " << P.name << "@" << stableHash({E.content}).substr(0, 8);
  OS << "\n";
  return 0;
}

int runRulesCommand(const std::vector<std::string> &Args) {
  std::string Pack;
  std::vector<std::string> PacksDirs;
  bool Builtin = true;
  for (size_t I = 0; I < Args.size(); ++I) {
    std::string V;
    bool Missing = false;
    if (Args[I] == "-h" || Args[I] == "--help") {
      llvm::outs() << RulesHelp;
      return 0;
    }
    if (takeValue(Args, I, "--explain", "", V, Missing)) {
      if (Missing)
        return usageError("option '--explain' needs a rule");
      if (const char *Page = ruleDoc(V)) {
        llvm::outs() << Page;
        return 0;
      }
      std::vector<std::string> Ids;
      for (const RuleDoc &D : ruleDocs())
        Ids.push_back(D.id);
      return usageError("unknown rule '" + V + "'" + didYouMean(V, Ids));
    } else if (takeValue(Args, I, "--pack", "", V, Missing))
      Pack = V;
    else if (takeValue(Args, I, "--packs-dir", "", V, Missing))
      PacksDirs.push_back(V);
    else if (Args[I] == "--no-builtin-packs")
      Builtin = false;
    else
      return unknownOption(Args[I], "rules", RulesHelp);
    if (Missing)
      return usageError("option '" + Args[I] + "' needs a value");
  }
  PackSet Packs;
  PackError PE;
  if (!loadPacks(PacksDirs, Builtin, Packs, PE)) {
    llvm::errs() << "riskgate: error: " << printable(PE.str()) << "\n";
    return 2;
  }
  auto &OS = llvm::outs();
  if (!Pack.empty()) {
    for (const RulePack &P : Packs.packs()) {
      if (P.name != Pack)
        continue;
      OS << P.name << ": " << P.description << " (" << P.path << ")\n";
      for (const ApiEntry &A : P.apis) {
        OS << "  " << A.name;
        if (A.arity >= 0) // overloads: one line each, told apart by their parameter count
          OS << " (" << A.arity << (A.arity == 1 ? " argument)" : " arguments)");
        OS << "  kind=" << accessKindName(A.kind);
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
    OS << "  " << R.id << "  [" << severityName(R.defaultSeverity) << ", " << R.maturity << "]  "
       << R.summary << "  (" << ruleDocPath(R.id) << ")\n";
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
  if (Cmd == "--version" || Cmd == "-V" || Cmd == "version")
    return printVersion();
  if (Cmd == "help") {
    std::string Topic = Rest.empty() ? "" : Rest.front();
    if (const char *Page = ruleDoc(Topic)) { // `riskgate help n-plus-one`: the rule's page
      llvm::outs() << Page;
      return 0;
    }
    llvm::outs() << (Topic == "scan"       ? ScanHelp
                     : Topic == "diff"     ? DiffHelp
                     : Topic == "hook"     ? HookHelp
                     : Topic == "baseline" ? BaselineHelp
                     : Topic == "rules"    ? RulesHelp
                     : Topic == "extract"  ? ExtractHelp
                     : Topic == "analyze"  ? AnalyzeHelp
                                           : MainHelp);
    return 0;
  }
  if (Cmd == "scan")
    return runScanCommand(Rest);
  if (Cmd == "diff")
    return runDiffCommand(Rest);
  if (Cmd == "extract")
    return runExtractCommand(Rest);
  if (Cmd == "analyze")
    return runAnalyzeCommand(Rest);
  if (Cmd == "hook")
    return runHookCommand(Rest, argv[0]);
  if (Cmd == "baseline")
    return runBaselineCommand(Rest);
  if (Cmd == "rules")
    return runRulesCommand(Rest);
  return usageError("unknown command '" + Cmd + "'" +
                    didYouMean(Cmd, {"scan", "diff", "extract", "analyze", "hook", "baseline",
                                     "rules", "help", "version"}));
}
