// Pull-request integration: SARIF validated against the official schema, GitHub
// annotations and GitLab Code Quality (golden, with escaping), baselines, the untrusted
// flag policy, and the GitHub Action's script end to end.
#include "TestSupport.h"

#include "report/Report.h"

#include "llvm/Support/JSON.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include <filesystem>

using namespace riskgate;
using namespace riskgate::test;

namespace {

const char *const Source = R"cpp(#include <libpq-fe.h>
void g(PGconn *c, int n) {
  while (n--)
    /* é */ PQclear(PQexec(c, "SELECT 1"));
  for (int i = 0; i < n; ++i)
    PQclear(PQexec(c, "SELECT 2")); // riskgate-ignore(n-plus-one): n is at most 2 here
}
)cpp";

std::string flags() {
  std::string S;
  for (const std::string &F : testFlags())
    S += " '" + F + "'";
  return S;
}

/// The official OASIS schema: the project's shared copy when it sits beside the checkout,
/// else the copy in tests/data (the same file).
std::string schemaPath() {
  auto Shared =
      std::filesystem::weakly_canonical(std::filesystem::path(RISKGATE_SOURCE_DIR) / ".." /
                                        "shared" / "schemas" / "sarif-schema-2.1.0.json");
  if (std::filesystem::exists(Shared))
    return Shared.string();
  return RISKGATE_SOURCE_DIR "/tests/data/sarif-schema-2.1.0.json";
}

/// Validates with Debian's python3-jsonschema; returns the problems, empty when valid.
std::string validateSarif(const std::string &File) {
  std::string Schema = schemaPath();
  if (!std::filesystem::exists(Schema))
    return "the SARIF schema is missing: " + Schema;
  auto R = run("/", "/usr/bin/python3 '" RISKGATE_SOURCE_DIR "/scripts/validate-sarif.py' '" +
                        Schema + "' '" + File + "'");
  return R.exitCode == 0 ? std::string() : R.out + R.err;
}

TEST(Sarif, HelpUriOnlyWhenConfigured) {
  TempDir D;
  writeFile(D.path("a.cpp"), "int main() { return 0; }\n");
  auto Rules = [&](const std::string &Args) {
    auto R = run(D.path(), riskgateBinary() + " scan --quiet --format sarif -o out.sarif " + Args +
                               " a.cpp --");
    EXPECT_EQ(R.exitCode, 0) << R.err;
    EXPECT_EQ(validateSarif(D.path("out.sarif")), "");
    auto V = llvm::json::parse(readFile(D.path("out.sarif")));
    const auto *Run = (*V->getAsObject()->getArray("runs"))[0].getAsObject();
    std::map<std::string, std::string> Uris;
    for (const auto &Rule : *Run->getObject("tool")->getObject("driver")->getArray("rules")) {
      const auto *O = Rule.getAsObject();
      auto Uri = O->getString("helpUri");
      Uris[O->getString("id")->str()] = Uri ? Uri->str() : "";
    }
    return Uris;
  };
  EXPECT_EQ(Rules("")["n-plus-one"], "");
  EXPECT_EQ(Rules("--docs-url https://wiki.example.com/riskgate/")["n-plus-one"],
            "https://wiki.example.com/riskgate/n-plus-one.md");
  EXPECT_EQ(Rules("--docs-url 'https://example.com/r?id={rule}'")["dynamic-sql"],
            "https://example.com/r?id=dynamic-sql");
}

TEST(Sarif, WhatWasNotSeenIsAToolExecutionNotification) {
  TempDir D;
  writeFile(D.path("broken.cpp"), "#include <libpq-fe.h>\nint f(int (*g)(int)) { return g(1); }\n"
                                  "int broken( {\n");
  auto R =
      run(D.path(), riskgateBinary() + " scan --quiet --format sarif -o out.sarif broken.cpp -- "
                                       "-I" RISKGATE_PQ_INCLUDE);
  EXPECT_EQ(R.exitCode, 2) << R.out << R.err;
  EXPECT_EQ(validateSarif(D.path("out.sarif")), "");
  auto V = llvm::json::parse(readFile(D.path("out.sarif")));
  ASSERT_TRUE(bool(V));
  const auto *Run = (*V->getAsObject()->getArray("runs"))[0].getAsObject();
  const auto *Inv = (*Run->getArray("invocations"))[0].getAsObject();
  EXPECT_EQ(Inv->getBoolean("executionSuccessful"), false);
  std::set<std::string> Ids;
  for (const auto &N : *Inv->getArray("toolExecutionNotifications")) {
    const auto *O = N.getAsObject();
    Ids.insert(O->getString("level")->str() + " " +
               O->getObject("descriptor")->getString("id")->str());
    if (O->getObject("descriptor")->getString("id") == llvm::StringRef("riskgate-parse")) {
      const auto *Loc = (*O->getArray("locations"))[0].getAsObject()->getObject("physicalLocation");
      EXPECT_EQ(Loc->getObject("artifactLocation")->getString("uri"),
                llvm::StringRef("broken.cpp"));
      EXPECT_EQ(Loc->getObject("region")->getInteger("startLine"), 3);
    }
  }
  EXPECT_EQ(Ids,
            (std::set<std::string>{"error riskgate-parse", "note riskgate-not-seen/unitsWithErrors",
                                   "note riskgate-not-seen/unresolvedCalls"}));
}

TEST(Sarif, ScanWithTracesAndSuppressionsIsValid) {
  TempDir D;
  writeFile(D.path("src/g.cpp"), Source);
  auto R = run(D.path(),
               riskgateBinary() +
                   " scan --rules n-plus-one --quiet --format sarif -o out.sarif src/g.cpp --" +
                   flags());
  EXPECT_EQ(R.exitCode, 1) << R.err;
  EXPECT_EQ(validateSarif(D.path("out.sarif")), "");
  auto V = llvm::json::parse(readFile(D.path("out.sarif")));
  ASSERT_TRUE(bool(V));
  const auto *Run = (*V->getAsObject()->getArray("runs"))[0].getAsObject();
  EXPECT_EQ(Run->getObject("tool")->getObject("driver")->getString("name"),
            llvm::StringRef("riskgate"));
  const auto *Rules = Run->getObject("tool")->getObject("driver")->getArray("rules");
  ASSERT_TRUE(Rules && !Rules->empty());
  EXPECT_EQ((*Rules)[0].getAsObject()->getString("id"), llvm::StringRef("n-plus-one"));
  // The rule's whole page is its help, so code scanning shows it without a link.
  const auto *Help = (*Rules)[0].getAsObject()->getObject("help");
  ASSERT_TRUE(Help);
  EXPECT_TRUE(Help->getString("markdown")->starts_with("# n-plus-one\n"));
  EXPECT_NE(Help->getString("text")->find("## How to fix"), llvm::StringRef::npos);
  EXPECT_EQ(Run->getObject("originalUriBaseIds")->getObject("%SRCROOT%")->getString("uri"),
            llvm::StringRef("file://" + D.path() + "/"));
  const auto *Results = Run->getArray("results");
  ASSERT_EQ(Results->size(), 2u);
  const auto *First = (*Results)[0].getAsObject();
  EXPECT_EQ(First->getString("level"), llvm::StringRef("error"));
  const auto *Loc = (*First->getArray("locations"))[0].getAsObject()->getObject("physicalLocation");
  EXPECT_EQ(Loc->getObject("artifactLocation")->getString("uri"), llvm::StringRef("src/g.cpp"));
  EXPECT_EQ(Loc->getObject("artifactLocation")->getString("uriBaseId"),
            llvm::StringRef("%SRCROOT%"));
  // PQexec's 'P' is at byte column 22; "/* é */ " before it is 9 bytes but 8 UTF-16 units.
  EXPECT_EQ(Loc->getObject("region")->getInteger("startLine"), 4);
  EXPECT_EQ(Loc->getObject("region")->getInteger("startColumn"), 21);
  EXPECT_TRUE(First->getArray("codeFlows"));
  EXPECT_TRUE(First->getArray("relatedLocations"));
  EXPECT_EQ(First->getObject("partialFingerprints")->getString("riskgate/v1")->size(), 16u);
  const auto *Second = (*Results)[1].getAsObject();
  const auto *Supp = Second->getArray("suppressions");
  ASSERT_TRUE(Supp);
  EXPECT_EQ((*Supp)[0].getAsObject()->getString("kind"), llvm::StringRef("inSource"));
  EXPECT_EQ((*Supp)[0].getAsObject()->getString("justification"),
            llvm::StringRef("n is at most 2 here"));
}

// One diagnostic per site: n-plus-one and loop-invariant-query at one call become one finding
// at the more severe rule with the other as "also"; suppressing the primary leaves the other.
TEST(Sites, OneFindingPerSiteWithAlso) {
  TempDir D;
  writeFile(D.path("s.cpp"), R"cpp(#include <libpq-fe.h>
void g(PGconn *c, int n) {
  while (n--)
    PQclear(PQexec(c, "SELECT 1"));
  for (int i = 0; i < n; ++i)
    PQclear(PQexec(c, "SELECT 2")); // riskgate-ignore(n-plus-one): at most two rows here
}
)cpp");
  auto R = run(D.path(), riskgateBinary() +
                             " scan --rules n-plus-one,loop-invariant-query --format json -o "
                             "out.json --fail-on none s.cpp --" +
                             flags());
  ASSERT_EQ(R.exitCode, 0) << R.err;
  auto V = llvm::json::parse(readFile(D.path("out.json")));
  ASSERT_TRUE(bool(V));
  const auto *Findings = V->getAsObject()->getArray("findings");
  ASSERT_TRUE(Findings);
  ASSERT_EQ(Findings->size(), 2u) << readFile(D.path("out.json"));
  const auto *First = (*Findings)[0].getAsObject();
  EXPECT_EQ(First->getString("rule"), llvm::StringRef("n-plus-one"));
  EXPECT_EQ(First->getInteger("line"), 4);
  const auto *Also = First->getArray("also");
  ASSERT_TRUE(Also && Also->size() == 1u);
  EXPECT_EQ((*Also)[0].getAsObject()->getString("rule"), llvm::StringRef("loop-invariant-query"));
  // The suppressed n-plus-one leaves the loop-invariant finding at line 6 on its own.
  const auto *Second = (*Findings)[1].getAsObject();
  EXPECT_EQ(Second->getString("rule"), llvm::StringRef("loop-invariant-query"));
  EXPECT_EQ(Second->getInteger("line"), 6);
  EXPECT_FALSE(Second->getArray("also"));

  auto T =
      run(D.path(), riskgateBinary() +
                        " scan --rules n-plus-one,loop-invariant-query --fail-on none s.cpp --" +
                        flags());
  EXPECT_NE(T.out.find("[n-plus-one]"), std::string::npos) << T.out;
  EXPECT_NE(T.out.find("(also: loop-invariant-query, medium: "), std::string::npos) << T.out;
}

TEST(Sarif, Utf16Columns) {
  EXPECT_EQ(utf16Column("abc", 2), 2u);
  EXPECT_EQ(utf16Column("\xc3\xa9x", 3), 2u);         // é is 2 bytes, 1 unit
  EXPECT_EQ(utf16Column("\xf0\x9f\x98\x80x", 5), 3u); // an emoji is 4 bytes, 2 units
  EXPECT_EQ(utf16Column("", 1), 1u);
}

TEST(Sarif, DiffWithEveryStatusIsValid) {
  TempDir D;
  auto Git = [&](const std::string &A) {
    return run(D.path(), "git -c user.name=t -c user.email=t@e " + A);
  };
  Git("init -q -b main");
  std::string Keep = "#include <libpq-fe.h>\nvoid keep(PGconn *c, int n) {\n  while (n--)\n    "
                     "PQclear(PQexec(c, \"SELECT 1\"));\n}\n";
  std::string Fix = "#include <libpq-fe.h>\nvoid fix(PGconn *c, int n) {\n  while (n--)\n    "
                    "PQclear(PQexec(c, \"SELECT 2\"));\n}\n";
  writeFile(D.path("a.cpp"), Keep + Fix);
  writeFile(D.path("compile_commands.json"),
            "[{\"directory\": \"" + D.path() +
                "\", \"file\": \"a.cpp\", \"arguments\": [\"c++\", \"-I" RISKGATE_PQ_INCLUDE
                "\", \"-c\", \"a.cpp\"]}]");
  Git("add -A");
  Git("commit -q -m base");
  std::string Fixed = "#include <libpq-fe.h>\nvoid fix(PGconn *c, int n) {\n  PQclear(PQexec(c, "
                      "\"SELECT 2\"));\n  (void)n;\n}\n";
  std::string New = "void add(PGconn *c, int n) {\n  while (n--) // first line\n    "
                    "PQclear(PQexec(c, \"SELECT 3\"));\n}\n";
  writeFile(D.path("a.cpp"), Keep + Fixed + New);
  auto R = run(D.path(),
               riskgateBinary() +
                   " diff --rules n-plus-one --all --quiet --base HEAD --format sarif -o d.sarif");
  EXPECT_EQ(R.exitCode, 1) << R.err;
  EXPECT_EQ(validateSarif(D.path("d.sarif")), "");
  std::string Text = readFile(D.path("d.sarif"));
  EXPECT_NE(Text.find("\"baselineState\": \"new\""), std::string::npos);
  EXPECT_NE(Text.find("\"baselineState\": \"unchanged\""), std::string::npos);
  EXPECT_NE(Text.find("\"fixed\": 1"), std::string::npos);
  EXPECT_NE(Text.find("\"grade\": \"high\""), std::string::npos);
}

TEST(CiFormats, GithubAnnotationsAreEscaped) {
  TempDir D;
  std::string Name = "we%ird,na:me.cpp";
  writeFile(D.path(Name), "#include <libpq-fe.h>\nvoid g(PGconn *c, int n) {\n  while (n--)\n    "
                          "PQclear(PQexec(c, \"SELECT 1\"));\n}\n");
  auto R = run(D.path(), riskgateBinary() + " scan --rules n-plus-one --quiet --format github '" +
                             Name + "' --" + flags());
  EXPECT_EQ(R.exitCode, 1) << R.err;
  EXPECT_EQ(R.out,
            "::error file=we%25ird%2Cna%3Ame.cpp,line=4,col=13,title=riskgate n-plus-one (high)::"
            "'PQexec' runs a query (network round trip) on every iteration of a loop%0A  "
            "we%25ird,na:me.cpp:3: loop here\n");
}

TEST(CiFormats, GithubAnnotationLimitsPerLevel) {
  ScanReport R;
  for (int I = 0; I < 13; ++I) {
    Finding F;
    F.rule = "n-plus-one";
    F.severity = I < 12 ? Severity::High : Severity::Critical;
    F.loc = {"/a.cpp", static_cast<unsigned>(I + 1), 1};
    F.message = "m" + std::to_string(I);
    R.findings.push_back(F);
  }
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeGithubAnnotations(R, OS);
  OS.flush();
  EXPECT_EQ(Out.rfind("::error file=/a.cpp,line=13,", 0), 0u) << Out; // most severe first
  EXPECT_EQ(std::count(Out.begin(), Out.end(), '\n'), 11);            // 10 errors + the notice
  EXPECT_NE(Out.find("::notice title=riskgate::3 more findings"), std::string::npos) << Out;
  EXPECT_EQ(githubEscapeData("a%b\r\nc"), "a%25b%0D%0Ac");
  EXPECT_EQ(githubEscapeProperty("a:b,c"), "a%3Ab%2Cc");
}

TEST(CiFormats, GitlabCodeQuality) {
  TempDir D;
  writeFile(D.path("g.cpp"), "#include <libpq-fe.h>\nvoid g(PGconn *c, int n) {\n  while (n--)\n   "
                             " PQclear(PQexec(c, \"SELECT 1\"));\n}\n");
  auto R = run(D.path(), riskgateBinary() +
                             " scan --rules n-plus-one --quiet --format gitlab g.cpp --" + flags());
  EXPECT_EQ(R.exitCode, 1);
  auto V = llvm::json::parse(R.out);
  ASSERT_TRUE(bool(V)) << R.out;
  const auto *A = V->getAsArray();
  ASSERT_EQ(A->size(), 1u);
  const auto *O = (*A)[0].getAsObject();
  EXPECT_EQ(O->getString("check_name"), llvm::StringRef("n-plus-one"));
  EXPECT_EQ(O->getString("severity"), llvm::StringRef("critical"));
  EXPECT_EQ(
      O->getString("description"),
      llvm::StringRef("'PQexec' runs a query (network round trip) on every iteration of a loop"));
  EXPECT_EQ(O->getString("fingerprint")->size(), 16u);
  EXPECT_EQ(O->getObject("location")->getString("path"), llvm::StringRef("g.cpp"));
  EXPECT_EQ(O->getObject("location")->getObject("lines")->getInteger("begin"), 4);
  EXPECT_EQ(R.out.rfind("[", 0), 0u); // no BOM
}

TEST(Baseline, RecordedFindingsDoNotGateAndStaleOnesAreReported) {
  TempDir D;
  std::string Two =
      "#include <libpq-fe.h>\nvoid a(PGconn *c, int n) {\n  while (n--)\n    PQclear(PQexec(c, "
      "\"SELECT 1\"));\n}\n"
      "void b(PGconn *c, int n) {\n  while (n--)\n    PQclear(PQexec(c, \"SELECT 2\"));\n}\n";
  writeFile(D.path("g.cpp"), Two);
  auto W =
      run(D.path(), riskgateBinary() +
                        " baseline write base.json --rules n-plus-one --quiet g.cpp --" + flags());
  ASSERT_EQ(W.exitCode, 0) << W.err;
  EXPECT_NE(W.out.find("recorded 2 findings"), std::string::npos);
  auto S = run(D.path(),
               riskgateBinary() +
                   " scan --rules n-plus-one --quiet --baseline base.json --format json g.cpp --" +
                   flags());
  EXPECT_EQ(S.exitCode, 0) << S.out << S.err;
  EXPECT_NE(S.out.find("\"status\": \"preexisting\""), std::string::npos);
  // It says how many the baseline kept from gating.
  EXPECT_NE(S.err.find("base.json: 2 findings are recorded in the baseline: shown as "
                       "preexisting, they do not gate"),
            std::string::npos)
      << S.err;
  // A new finding still gates.
  writeFile(
      D.path("g.cpp"),
      Two +
          "void c(PGconn *c, int n) {\n  while (n--)\n    PQclear(PQexec(c, \"SELECT 3\"));\n}\n");
  auto N =
      run(D.path(), riskgateBinary() +
                        " scan --rules n-plus-one --quiet --baseline base.json g.cpp --" + flags());
  EXPECT_EQ(N.exitCode, 1);
  // Fix one recorded finding: its entry is stale.
  writeFile(D.path("g.cpp"), "#include <libpq-fe.h>\nvoid a(PGconn *c, int n) {\n  while (n--)\n   "
                             " PQclear(PQexec(c, \"SELECT 1\"));\n}\n");
  auto Stale =
      run(D.path(), riskgateBinary() +
                        " scan --rules n-plus-one --quiet --baseline base.json g.cpp --" + flags());
  EXPECT_EQ(Stale.exitCode, 0);
  EXPECT_NE(Stale.err.find("base.json: 1 baseline entries are no longer found"), std::string::npos)
      << Stale.err;
  EXPECT_NE(Stale.err.find("n-plus-one in b (g.cpp:8)"), std::string::npos) << Stale.err;
  // A malformed baseline is an error naming the file.
  writeFile(D.path("bad.json"), "{\"version\": 1, \"findings\": [{\"rule\": \"x\"}]}");
  auto Bad =
      run(D.path(), riskgateBinary() +
                        " scan --rules n-plus-one --quiet --baseline bad.json g.cpp --" + flags());
  EXPECT_EQ(Bad.exitCode, 2);
  EXPECT_EQ(Bad.err,
            "riskgate: error: bad.json: malformed baseline: entry 0 has no \"fingerprint\"\n");
}

class Untrusted : public ::testing::Test {
protected:
  void SetUp() override {
    writeFile(
        D.path("include/q.h"),
        "#include <libpq-fe.h>\ninline void q(PGconn *c) { PQclear(PQexec(c, \"SELECT 1\")); }\n");
    writeFile(D.path("src/g.cpp"),
              "#include \"q.h\"\nvoid g(PGconn *c, int n) {\n  while (n--)\n    q(c);\n}\n");
  }
  CommandResult scan(const std::string &Compiler, const std::string &Extra) {
    std::string Args = "\"" + Compiler + "\", \"-I" RISKGATE_PQ_INCLUDE "\", \"-Iinclude\"" +
                       Extra + ", \"-c\", \"src/g.cpp\"";
    writeFile(D.path("compile_commands.json"), "[{\"directory\": \"" + D.path() +
                                                   "\", \"file\": \"src/g.cpp\", \"arguments\": [" +
                                                   Args + "]}]");
    return run(D.path(),
               riskgateBinary() + " scan --rules n-plus-one --quiet --no-cache --untrusted");
  }
  TempDir D;
};

TEST_F(Untrusted, EveryDangerousFlagIsDroppedAndReported) {
  struct Case {
    std::string extra, reported;
  } Cases[] = {
      {", \"-fplugin=/tmp/evil.so\"", "-fplugin=/tmp/evil.so"},
      {", \"-fpass-plugin=/tmp/p.so\"", "-fpass-plugin=/tmp/p.so"},
      {", \"-Xclang\", \"-load\", \"-Xclang\", \"/tmp/e.so\"", "-Xclang -load"},
      {", \"-Xclang\", \"-add-plugin\", \"-Xclang\", \"x\"", "-Xclang -add-plugin"},
      {", \"-mllvm\", \"-some-option\"", "-mllvm -some-option"},
      {", \"--sysroot\", \"/tmp/root\"", "--sysroot /tmp/root"},
      {", \"@/tmp/flags.rsp\"", "@/tmp/flags.rsp (response files are not read)"},
      {", \"--config=/tmp/evil.cfg\"", "--config=/tmp/evil.cfg"},
      {", \"-B/tmp/evil\"", "-B/tmp/evil"},
      {", \"--sysroot=/tmp/root\"", "--sysroot=/tmp/root"},
      {", \"-I/etc\"", "-I/etc (outside the checkout and the system include directories)"},
      {", \"-ftime-trace\"", "-ftime-trace"},
      {", \"-Wp,-MD,/tmp/deps\"", "-Wp,-MD,/tmp/deps"},
      {", \"-save-temps\"", "-save-temps"},
  };
  for (const Case &C : Cases) {
    auto R = scan("c++", C.extra);
    EXPECT_EQ(R.exitCode, 1) << C.extra << "\n" << R.out << R.err;
    EXPECT_NE(R.out.find("dropped compiler flag '" + C.reported), std::string::npos)
        << C.extra << "\n"
        << R.out;
    EXPECT_NE(R.out.find("src/g.cpp:4:5: error: [high]"), std::string::npos) << R.out;
  }
}

TEST_F(Untrusted, CompilerFromTheDatabaseIsNeverUsed) {
  auto R = scan("/tmp/evil/bin/g++", "");
  EXPECT_EQ(R.exitCode, 1) << R.out << R.err;
  EXPECT_NE(R.out.find("dropped compiler flag 'compiler '/tmp/evil/bin/g++' (never run"),
            std::string::npos)
      << R.out;
}

TEST_F(Untrusted, Cc1CommandsAreRefused) {
  auto R = scan("clang", ", \"-cc1\"");
  EXPECT_EQ(R.exitCode, 2) << R.out;
  EXPECT_NE(R.out.find("refused in untrusted mode"), std::string::npos) << R.out;
}

TEST_F(Untrusted, TrustedModeKeepsOrdinaryFlags) {
  writeFile(D.path("compile_commands.json"),
            "[{\"directory\": \"" + D.path() +
                "\", \"file\": \"src/g.cpp\", \"arguments\": [\"c++\", \"-I" RISKGATE_PQ_INCLUDE
                "\", \"-Iinclude\", \"-B/usr/bin\", \"-c\", \"src/g.cpp\"]}]");
  auto R = run(D.path(), riskgateBinary() + " scan --rules n-plus-one --quiet --no-cache");
  EXPECT_EQ(R.exitCode, 1);
  EXPECT_EQ(R.out.find("dropped compiler flag"), std::string::npos) << R.out;
}

TEST(GithubAction, ScriptOnABaseAndAHeadBranch) {
  TempDir D;
  auto Git = [&](const std::string &A) {
    return run(D.path(), "git -c user.name=t -c user.email=t@e " + A);
  };
  Git("init -q -b main");
  writeFile(D.path("repo.cpp"), "#include <libpq-fe.h>\nvoid one(PGconn *c) { (void)c; }\n");
  writeFile(D.path("loop.cpp"), "#include <libpq-fe.h>\nvoid one(PGconn *c);\nvoid all(PGconn *c, "
                                "int n) {\n  while (n--)\n    one(c);\n}\n");
  writeFile(D.path("build/compile_commands.json"),
            "[{\"directory\": \"" + D.path() +
                "\", \"file\": \"repo.cpp\", \"arguments\": [\"c++\", \"-I" RISKGATE_PQ_INCLUDE
                "\", \"-c\", \"repo.cpp\"]},"
                " {\"directory\": \"" +
                D.path() +
                "\", \"file\": \"loop.cpp\", \"arguments\": [\"c++\", \"-I" RISKGATE_PQ_INCLUDE
                "\", \"-c\", \"loop.cpp\"]}]");
  writeFile(D.path(".gitignore"), "build/\n*.sarif\nsummary.md\noutput.txt\n");
  Git("add -A");
  Git("commit -q -m base");
  Git("checkout -q -b feature");
  writeFile(D.path("repo.cpp"),
            "#include <libpq-fe.h>\nvoid one(PGconn *c) { PQclear(PQexec(c, \"SELECT 1\")); }\n");
  Git("commit -q -am 'query in one'");
  std::string Env =
      "RISKGATE_BIN=" + riskgateBinary() +
      " RISKGATE_BASE=main RISKGATE_BUILD_DIR_ARG=build "
      "RISKGATE_SARIF=out.sarif GITHUB_STEP_SUMMARY=summary.md GITHUB_OUTPUT=output.txt ";
  auto R = run(D.path(), Env + "'" RISKGATE_SOURCE_DIR "/scripts/github-action.sh'");
  EXPECT_EQ(R.exitCode, 1) << R.out << R.err;
  EXPECT_NE(R.out.find("::stop-commands::riskgate-"), std::string::npos) << R.out;
  EXPECT_NE(
      R.out.find(
          "::error file=loop.cpp,line=5,col=5,title=riskgate n-plus-one (high)::call to 'one'"),
      std::string::npos)
      << R.out;
  std::string Summary = readFile(D.path("summary.md"));
  // (the discarded result of a read counts low; the loop-invariant finding at the N+1's call
  // is the same site and counts once, as an "also" of the n-plus-one: 30, not 40)
  EXPECT_NE(Summary.find("## riskgate: risk **high** (30/100) :x: gate failed"), std::string::npos)
      << Summary;
  EXPECT_NE(Summary.find("unchecked-db-result"), std::string::npos) << Summary;
  EXPECT_EQ(validateSarif(D.path("out.sarif")), "");
  std::string Out = readFile(D.path("output.txt"));
  EXPECT_NE(Out.find("sarif=out.sarif"), std::string::npos) << Out;
  EXPECT_NE(Out.find("exit-code=1"), std::string::npos) << Out;
  // A fork's pull request runs untrusted: the same verdict under the flag allowlist.
  auto Fork = run(D.path(), Env + "RISKGATE_UNTRUSTED=true '" RISKGATE_SOURCE_DIR
                                  "/scripts/github-action.sh'");
  EXPECT_EQ(Fork.exitCode, 1) << Fork.out << Fork.err;
  EXPECT_NE(Fork.out.find("::error file=loop.cpp,line=5,col=5"), std::string::npos) << Fork.out;
  std::string Outputs = readFile(D.path("output.txt"));
  EXPECT_NE(Outputs.find("grade=high\n"), std::string::npos) << Outputs;
  EXPECT_NE(Outputs.find("score=30\n"), std::string::npos) << Outputs;

  // A base that cannot be found (a shallow checkout): exit 2, said in an error annotation and
  // the job summary, and every output written all the same.
  std::remove(D.path("output.txt").c_str());
  std::remove(D.path("summary.md").c_str());
  auto Action = [&](const std::string &Base, const std::string &BuildDir) {
    return run(D.path(), "RISKGATE_BIN=" + riskgateBinary() + " RISKGATE_BASE=" + Base +
                             " RISKGATE_BUILD_DIR_ARG=" + BuildDir +
                             " RISKGATE_SARIF=out.sarif GITHUB_STEP_SUMMARY=summary.md "
                             "GITHUB_OUTPUT=output.txt '" RISKGATE_SOURCE_DIR
                             "/scripts/github-action.sh'");
  };
  auto NoBase = Action("no-such-branch", "build");
  EXPECT_EQ(NoBase.exitCode, 2) << NoBase.out << NoBase.err;
  EXPECT_NE(NoBase.out.find("::error title=riskgate could not check this change::cannot find the "
                            "merge base of no-such-branch"),
            std::string::npos)
      << NoBase.out;
  Outputs = readFile(D.path("output.txt"));
  for (const char *Key : {"exit-code=2\n", "grade=unknown\n", "score=\n", "sarif=\n",
                          "reason=cannot find the merge base"})
    EXPECT_NE(Outputs.find(Key), std::string::npos) << Key << " in " << Outputs;
  EXPECT_NE(readFile(D.path("summary.md")).find("could not check this change"), std::string::npos);

  // riskgate itself exits 2 (a build directory with no compile database): the error line
  // becomes the annotation.
  std::remove(D.path("output.txt").c_str());
  auto NoDb = Action("main", "nowhere");
  EXPECT_EQ(NoDb.exitCode, 2) << NoDb.out << NoDb.err;
  EXPECT_NE(NoDb.out.find("::error title=riskgate could not check this change::riskgate: error:"),
            std::string::npos)
      << NoDb.out;
  EXPECT_NE(readFile(D.path("output.txt")).find("exit-code=2\n"), std::string::npos);
}

} // namespace
