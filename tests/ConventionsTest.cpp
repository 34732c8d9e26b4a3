// The command-line conventions C++ teams bring from clang-tidy: compile flags (GCC-only ones,
// --extra-arg, --remove-arg), scans of some files against the whole program, the "not seen"
// summary, --config/--dump-config/--exclude, rule packs added or replaced, severities as a
// base, and suppressions that silence nothing.
#include "TestSupport.h"

#include "llvm/Support/JSON.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>

using namespace riskgate::test;

namespace {

/// One compile_commands.json entry, as a GCC build writes it.
std::string entry(const TempDir &D, const std::string &File, const std::string &Flags) {
  return "{\"directory\": \"" + D.path() + "\", \"file\": \"" + File + "\", \"command\": \"g++ " +
         Flags + " -I" RISKGATE_PQ_INCLUDE " -c " + File + " -o " + File + ".o\"}";
}

const char *const Lookup = R"cpp(#include <libpq-fe.h>
int lookup(PGconn *c, int id) {
  PGresult *r = PQexec(c, "SELECT name FROM users WHERE id = 1");
  int n = PQntuples(r) + id;
  PQclear(r);
  return n;
}
)cpp";

const char *const Caller = R"cpp(#include <libpq-fe.h>
#include <vector>
int lookup(PGconn *c, int id);
int total(PGconn *c, const std::vector<int> &ids) {
  int n = 0;
  for (int id : ids)
    n += lookup(c, id);
  return n;
}
)cpp";

TEST(Conventions, GccOnlyFlagsAreDroppedNotFatal) {
  TempDir D;
  writeFile(D.path("caller.cpp"), Caller);
  writeFile(D.path("lookup.cpp"), Lookup);
  writeFile(D.path("build/compile_commands.json"),
            "[" +
                entry(D, "lookup.cpp",
                      "-std=gnu++17 -O2 -fipa-pta -fconcepts-diagnostics-depth=3 "
                      "-mno-direct-extern-access -Wno-maybe-uninitialized") +
                "," +
                entry(D, "caller.cpp",
                      "-std=gnu++17 -fno-var-tracking-assignments -aux-info "
                      "protos.h") +
                "]");
  // Clang's driver rejects all four: without riskgate dropping them, each unit fails to parse.
  auto Plain =
      run(D.path(), "clang++-19 -fsyntax-only -fipa-pta lookup.cpp -I" RISKGATE_PQ_INCLUDE);
  ASSERT_NE(Plain.exitCode, 0);
  auto R = run(D.path(), riskgateBinary() + " scan -p build --quiet --no-cache --stats "
                                            "--rules n-plus-one");
  EXPECT_EQ(R.exitCode, 1) << R.out << R.err; // the network N+1 across units: high
  EXPECT_NE(R.out.find("caller.cpp:7:10: error: [high] call to 'lookup'"), std::string::npos)
      << R.out;
  EXPECT_EQ(R.out.find("riskgate-parse"), std::string::npos) << R.out;
  EXPECT_NE(R.err.find("flags dropped:    5 (not Clang flags"), std::string::npos) << R.err;
  // (a GCC option's value goes with it, or it would pass for a second input file)
  for (const char *F : {"-fipa-pta", "-fconcepts-diagnostics-depth=3", "-mno-direct-extern-access",
                        "-fno-var-tracking-assignments", "-aux-info protos.h"})
    EXPECT_NE(R.err.find(std::string("    ") + F + "\n"), std::string::npos) << F << R.err;
  // Not listed as security drops in the report: they are not riskgate's business.
  EXPECT_EQ(R.out.find("dropped compiler flag"), std::string::npos) << R.out;
}

TEST(Conventions, ExtraArgsAndRemovedArgs) {
  TempDir D;
  writeFile(D.path("a.cpp"), std::string("#ifndef FEATURE\n#error FEATURE is not defined\n#endif\n"
                                         "#ifdef BROKEN\n#error BROKEN is defined\n#endif\n") +
                                 Caller);
  writeFile(D.path("compile_commands.json"), "[" + entry(D, "a.cpp", "-DBROKEN=1") + "]");
  auto Bad = run(D.path(), riskgateBinary() + " scan --quiet --no-cache a.cpp");
  EXPECT_EQ(Bad.exitCode, 2);
  // The form editors' problem matchers read: file:line:col: error: message.
  EXPECT_NE(Bad.out.find("a.cpp:2:2: error: FEATURE is not defined [riskgate-parse]"),
            std::string::npos)
      << Bad.out;
  EXPECT_NE(Bad.out.find("a.cpp:5:2: error: BROKEN is defined [riskgate-parse]"), std::string::npos)
      << Bad.out;
  EXPECT_EQ(Bad.err.find("error generated"), std::string::npos) << Bad.err; // no Clang chatter
  auto Good = run(D.path(), riskgateBinary() + " scan --quiet --no-cache --extra-arg=-DFEATURE "
                                               "--remove-arg '-DBROKEN*' a.cpp");
  EXPECT_EQ(Good.exitCode, 0) << Good.out << Good.err;
  EXPECT_EQ(Good.out.find("riskgate-parse"), std::string::npos) << Good.out;
  // --extra-arg-before goes after the compiler: a later -U in the database wins over it.
  writeFile(D.path("compile_commands.json"), "[" + entry(D, "a.cpp", "-UFEATURE") + "]");
  auto Before = run(D.path(), riskgateBinary() +
                                  " scan --quiet --no-cache --extra-arg-before -DFEATURE a.cpp");
  EXPECT_EQ(Before.exitCode, 2) << Before.out;
  auto After =
      run(D.path(), riskgateBinary() + " scan --quiet --no-cache --extra-arg -DFEATURE a.cpp");
  EXPECT_EQ(After.exitCode, 0) << After.out << After.err;
}

TEST(Conventions, ScanningOneFileSeesTheWholeProgramThroughTheIndex) {
  TempDir D;
  writeFile(D.path("caller.cpp"), Caller);
  writeFile(D.path("lookup.cpp"), Lookup);
  writeFile(D.path("build/compile_commands.json"),
            "[" + entry(D, "lookup.cpp", "") + "," + entry(D, "caller.cpp", "") + "]");
  std::string Scan = riskgateBinary() + " scan -p build --quiet --rules n-plus-one ";
  // A cold index: the other unit is not seen, and the report says so.
  auto Cold = run(D.path(), Scan + "caller.cpp");
  EXPECT_EQ(Cold.exitCode, 0) << Cold.out << Cold.err;
  EXPECT_NE(Cold.out.find("riskgate: not seen: 1 other unit not in the fact index"),
            std::string::npos)
      << Cold.out;
  EXPECT_NE(Cold.err.find("findings that cross into them may be missing"), std::string::npos)
      << Cold.err;
  // The whole program once; then the one file is analyzed against it.
  auto Whole = run(D.path(), Scan);
  EXPECT_EQ(Whole.exitCode, 1) << Whole.out << Whole.err;
  auto One = run(D.path(), Scan + "--stats caller.cpp");
  EXPECT_EQ(One.exitCode, 1) << One.out << One.err;
  EXPECT_NE(One.out.find("caller.cpp:7:10: error: [high] call to 'lookup' runs a query"),
            std::string::npos)
      << One.out;
  EXPECT_NE(One.out.find("lookup.cpp:3:17: note: which runs PQexec here"), std::string::npos)
      << One.out;
  EXPECT_NE(One.out.find("1 finding (1 high) in 1 unit"), std::string::npos) << One.out;
  EXPECT_EQ(One.out.find("not seen"), std::string::npos) << One.out;
  EXPECT_NE(One.err.find("units:            1 (0 parsed"), std::string::npos) << One.err;
  // Only the named file's findings: the other unit's own are not reported.
  auto Other = run(D.path(), Scan + "--format json lookup.cpp");
  auto V = llvm::json::parse(Other.out);
  ASSERT_TRUE(bool(V)) << Other.out;
  EXPECT_TRUE(V->getAsObject()->getArray("findings")->empty()) << Other.out;
  // No index at all: a warning, and "not seen" in the report.
  auto NoIndex = run(D.path(), Scan + "--no-cache caller.cpp");
  EXPECT_EQ(NoIndex.exitCode, 0);
  EXPECT_NE(NoIndex.err.find("no fact index (--no-cache): only the files named are analyzed"),
            std::string::npos)
      << NoIndex.err;
  EXPECT_NE(NoIndex.out.find("riskgate: not seen: the rest of the program"), std::string::npos)
      << NoIndex.out;
}

TEST(Conventions, OneFileScanHonoursSuppressionsInOtherFilesAndRelativePaths) {
  TempDir D;
  writeFile(D.path("src/caller.cpp"), Caller);
  // The suppression stands at the statement the trace ends at, in the other unit.
  std::string Suppressed = Lookup;
  Suppressed.replace(Suppressed.find("  PGresult"), 0,
                     "  // riskgate-ignore(n-plus-one): ids are few, capped by the API\n");
  writeFile(D.path("src/lookup.cpp"), Suppressed);
  // Commands as CMake writes them: run in build/, naming ../src/x.cpp.
  auto Rel = [&](const std::string &File) {
    return "{\"directory\": \"" + D.path("build") + "\", \"file\": \"../src/" + File +
           "\", \"command\": \"c++ -I" RISKGATE_PQ_INCLUDE " -c ../src/" + File + "\"}";
  };
  writeFile(D.path("build/compile_commands.json"),
            "[" + Rel("lookup.cpp") + "," + Rel("caller.cpp") + "]");
  std::string Scan = riskgateBinary() + " scan -p build --quiet --rules n-plus-one ";
  ASSERT_EQ(run(D.path(), Scan).exitCode, 0);
  auto One = run(D.path(), Scan + "src/caller.cpp");
  EXPECT_EQ(One.exitCode, 0) << One.out << One.err;
  EXPECT_NE(One.out.find("0 findings in 1 unit, 1 suppressed"), std::string::npos) << One.out;
  EXPECT_EQ(One.out.find("suppresses nothing"), std::string::npos) << One.out;
  // A parse error in a unit compiled from build/ names the file relative to here.
  writeFile(D.path("src/caller.cpp"), std::string(Caller) + "int broken( {\n");
  auto Broken = run(D.path(), Scan + "--no-cache src/caller.cpp");
  EXPECT_EQ(Broken.exitCode, 2);
  EXPECT_NE(Broken.out.find("\nsrc/caller.cpp:10:"), std::string::npos) << Broken.out;
  EXPECT_EQ(Broken.out.find("while parsing"), std::string::npos) << Broken.out;
  EXPECT_EQ(Broken.out.find("../src"), std::string::npos) << Broken.out;
}

TEST(Conventions, NotSeenIsSaidInTextAndJson) {
  TempDir D;
  writeFile(D.path("broken.cpp"), std::string(Caller) + "int broken( {\n");
  writeFile(D.path("lookup.cpp"),
            std::string(Lookup) + "int viaPointer(int (*f)(int)) { return f(1); }\n");
  writeFile(D.path("compile_commands.json"),
            "[" + entry(D, "broken.cpp", "") + "," + entry(D, "lookup.cpp", "") + "]");
  auto T = run(D.path(), riskgateBinary() + " scan --quiet --no-cache --rules n-plus-one");
  EXPECT_EQ(T.exitCode, 2);
  EXPECT_NE(T.out.find("riskgate: not seen: 1 unit with parse errors (analyzed as far as Clang "
                       "got); 1 indirect call not resolved"),
            std::string::npos)
      << T.out;
  auto J = run(D.path(), riskgateBinary() + " scan --quiet --no-cache --format json");
  auto V = llvm::json::parse(J.out);
  ASSERT_TRUE(bool(V)) << J.out;
  const auto *NotSeen = V->getAsObject()->getObject("notSeen");
  ASSERT_TRUE(NotSeen);
  EXPECT_EQ(NotSeen->getObject("unitsWithErrors")->getInteger("count"), 1);
  EXPECT_EQ(NotSeen->getObject("unresolvedCalls")->getInteger("count"), 1);
  // Everything seen: no line.
  writeFile(D.path("caller.cpp"), Caller);
  auto Seen = run(D.path(), riskgateBinary() +
                                " scan --quiet --no-cache caller.cpp -- -I" RISKGATE_PQ_INCLUDE);
  EXPECT_EQ(Seen.out.find("not seen"), std::string::npos) << Seen.out;
}

TEST(Conventions, ConfigFileDumpConfigAndExclude) {
  TempDir D;
  writeFile(D.path("src/caller.cpp"), Caller);
  writeFile(D.path("src/lookup.cpp"), Lookup);
  writeFile(D.path("gen/copy.cpp"),
            std::regex_replace(std::string(Caller), std::regex("total"), "generatedTotal"));
  writeFile(D.path("build/compile_commands.json"), "[" + entry(D, "src/lookup.cpp", "") + "," +
                                                       entry(D, "src/caller.cpp", "") + "," +
                                                       entry(D, "gen/copy.cpp", "") + "]");
  writeFile(D.path(".riskgate.yaml"), "rules:\n  n-plus-one: {severity: low}\n");
  writeFile(D.path("ci/strict.yaml"),
            "rules:\n  n-plus-one: {severity: critical}\n"
            "  unchecked-db-result: off\nhot: [\"*::handle\"]\n"
            "apis:\n  - {name: \"noise::log\", kind: ignore}\n"
            "  - {name: \"Legacy::call\", kind: remote, latency: network, reports-failure: "
            "null-pointer, arity: 2}\nexclude: [\"../gen/*\"]\n");
  std::string Scan = riskgateBinary() + " scan -p build --quiet --no-cache --format json ";
  auto Severities = [&](const std::string &Args) {
    std::vector<std::string> Out;
    auto R = run(D.path(), Scan + Args);
    auto V = llvm::json::parse(R.out);
    if (!V) {
      llvm::consumeError(V.takeError());
      return std::vector<std::string>{"unparsable: " + R.out + R.err};
    }
    for (const auto &F : *V->getAsObject()->getArray("findings"))
      Out.push_back(F.getAsObject()->getString("file")->str() + " " +
                    F.getAsObject()->getString("rule")->str() + " " +
                    F.getAsObject()->getString("severity")->str());
    return Out;
  };
  // The nearest .riskgate.yaml: n-plus-one based at low (its default is high; this finding
  // is high, so it stays at the base).
  EXPECT_EQ(
      Severities("--rules n-plus-one"),
      (std::vector<std::string>{"gen/copy.cpp n-plus-one low", "src/caller.cpp n-plus-one low"}));
  // --config replaces discovery: based at critical.
  EXPECT_EQ(Severities("--rules n-plus-one --config ci/strict.yaml"),
            (std::vector<std::string>{"gen/copy.cpp n-plus-one critical",
                                      "src/caller.cpp n-plus-one critical"}));
  // --exclude: neither analyzed nor reported.
  EXPECT_EQ(Severities("--rules n-plus-one --exclude 'gen/*'"),
            (std::vector<std::string>{"src/caller.cpp n-plus-one low"}));
  auto Excluded = run(D.path(), Scan + "--exclude 'gen/*'");
  EXPECT_NE(Excluded.err.find("1 of 3 units match --exclude and are not analyzed"),
            std::string::npos)
      << Excluded.err;
  // --dump-config prints what applies, as YAML that --config reads back.
  auto Dump = run(D.path(), riskgateBinary() + " scan --config ci/strict.yaml --dump-config");
  EXPECT_EQ(Dump.exitCode, 0) << Dump.err;
  EXPECT_NE(Dump.out.find("  n-plus-one: {enabled: on, severity: critical}\n"), std::string::npos)
      << Dump.out;
  EXPECT_NE(Dump.out.find("  unchecked-db-result: {enabled: off, severity: medium}\n"),
            std::string::npos)
      << Dump.out;
  EXPECT_NE(Dump.out.find("  dynamic-sql: {enabled: on, severity: high}\n"), std::string::npos)
      << Dump.out;
  EXPECT_NE(Dump.out.find("hot: [\"*::handle\"]\n"), std::string::npos) << Dump.out;
  EXPECT_NE(Dump.out.find("  - {name: \"noise::log\", kind: ignore}\n"), std::string::npos)
      << Dump.out;
  EXPECT_NE(Dump.out.find("  - {name: \"Legacy::call\", kind: remote, latency: network, "
                          "reports-failure: null-pointer, arity: 2}\n"),
            std::string::npos)
      << Dump.out;
  // Paths relative to the configuration's folder are written absolute.
  EXPECT_NE(Dump.out.find("exclude: [\"" + D.path("ci") + "/../gen/*\"]"), std::string::npos)
      << Dump.out;
  writeFile(D.path("dumped.yaml"), Dump.out);
  EXPECT_EQ(Severities("--rules n-plus-one --config dumped.yaml"),
            Severities("--rules n-plus-one --config ci/strict.yaml"));
  auto Here = run(D.path("src"), riskgateBinary() + " diff --dump-config");
  EXPECT_EQ(Here.exitCode, 0) << Here.err;
  EXPECT_NE(Here.out.find("# read from: " + D.path(".riskgate.yaml")), std::string::npos)
      << Here.out;
  EXPECT_NE(Here.out.find("  n-plus-one: {enabled: on, severity: low}\n"), std::string::npos)
      << Here.out;
  auto Missing = run(D.path(), Scan + "--config nowhere.yaml");
  EXPECT_EQ(Missing.exitCode, 2);
  EXPECT_NE(Missing.err.find("nowhere.yaml: cannot read the configuration"), std::string::npos)
      << Missing.err;
}

TEST(Conventions, SeverityIsABaseThatContextMoves) {
  TempDir D;
  // A network N+1 in a nested loop: high, one level up for the nesting (critical).
  writeFile(D.path("nested.cpp"), R"cpp(#include <libpq-fe.h>
#include <vector>
void f(PGconn *c, const std::vector<std::vector<int>> &groups) {
  for (const auto &g : groups)
    for (int id : g)
      PQclear(PQexec(c, "SELECT 1"));
}
void g(PGconn *c, int n) {
  while (n--)
    PQclear(PQexec(c, "SELECT 2"));
}
)cpp");
  writeFile(D.path("compile_commands.json"), "[" + entry(D, "nested.cpp", "") + "]");
  auto Lines = [&]() {
    auto R = run(D.path(), riskgateBinary() + " scan --quiet --no-cache --rules n-plus-one");
    std::vector<std::string> Out;
    std::regex Re(R"(nested\.cpp:(\d+):\d+: \w+: \[(\w+)\])");
    for (std::sregex_iterator It(R.out.begin(), R.out.end(), Re), End; It != End; ++It)
      Out.push_back((*It)[1].str() + " " + (*It)[2].str());
    return Out;
  };
  EXPECT_EQ(Lines(), (std::vector<std::string>{"6 critical", "10 high"}));
  writeFile(D.path(".riskgate.yaml"), "rules:\n  n-plus-one: {severity: medium}\n");
  EXPECT_EQ(Lines(), (std::vector<std::string>{"6 high", "10 medium"}));
  writeFile(D.path(".riskgate.yaml"), "rules:\n  n-plus-one: {severity: low}\n");
  EXPECT_EQ(Lines(), (std::vector<std::string>{"6 medium", "10 low"}));
}

TEST(Conventions, PacksDirAddsToTheBuiltInPacks) {
  TempDir D;
  writeFile(D.path("a.cpp"), R"cpp(#include <libpq-fe.h>
int legacyCall(int id);
void f(PGconn *c, int n) {
  while (n--) {
    PQclear(PQexec(c, "SELECT 1"));
    legacyCall(n);
  }
}
)cpp");
  writeFile(D.path("compile_commands.json"), "[" + entry(D, "a.cpp", "") + "]");
  writeFile(D.path("packs/legacy.yaml"),
            "pack: legacy\napis:\n  - {name: legacyCall, kind: remote, latency: network}\n");
  std::string Scan = riskgateBinary() + " scan --quiet --no-cache --rules n-plus-one ";
  auto Added = run(D.path(), Scan + "--packs-dir packs");
  EXPECT_NE(Added.out.find("a.cpp:5:13: error: [high] 'PQexec'"), std::string::npos) << Added.out;
  EXPECT_NE(Added.out.find("a.cpp:6:5: error: [high] 'legacyCall'"), std::string::npos)
      << Added.out;
  auto Only = run(D.path(), Scan + "--packs-dir packs --no-builtin-packs");
  EXPECT_EQ(Only.out.find("PQexec"), std::string::npos) << Only.out;
  EXPECT_NE(Only.out.find("'legacyCall'"), std::string::npos) << Only.out;
  // A pack named like a built-in one replaces it.
  writeFile(D.path("packs/libpq.yaml"), "pack: libpq\napis: []\n");
  auto Replaced = run(D.path(), Scan + "--packs-dir packs");
  EXPECT_EQ(Replaced.out.find("PQexec"), std::string::npos) << Replaced.out;
  EXPECT_NE(Replaced.out.find("'legacyCall'"), std::string::npos) << Replaced.out;
  // One entry per API: a duplicate is an error at its line.
  writeFile(D.path("dup/p.yaml"), "pack: p\napis:\n  - {name: a, kind: query, latency: network}\n"
                                  "  - {name: b, kind: query, latency: network}\n"
                                  "  - {name: a, kind: remote, latency: network}\n");
  auto Dup = run(D.path(), Scan + "--packs-dir dup");
  EXPECT_EQ(Dup.exitCode, 2);
  EXPECT_NE(Dup.err.find("dup/p.yaml:5: duplicate entry for 'a' (first at line 3)"),
            std::string::npos)
      << Dup.err;
}

TEST(Conventions, RulesPackListsEachApiOnce) {
  for (const char *Pack : {"libpq", "qtsql", "sqlite3", "mysql-connector-cpp", "poco-data"}) {
    auto R = run("/", riskgateBinary() + " rules --pack " + Pack);
    ASSERT_EQ(R.exitCode, 0) << Pack << R.err;
    std::set<std::string> Names;
    std::istringstream In(R.out);
    std::string Line;
    std::getline(In, Line); // the pack's own line
    while (std::getline(In, Line)) {
      std::string Name = Line.substr(0, Line.find("  kind="));
      EXPECT_TRUE(Names.insert(Name).second) << Pack << ": listed twice: " << Name;
    }
  }
  auto Qt = run("/", riskgateBinary() + " rules --pack qtsql");
  EXPECT_NE(Qt.out.find("  QSqlQuery::exec (1 argument)  kind=query"), std::string::npos) << Qt.out;
  EXPECT_NE(Qt.out.find("  QSqlQuery::exec (0 arguments)  kind=execute"), std::string::npos)
      << Qt.out;
}

TEST(Conventions, SuppressionsThatSilenceNothingAreNoted) {
  TempDir D;
  writeFile(D.path("a.cpp"), R"cpp(#include <libpq-fe.h>
const char *Doc = "// riskgate-ignore(n-plus-one): in a string, not a comment";
const char *Raw = R"x(
// NOLINT(riskgate-n-plus-one): in a raw string
)x";
void f(PGconn *c, int n) {
  while (n--)
    PQclear(PQexec(c, "SELECT 1")); // riskgate-ignore(n-plus-one): used
}
void g(PGconn *c) {
  PQclear(PQexec(c, "SELECT 2")); // riskgate-ignore(n-plus-one): stale
  // NOLINTNEXTLINE(riskgate-n-plus-one, bugprone-foo): stale too
  PQclear(PQexec(c, "SELECT 3"));
  // NOLINT(bugprone-foo): another tool's, never judged
  PQclear(PQexec(c, "SELECT 4")); // riskgate-ignore(dynamic-sql): a rule that did not run
  char a = u8'a'; // riskgate-ignore(n-plus-one): stale, after a u8 character literal
  int big = 1'000'000; // riskgate-ignore(n-plus-one): stale, after digit separators
  (void)a, (void)big;
}
)cpp");
  writeFile(D.path("compile_commands.json"), "[" + entry(D, "a.cpp", "") + "]");
  std::string Scan = riskgateBinary() + " scan --quiet --no-cache --rules n-plus-one ";
  auto R = run(D.path(), Scan);
  EXPECT_EQ(R.exitCode, 0) << R.out << R.err;
  std::vector<std::string> Notes;
  std::regex Re(R"((a\.cpp:\d+:\d+): note: '([^']+)' suppresses nothing)");
  for (std::sregex_iterator It(R.out.begin(), R.out.end(), Re), End; It != End; ++It)
    Notes.push_back((*It)[1].str() + " " + (*It)[2].str());
  EXPECT_EQ(Notes, (std::vector<std::string>{
                       "a.cpp:11:38 riskgate-ignore(n-plus-one)",
                       "a.cpp:12:6 NOLINTNEXTLINE(riskgate-n-plus-one, bugprone-foo)",
                       "a.cpp:16:22 riskgate-ignore(n-plus-one)",
                       "a.cpp:17:27 riskgate-ignore(n-plus-one)"}))
      << R.out;
  // A rule the file's configuration switches off: its suppressions are not judged.
  writeFile(D.path(".riskgate.yaml"), "rules:\n  n-plus-one: off\n");
  auto Off = run(D.path(), Scan);
  EXPECT_EQ(Off.out.find("suppresses nothing"), std::string::npos) << Off.out;
  std::remove(D.path(".riskgate.yaml").c_str());
  EXPECT_NE(R.out.find("1 suppressed"), std::string::npos) << R.out;
  auto Json = run(D.path(), Scan + "--format json");
  auto V = llvm::json::parse(Json.out);
  ASSERT_TRUE(bool(V));
  EXPECT_EQ(V->getAsObject()->getArray("unusedSuppressions")->size(), 4u);
  // A note, not an error, unless asked.
  EXPECT_EQ(run(D.path(), Scan + "--fail-on-unused-suppressions").exitCode, 1);
}

} // namespace
