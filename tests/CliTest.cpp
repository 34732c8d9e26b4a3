// The riskgate executable: arguments, errors (one line, exit 2), the gate's exit codes,
// and the JSON report's shape.
#include "TestSupport.h"

#include "llvm/Support/JSON.h"

#include <gtest/gtest.h>

using namespace riskgate::test;

namespace {

std::string flagsArgs() {
  std::string S;
  for (const std::string &F : testFlags())
    S += " '" + F + "'";
  return S;
}

// (in process, a loop as long as the request makes it: medium; over a loop of unknown size it
// would be low)
const char *const LoopSource = R"cpp(#include <sqlite3.h>
struct Request { int count() const; }; void f(sqlite3 *db, const Request &r) {
  for (int i = 0; i < r.count(); ++i)
    sqlite3_exec(db, "UPDATE t SET x = 1", nullptr, nullptr, nullptr);
}
)cpp";

const char *const NetworkLoopSource = R"cpp(#include <libpq-fe.h>
void g(PGconn *c, int n) {
  while (n--)
    PQclear(PQexec(c, "SELECT 1"));
}
)cpp";

unsigned lineCount(const std::string &S) {
  unsigned N = 0;
  for (char C : S)
    N += C == '\n';
  return N;
}

TEST(Cli, HelpForEveryCommand) {
  TempDir D;
  for (const char *Cmd : {" --help", " help scan", " scan --help", " rules --help"}) {
    auto R = run(D.path(), riskgateBinary() + Cmd);
    EXPECT_EQ(R.exitCode, 0) << Cmd;
    EXPECT_NE(R.out.find("USAGE"), std::string::npos) << Cmd;
  }
  auto Scan = run(D.path(), riskgateBinary() + " help scan");
  EXPECT_NE(Scan.out.find("--fail-on"), std::string::npos);
  EXPECT_NE(Scan.out.find("n-plus-one"), std::string::npos);
}

TEST(Cli, BadArgumentsExit2WithOneLine) {
  TempDir D;
  for (const char *Args : {" frobnicate", " scan --format xml x.cpp", " scan --fail-on severe",
                           " scan -j 0", " scan --bogus", " scan -p"}) {
    auto R = run(D.path(), riskgateBinary() + Args);
    EXPECT_EQ(R.exitCode, 2) << Args;
    EXPECT_EQ(lineCount(R.err), 1u) << Args << ": " << R.err;
    EXPECT_EQ(R.err.rfind("riskgate: error: ", 0), 0u) << R.err;
  }
}

// Conventions people bring from clang-tidy and git: -V, "did you mean", NO_COLOR, TERM=dumb.
TEST(Cli, VersionDidYouMeanAndNoColor) {
  TempDir D;
  auto V = run(D.path(), riskgateBinary() + " -V");
  EXPECT_EQ(V.exitCode, 0);
  EXPECT_EQ(V.out.rfind("riskgate ", 0), 0u) << V.out;
  auto Cmd = run(D.path(), riskgateBinary() + " scna");
  EXPECT_EQ(Cmd.exitCode, 2);
  EXPECT_NE(Cmd.err.find("unknown command 'scna' (did you mean 'scan'?)"), std::string::npos)
      << Cmd.err;
  auto Opt = run(D.path(), riskgateBinary() + " scan --fial-on=high x.cpp");
  EXPECT_EQ(Opt.exitCode, 2);
  EXPECT_NE(Opt.err.find("unknown option '--fial-on=high' for 'scan' (did you mean '--fail-on'?)"),
            std::string::npos)
      << Opt.err;
  EXPECT_EQ(lineCount(Opt.err), 1u) << Opt.err;
  auto Diff = run(D.path(), riskgateBinary() + " diff --stagde");
  EXPECT_NE(Diff.err.find("(did you mean '--staged'?)"), std::string::npos) << Diff.err;
  auto Far = run(D.path(), riskgateBinary() + " scan --zzzzzzzz");
  EXPECT_EQ(Far.err.find("did you mean"), std::string::npos) << Far.err;

  // On a terminal (util-linux `script` gives it one), colour is on, unless NO_COLOR is set or
  // TERM=dumb.
  writeFile(D.path("loop.cpp"), LoopSource);
  std::string Scan = riskgateBinary() + " scan --fail-on none loop.cpp --" + flagsArgs();
  auto OnTty = [&](const std::string &Env) {
    return run(D.path(), Env + " script -qec \"" + Scan + "\" /dev/null").out;
  };
  // (The progress line's clear, "\x1b[K", is a terminal control, not colour: colour is "\x1b[0;1m"
  // and its kin, "\x1b[" followed by a digit.)
  auto Colour = [](const std::string &Out) {
    for (size_t I = Out.find("\x1b["); I != std::string::npos; I = Out.find("\x1b[", I + 1))
      if (I + 2 < Out.size() && isdigit(static_cast<unsigned char>(Out[I + 2])))
        return true;
    return false;
  };
  EXPECT_TRUE(Colour(OnTty("TERM=xterm")));
  EXPECT_FALSE(Colour(OnTty("TERM=xterm NO_COLOR=1")));
  EXPECT_EQ(OnTty("TERM=dumb").find("\x1b["), std::string::npos); // no escapes at all
  EXPECT_NE(OnTty("TERM=dumb").find("loop.cpp:4:5: warning: ["), std::string::npos); // the report
}

// Every rule's page is in the binary: `help RULE`, `rules --explain RULE`.
TEST(Cli, RulePagesAreBuiltIn) {
  TempDir D;
  for (const char *Id : {"n-plus-one", "dynamic-sql", "unchecked-db-result", "missing-index",
                         "uncached-hot-path", "write-loop-without-transaction"}) {
    auto H = run(D.path(), riskgateBinary() + " help " + Id);
    EXPECT_EQ(H.exitCode, 0) << Id;
    EXPECT_EQ(H.out.rfind(std::string("# ") + Id + "\n", 0), 0u) << H.out.substr(0, 80);
    EXPECT_NE(H.out.find("## What it finds"), std::string::npos) << Id;
    auto E = run(D.path(), riskgateBinary() + " rules --explain " + Id);
    EXPECT_EQ(E.out, H.out) << Id;
  }
  auto Bad = run(D.path(), riskgateBinary() + " rules --explain n-plus-on");
  EXPECT_EQ(Bad.exitCode, 2);
  EXPECT_NE(Bad.err.find("unknown rule 'n-plus-on' (did you mean 'n-plus-one'?)"),
            std::string::npos)
      << Bad.err;
}

TEST(Cli, MissingCompileDatabase) {
  TempDir D;
  auto R = run(D.path(), riskgateBinary() + " scan");
  EXPECT_EQ(R.exitCode, 2);
  EXPECT_EQ(lineCount(R.err), 1u) << R.err;
  EXPECT_NE(R.err.find("compile_commands.json"), std::string::npos) << R.err;
  auto P = run(D.path(), riskgateBinary() + " scan --rules n-plus-one -p nowhere");
  EXPECT_EQ(P.exitCode, 2);
  EXPECT_EQ(P.err, "riskgate: error: " + D.path("nowhere") + ": no such build directory\n");
  run(D.path(), "mkdir empty");
  auto E = run(D.path(), riskgateBinary() + " scan --rules n-plus-one -p empty");
  EXPECT_EQ(E.exitCode, 2);
  EXPECT_EQ(E.err, "riskgate: error: " + D.path("empty/compile_commands.json") +
                       ": no such compile database\n");
}

TEST(Cli, MalformedCompileDatabaseNamesTheFile) {
  TempDir D;
  writeFile(D.path("build/compile_commands.json"), "[{\"directory\": \"/tmp\", \"file\": ");
  auto R = run(D.path(), riskgateBinary() + " scan");
  EXPECT_EQ(R.exitCode, 2);
  EXPECT_EQ(lineCount(R.err), 1u) << R.err;
  EXPECT_NE(R.err.find(D.path("build/compile_commands.json") + ": malformed compile database"),
            std::string::npos)
      << R.err;
  writeFile(D.path("build/compile_commands.json"), "[{\"file\": \"a.cpp\", \"command\": \"c++\"}]");
  auto NoDir = run(D.path(), riskgateBinary() + " scan --rules n-plus-one -p build");
  EXPECT_EQ(NoDir.exitCode, 2);
  EXPECT_NE(NoDir.err.find("malformed compile database"), std::string::npos) << NoDir.err;
}

TEST(Cli, FileWithoutEntry) {
  TempDir D;
  writeFile(D.path("a.cpp"), LoopSource);
  writeFile(D.path("b.cpp"), LoopSource);
  writeFile(D.path("compile_commands.json"), "[{\"directory\": \"" + D.path() +
                                                 "\", \"file\": \"a.cpp\", \"arguments\": "
                                                 "[\"c++\", \"-c\", \"a.cpp\"]}]");
  // No entry of its own: analyzed with the flags of the closest entry, and said (never a
  // silent pass).
  auto R = run(D.path(), riskgateBinary() + " scan --rules n-plus-one b.cpp");
  EXPECT_EQ(R.exitCode, 0) << R.err;
  // (a scan of one file with a cold index also says that a.cpp's facts were not at hand)
  EXPECT_EQ(R.err, "riskgate: warning: b.cpp: no entry in " + D.path("compile_commands.json") +
                       "; analyzed with the flags of a.cpp\nriskgate: warning: 1 other unit is "
                       "not in the fact index: findings that cross into them may be missing (a "
                       "scan without FILE fills the index)\n");
  EXPECT_NE(R.out.find("b.cpp:4:5: warning: [medium]"), std::string::npos) << R.out;
  auto Missing = run(D.path(), riskgateBinary() + " scan --rules n-plus-one c.cpp");
  EXPECT_EQ(Missing.exitCode, 2);
  EXPECT_EQ(Missing.err, "riskgate: error: c.cpp: no such file\n");
}

TEST(Cli, CompileDatabaseScanAndGate) {
  TempDir D;
  writeFile(D.path("src/a.cpp"), LoopSource);
  writeFile(D.path("src/b.cpp"), NetworkLoopSource);
  writeFile(D.path("build/compile_commands.json"),
            "[{\"directory\": \"" + D.path("build") +
                "\", \"file\": \"../src/a.cpp\", "
                "\"command\": \"c++ -std=c++17 -c ../src/a.cpp\"},"
                " {\"directory\": \"" +
                D.path("build") +
                "\", \"file\": \"../src/b.cpp\", "
                "\"command\": \"c++ -std=c++17 -I" RISKGATE_PQ_INCLUDE " -c ../src/b.cpp\"}]");
  // Found in ./build without -p; the network query in a loop trips the default gate.
  auto R = run(D.path(), riskgateBinary() + " scan --rules n-plus-one --no-cache");
  EXPECT_EQ(R.exitCode, 1) << R.out << R.err;
  EXPECT_NE(R.out.find("src/a.cpp:4:5: warning: [medium] 'sqlite3_exec' runs a query"),
            std::string::npos)
      << R.out;
  EXPECT_NE(R.out.find("src/b.cpp:4:13: error: [high] 'PQexec' runs a query"), std::string::npos)
      << R.out;
  EXPECT_NE(R.out.find("[n-plus-one]"), std::string::npos);
  EXPECT_NE(R.out.find("    4 |     sqlite3_exec("), std::string::npos) << R.out;
  EXPECT_NE(R.out.find("src/a.cpp:3:3: note: loop here"), std::string::npos) << R.out;
  EXPECT_NE(R.out.find("2 findings (1 high, 1 medium) in 2 units; gate FAILED"), std::string::npos)
      << R.out;
  // One file only, and a gate above its findings.
  auto A =
      run(D.path(), riskgateBinary() + " scan --rules n-plus-one --no-cache -p build src/a.cpp");
  EXPECT_EQ(A.exitCode, 0) << A.out << A.err;
  EXPECT_NE(A.out.find("1 finding (1 medium) in 1 unit; gate passed"), std::string::npos) << A.out;
  auto Low =
      run(D.path(), riskgateBinary() +
                        " scan --rules n-plus-one --no-cache -p build --fail-on low src/a.cpp");
  EXPECT_EQ(Low.exitCode, 1);
  auto None =
      run(D.path(), riskgateBinary() + " scan --rules n-plus-one --no-cache --fail-on none");
  EXPECT_EQ(None.exitCode, 0);
}

// Units built with one command share a PCH of the library headers they begin with
// (docs/performance.md). The scan reads through a byte order mark and an include guard after
// `#pragma once`, and a diagnostic _Pragma from a library macro (as Qt's Q_OBJECT has) keeps
// a unit sharing. A unit the scan misreads, because a library macro opens a namespace around
// an include or packs the structs after it, is caught while it parses over the PCH and parsed
// again on its own: the findings are a scan's without sharing. A unit that defines a macro
// before its includes gets no prefix.
TEST(Cli, SharedPrefixMisreadIsParsedAgainOnItsOwn) {
  TempDir D;
  writeFile(D.path("sys/wrap.h"), "#pragma once\n#define OPEN_WRAP namespace wrap {\n"
                                  "#define CLOSE_WRAP }\n"
                                  "#define QUIET _Pragma(\"GCC diagnostic push\") "
                                  "_Pragma(\"GCC diagnostic pop\")\n"
                                  "#define PACKED _Pragma(\"pack(push, 1)\")\n");
  writeFile(D.path("sys/point.h"), "#pragma once\nstruct Point { char c; int x, y; };\n");
  writeFile(D.path("src/proj.h"), "#pragma once\n#ifndef PROJ_H\n#define PROJ_H\n"
                                  "#include <sqlite3.h>\n#include <wrap.h>\n#endif\n");
  auto Unit = [&](const std::string &Name, const std::string &Head) {
    writeFile(D.path("src/" + Name + ".cpp"),
              Head + "struct Request { int count() const; };\nvoid " + Name +
                  "(sqlite3 *db, const Request &r) {\n"
                  "  for (int i = 0; i < r.count(); ++i)\n"
                  "    sqlite3_exec(db, \"UPDATE t SET x = 1\", 0, 0, 0);\n}\n");
  };
  Unit("a", "#include <sqlite3.h>\n#include <wrap.h>\nOPEN_WRAP\n#include <point.h>\nCLOSE_WRAP\n");
  Unit("b", "#include <sqlite3.h>\n#include <wrap.h>\n#include <point.h>\n");
  Unit("c", "#define SQLITE_OMIT_DEPRECATED 1\n#include <sqlite3.h>\n#include <wrap.h>\n"
            "#include <point.h>\n");
  Unit("d", "\xEF\xBB\xBF#include \"proj.h\"\nQUIET\n#include <point.h>\n");
  Unit("e", "#include <sqlite3.h>\n#include <wrap.h>\nPACKED\n#include <point.h>\n");
  std::string Db = "[";
  for (const char *U : {"a", "b", "c", "d", "e"})
    Db += std::string(Db.size() > 1 ? "," : "") + "{\"directory\": \"" + D.path() +
          "\", \"file\": \"src/" + U +
          ".cpp\", \"command\": \"c++ -std=c++17 -isystem sys -c src/" + U + ".cpp\"}";
  writeFile(D.path("build/compile_commands.json"), Db + "]");
  auto Scan = [&](const std::string &Mode, const std::string &Cache = "--no-cache") {
    return run(D.path(), "RISKGATE_SHARE_PREFIXES=" + Mode + " RISKGATE_DEBUG_PREFIXES=1 " +
                             riskgateBinary() + " scan -j1 " + Cache +
                             " --stats --fail-on none -p build");
  };
  auto Off = Scan("0"), Always = Scan("always"), Default = Scan("");
  // A first scan with the cache: nothing of these units is in it, so every unit parses.
  auto Cold = Scan("", "--cache " + D.path("cache"));
  // Every unit edited: the index holds each, but none is current.
  for (const char *U : {"a", "b", "c", "d", "e"})
    writeFile(D.path(std::string("src/") + U + ".cpp"),
              readFile(D.path(std::string("src/") + U + ".cpp")) + "// edited\n");
  auto Cached = Scan("", "--cache " + D.path("cache"));
  EXPECT_EQ(Off.exitCode, 0) << Off.err;
  EXPECT_NE(Off.out.find("5 findings (5 high) in 5 units"), std::string::npos) << Off.out;
  EXPECT_EQ(Always.out, Off.out);
  EXPECT_EQ(Default.out, Off.out);
  EXPECT_EQ(Cold.out, Off.out);
  EXPECT_EQ(Cached.out, Off.out);
  EXPECT_NE(Always.err.find("shared prefixes:  1 (2 units parsed over one, 2 parsed again on "
                            "their own)"),
            std::string::npos)
      << Always.err;
  // Without the cache, or with one that holds nothing of them, every unit parses, so the
  // prefix (of a, b, d and e) is built for the first of them, as "always" builds it.
  for (const auto *R : {&Default, &Cold})
    EXPECT_NE(R->err.find("shared prefixes:  1 (2 units parsed over one, 2 parsed again on "
                          "their own)"),
              std::string::npos)
        << R->err;
  // When the index holds the units, any of them may load its facts instead, so the prefix
  // is built for the third unit that parses (d); a and b parse on their own, as two units
  // would not pay for it.
  EXPECT_NE(Cached.err.find("shared prefixes:  1 (1 units parsed over one, 1 parsed again on "
                            "their own)"),
            std::string::npos)
      << Cached.err;
  // Each unit for its own reason.
  for (const char *Line : {"src/a.cpp: a library include inside braces", "src/b.cpp: shared prefix",
                           "src/c.cpp: 0 library headers before", "src/d.cpp: shared prefix",
                           "src/e.cpp: a pragma before the prefix's last header"})
    EXPECT_NE(Always.err.find(Line), std::string::npos) << Line << "\n" << Always.err;
}

TEST(Cli, JsonShape) {
  TempDir D;
  writeFile(D.path("b.cpp"), NetworkLoopSource);
  auto R = run(D.path(), riskgateBinary() +
                             " scan --rules n-plus-one --format json -o report.json b.cpp --" +
                             flagsArgs());
  EXPECT_EQ(R.exitCode, 1) << R.err;
  EXPECT_EQ(R.out, "");
  auto Parsed = llvm::json::parse(readFile(D.path("report.json")));
  ASSERT_TRUE(bool(Parsed)) << llvm::toString(Parsed.takeError());
  const llvm::json::Object *Root = Parsed->getAsObject();
  ASSERT_TRUE(Root);
  const auto *Tool = Root->getObject("tool");
  ASSERT_TRUE(Tool);
  EXPECT_EQ(Tool->getString("name"), llvm::StringRef("riskgate"));
  EXPECT_TRUE(Tool->getString("version"));
  const auto *Errors = Root->getArray("errors");
  ASSERT_TRUE(Errors);
  EXPECT_TRUE(Errors->empty());
  const auto *Findings = Root->getArray("findings");
  ASSERT_TRUE(Findings);
  ASSERT_EQ(Findings->size(), 1u);
  const auto *F = (*Findings)[0].getAsObject();
  ASSERT_TRUE(F);
  EXPECT_EQ(F->getString("rule"), llvm::StringRef("n-plus-one"));
  EXPECT_EQ(F->getString("severity"), llvm::StringRef("high"));
  EXPECT_EQ(F->getString("file"), llvm::StringRef("b.cpp"));
  EXPECT_EQ(F->getInteger("line"), 4);
  EXPECT_EQ(F->getInteger("column"), 13);
  EXPECT_EQ(F->getString("function"), llvm::StringRef("g"));
  EXPECT_TRUE(F->getString("message"));
  EXPECT_EQ(F->getString("fingerprint")->size(), 16u);
  const auto *Trace = F->getArray("trace");
  ASSERT_TRUE(Trace);
  ASSERT_EQ(Trace->size(), 1u);
  const auto *Step = (*Trace)[0].getAsObject();
  EXPECT_EQ(Step->getString("file"), llvm::StringRef("b.cpp"));
  EXPECT_EQ(Step->getInteger("line"), 3);
  EXPECT_EQ(Step->getInteger("column"), 3);
  EXPECT_EQ(Step->getString("message"), llvm::StringRef("loop here"));
  // tool, findings, errors, suppressed, notSeen (empty: everything was seen),
  // unusedSuppressions (none)
  EXPECT_EQ(Root->size(), 6u);
  EXPECT_TRUE(Root->getObject("notSeen")->empty());
  EXPECT_TRUE(Root->getArray("unusedSuppressions")->empty());
  EXPECT_EQ(F->size(), 9u);
}

TEST(Cli, FingerprintSurvivesLineMoves) {
  TempDir D;
  writeFile(D.path("b.cpp"), NetworkLoopSource);
  auto First = run(D.path(), riskgateBinary() + " scan --rules n-plus-one --format json b.cpp --" +
                                 flagsArgs());
  writeFile(D.path("b.cpp"), std::string("// a comment\n\n") + NetworkLoopSource);
  auto Moved = run(D.path(), riskgateBinary() + " scan --rules n-plus-one --format json b.cpp --" +
                                 flagsArgs());
  auto FP = [](const std::string &Json) {
    auto V = llvm::json::parse(Json);
    if (!V) {
      llvm::consumeError(V.takeError());
      return std::string();
    }
    return (*V->getAsObject()->getArray("findings"))[0]
        .getAsObject()
        ->getString("fingerprint")
        ->str();
  };
  EXPECT_NE(First.out.find("\"line\": 4"), std::string::npos);
  EXPECT_NE(Moved.out.find("\"line\": 6"), std::string::npos);
  EXPECT_EQ(FP(First.out), FP(Moved.out));
  EXPECT_FALSE(FP(First.out).empty());
}

TEST(Cli, ParseErrorIsReportedAndAnalyzedAsFarAsClangGot) {
  TempDir D;
  writeFile(D.path("broken.cpp"), std::string(NetworkLoopSource) + "int broken( {\n");
  auto R = run(D.path(), riskgateBinary() + " scan --rules n-plus-one --format json broken.cpp --" +
                             flagsArgs());
  EXPECT_EQ(R.exitCode, 2) << R.out << R.err;
  auto V = llvm::json::parse(R.out);
  ASSERT_TRUE(bool(V));
  const auto *Errors = V->getAsObject()->getArray("errors");
  ASSERT_TRUE(Errors);
  ASSERT_FALSE(Errors->empty());
  const auto *E0 = (*Errors)[0].getAsObject();
  EXPECT_EQ(E0->getString("file"), llvm::StringRef("broken.cpp"));
  EXPECT_EQ(E0->getString("unit"), llvm::StringRef("broken.cpp"));
  EXPECT_EQ(E0->getInteger("line"), 6);
  EXPECT_GT(*E0->getInteger("column"), 0);
  EXPECT_EQ(E0->getString("message")->find("broken.cpp"), llvm::StringRef::npos);
  // The function before the error was still analyzed.
  EXPECT_EQ(V->getAsObject()->getArray("findings")->size(), 1u);
  // Missing header: reported, not a crash.
  writeFile(D.path("nohdr.cpp"), "#include \"does_not_exist.h\"\nint main() { return 0; }\n");
  auto H = run(D.path(), riskgateBinary() + " scan --rules n-plus-one nohdr.cpp --" + flagsArgs());
  EXPECT_EQ(H.exitCode, 2);
  EXPECT_NE(H.out.find("'does_not_exist.h' file not found"), std::string::npos) << H.out;
}

TEST(Cli, MalformedPackIsAnError) {
  TempDir D;
  writeFile(D.path("b.cpp"), NetworkLoopSource);
  writeFile(D.path("packs/p.yaml"), "pack: p\napis:\n  - name: PQexec\n    kind: querry\n");
  auto R = run(D.path(), riskgateBinary() + " scan --rules n-plus-one --packs-dir packs b.cpp --" +
                             flagsArgs());
  EXPECT_EQ(R.exitCode, 2);
  EXPECT_EQ(lineCount(R.err), 1u) << R.err;
  EXPECT_NE(R.err.find("packs/p.yaml:4:11: unknown kind 'querry'"), std::string::npos) << R.err;
}

TEST(Cli, PluginFlagsAreDropped) {
  TempDir D;
  writeFile(D.path("b.cpp"), NetworkLoopSource);
  auto R = run(D.path(), riskgateBinary() + " scan --rules n-plus-one b.cpp --" + flagsArgs() +
                             " -fplugin=/tmp/evil.so -Xclang -load -Xclang /tmp/evil2.so");
  EXPECT_EQ(R.exitCode, 1) << R.out << R.err;
  EXPECT_NE(R.out.find("dropped compiler flag '-fplugin=/tmp/evil.so'"), std::string::npos)
      << R.out;
  EXPECT_NE(R.out.find("dropped compiler flag '-Xclang -load'"), std::string::npos) << R.out;
}

TEST(Cli, StatsCountUnresolvedCalls) {
  TempDir D;
  writeFile(D.path("u.cpp"), R"cpp(#include <functional>
#include <vector>
void viaPointer(int (*f)(int), const std::vector<int> &v) { for (int x : v) f(x); }
void viaFunction(const std::function<int(int)> &f, const std::vector<int> &v) { for (int x : v) f(x); }
)cpp");
  auto R = run(D.path(), riskgateBinary() + " scan --rules n-plus-one --quiet --stats u.cpp --" +
                             flagsArgs());
  EXPECT_EQ(R.exitCode, 0) << R.err;
  EXPECT_NE(R.err.find("unresolved calls: 2 (function pointers, std::function)"), std::string::npos)
      << R.err;
  EXPECT_NE(R.err.find("units:            1 (1 parsed, 0 reused"), std::string::npos) << R.err;
  EXPECT_NE(R.err.find("time:"), std::string::npos);
}

TEST(Cli, MalformedConfigurationNamesFileAndLine) {
  TempDir D;
  writeFile(D.path("b.cpp"), NetworkLoopSource);
  struct Case {
    std::string yaml, message;
  } Cases[] = {
      {"rules:\n  n-plus-one: maybe\n", ".riskgate.yaml:2:15: expected on or off, got 'maybe'"},
      {"rules:\n  n-plus-two: off\n", ".riskgate.yaml:2:3: unknown rule 'n-plus-two'"},
      {"rules:\n  n-plus-one: {severity: huge}\n", ".riskgate.yaml:2:26: unknown severity 'huge'"},
      {"hot: \"*Handler*\"\n", ".riskgate.yaml:1:6: expected a list here"},
      {"excludes: [a]\n", ".riskgate.yaml:1:1: unknown key 'excludes'"},
      {"apis:\n  - {name: f, kind: remote}\n",
       ".riskgate.yaml:2:6: API entry 'f' of kind remote is missing required key 'latency'"},
  };
  for (const Case &C : Cases) {
    writeFile(D.path(".riskgate.yaml"), C.yaml);
    auto R = run(D.path(), riskgateBinary() + " scan --quiet b.cpp --" + flagsArgs());
    EXPECT_EQ(R.exitCode, 2) << C.yaml;
    EXPECT_EQ(R.err.rfind("riskgate: error: " + D.path() + "/" + C.message, 0), 0u) << R.err;
    EXPECT_EQ(std::count(R.err.begin(), R.err.end(), '\n'), 1) << R.err;
  }
  // A pack turned off: libpq's calls are plain calls.
  writeFile(D.path(".riskgate.yaml"), "packs:\n  libpq: off\n");
  auto NoPack =
      run(D.path(), riskgateBinary() + " scan --quiet --rules n-plus-one b.cpp --" + flagsArgs());
  EXPECT_EQ(NoPack.exitCode, 0) << NoPack.out;
  EXPECT_NE(NoPack.out.find("0 findings"), std::string::npos) << NoPack.out;
  // A valid one: the rule is off.
  writeFile(D.path(".riskgate.yaml"), "rules:\n  n-plus-one: off\n");
  auto Off =
      run(D.path(), riskgateBinary() + " scan --quiet --rules n-plus-one b.cpp --" + flagsArgs());
  EXPECT_EQ(Off.exitCode, 0) << Off.out;
  EXPECT_NE(Off.out.find("0 findings"), std::string::npos) << Off.out;
}

TEST(Cli, SchemaSandboxRefusesAttachPragmaAndExtensions) {
  TempDir D;
  writeFile(
      D.path("q.cpp"),
      "#include <sqlite3.h>\nint q(sqlite3 *db) {\n"
      "  return sqlite3_exec(db, \"SELECT * FROM t WHERE a = 1\", nullptr, nullptr, nullptr);\n}\n"
      "int my(sqlite3 *db) {\n"
      "  return sqlite3_exec(db, \"SELECT * FROM t WHERE a = 1 LOCK IN SHARE MODE\", nullptr, "
      "nullptr, nullptr);\n}\n");
  writeFile(D.path("schema.sql"), "CREATE TABLE t(a INTEGER, b TEXT);\n"
                                  "ATTACH DATABASE '" +
                                      D.path("stolen.db") +
                                      "' AS x;\n"
                                      "SELECT load_extension('/tmp/evil.so');\n"
                                      "PRAGMA writable_schema = ON;\n"
                                      "INSERT INTO t VALUES (1, 'x');\n"
                                      "CREATE INDEX t_b ON t(b);\n");
  auto R =
      run(D.path(), riskgateBinary() +
                        " scan --quiet --stats --rules missing-index --schema schema.sql q.cpp --" +
                        flagsArgs());
  EXPECT_EQ(R.exitCode, 0) << R.out << R.err;
  EXPECT_NE(R.err.find("schema.sql:2: schema statement skipped: not authorized"), std::string::npos)
      << R.err;
  EXPECT_NE(R.err.find("schema.sql:3: schema statement skipped: not authorized"), std::string::npos)
      << R.err;
  EXPECT_NE(R.err.find("schema.sql:4: schema statement skipped: not authorized"), std::string::npos)
      << R.err;
  EXPECT_NE(R.err.find("schema.sql:5: schema statement skipped: not authorized"), std::string::npos)
      << R.err;
  std::ifstream Stolen(D.path("stolen.db"));
  EXPECT_FALSE(Stolen.good()); // ATTACH never created a file
  // The rest of the schema applied: the index after the refused lines exists, and the
  // query on t.a still scans.
  EXPECT_NE(R.out.find("q.cpp:3:10: warning: [medium] the query plan shows a full scan of 't'"),
            std::string::npos)
      << R.out;
  EXPECT_NE(R.err.find("SQL not planned:  1"), std::string::npos) << R.err;
  auto Missing =
      run(D.path(), riskgateBinary() + " scan --quiet --schema nope.sql q.cpp --" + flagsArgs());
  EXPECT_EQ(Missing.exitCode, 2);
  EXPECT_EQ(Missing.err, "riskgate: error: nope.sql: no such schema file\n");
}

TEST(Cli, RulesListsRulesAndPacks) {
  TempDir D;
  auto R = run(D.path(), riskgateBinary() + " rules");
  EXPECT_EQ(R.exitCode, 0);
  EXPECT_NE(R.out.find("n-plus-one"), std::string::npos);
  EXPECT_NE(R.out.find("sqlite3"), std::string::npos);
  auto P = run(D.path(), riskgateBinary() + " rules --pack libpq");
  EXPECT_EQ(P.exitCode, 0);
  EXPECT_NE(P.out.find("PQexecParams  kind=query latency=network sql-arg=1"), std::string::npos)
      << P.out;
  auto Bad = run(D.path(), riskgateBinary() + " rules --pack nope");
  EXPECT_EQ(Bad.exitCode, 2);
}

} // namespace
