// What a fork's pull request, a hostile input or a bad moment can try against riskgate
// (docs/security.md), each on a real git repository in a temporary folder and the real
// binary. Every test here failed before the hardening it guards.
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

using namespace riskgate::test;

namespace {

/// A service of two units: orders.cpp walks a batch and calls price() for each order;
/// pricing.cpp defines price() with no query. The pull request (branch `pr`) makes price()
/// query, an N+1 at the unchanged loop.
class HostileTest : public ::testing::Test {
protected:
  void SetUp() override {
    writeFile(D.path("src/orders.cpp"), R"cpp(#include <libpq-fe.h>
#include <vector>
int price(PGconn *c, int order);
int total(PGconn *c, const std::vector<int> &batch) {
  int sum = 0;
  for (int order : batch)
    sum += price(c, order);
  return sum;
}
)cpp");
    writeFile(D.path("src/pricing.cpp"), Quiet);
    writeDatabase({"src/orders.cpp", "src/pricing.cpp"}, "-std=c++17");
    writeFile(D.path(".gitignore"), "build/\n");
    git("init -q -b main");
    git("config user.name test");
    git("config user.email test@example.com");
    git("add -A");
    git("commit -q -m base");
    git("checkout -q -b pr");
  }

  void writeDatabase(const std::vector<std::string> &Files, const std::string &Flags) {
    std::string Json = "[";
    for (const std::string &F : Files)
      Json += std::string(Json.size() > 1 ? "," : "") + "{\"directory\":\"" + D.path() +
              "\",\"file\":\"" + F + "\",\"command\":\"c++ " + Flags +
              " -I" RISKGATE_PQ_INCLUDE " -c " + F + "\"}";
    writeFile(D.path("build/compile_commands.json"), Json + "]");
  }

  void makePriceQuery() { writeFile(D.path("src/pricing.cpp"), Query); }

  void git(const std::string &Args) {
    auto R = run(D.path(), "git " + Args);
    ASSERT_EQ(R.exitCode, 0) << "git " << Args << ": " << R.err;
  }

  CommandResult riskgate(const std::string &Args) {
    return run(D.path(), "'" + riskgateBinary() + "' " + Args);
  }

  static constexpr const char *Quiet = "#include <libpq-fe.h>\n"
                                       "int price(PGconn *c, int order) {\n"
                                       "  return order * 2;\n"
                                       "}\n";
  static constexpr const char *Query =
      "#include <libpq-fe.h>\n"
      "int price(PGconn *c, int order) {\n"
      "  PQclear(PQexec(c, \"SELECT amount FROM prices WHERE id = 1\"));\n"
      "  return order * 2;\n"
      "}\n";
  TempDir D;
};

// --- The gate cannot be bypassed -----------------------------------------------------

TEST_F(HostileTest, GitAttributesCannotMakeSourcesBinary) {
  makePriceQuery();
  writeFile(D.path(".gitattributes"), "*.cpp -diff\n*.cpp diff=evil\n");
  git("add -A");
  git("commit -q -m 'query, and sources marked binary'");
  auto R = riskgate("diff --base main --untrusted --quiet");
  EXPECT_EQ(R.exitCode, 1) << R.out << R.err;
  EXPECT_NE(R.out.find("[high, introduced] call to 'price'"), std::string::npos) << R.out;
}

TEST_F(HostileTest, NulByteCannotMakeASourceBinary) {
  makePriceQuery();
  writeFile(D.path("src/pricing.cpp"),
            std::string(Query) + "// \x01" + std::string(1, '\0') + "\n");
  git("commit -q -am 'query and a NUL byte'");
  auto R = riskgate("diff --base main --untrusted --quiet");
  EXPECT_EQ(R.exitCode, 1) << R.out << R.err;
  EXPECT_NE(R.out.find("[high, introduced] call to 'price'"), std::string::npos) << R.out;
}

TEST_F(HostileTest, PullRequestConfigurationIsNotTrustedInUntrustedMode) {
  makePriceQuery();
  writeFile(D.path(".riskgate.yaml"), "rules:\n  n-plus-one: off\n");
  git("add -A");
  git("commit -q -m 'query, and the rule switched off'");
  auto Trusted = riskgate("diff --base main --quiet");
  EXPECT_EQ(Trusted.exitCode, 0) << Trusted.out << Trusted.err; // a team's own branch: honoured
  auto R = riskgate("diff --base main --untrusted --quiet");
  EXPECT_EQ(R.exitCode, 1) << R.out << R.err;
  EXPECT_NE(R.out.find("[n-plus-one]"), std::string::npos) << R.out;
}

TEST_F(HostileTest, PullRequestCannotEditTheBaseConfiguration) {
  writeFile(D.path(".riskgate.yaml"), "rules:\n  dynamic-sql: off\n");
  git("add -A");
  git("commit -q -m 'a team configuration on the base'");
  git("branch -f main HEAD");
  makePriceQuery();
  writeFile(D.path(".riskgate.yaml"), "rules:\n  dynamic-sql: off\n  n-plus-one: off\n");
  git("commit -q -am 'query, and one more rule off'");
  auto R = riskgate("diff --base main --untrusted --quiet");
  EXPECT_EQ(R.exitCode, 1) << R.out << R.err;
}

TEST_F(HostileTest, ProjectHeaderCannotDeclareItselfSystem) {
  for (const char *Claim : {"#pragma clang system_header\n", "# 1 \"include/helpers.h\" 3\n"}) {
    writeFile(D.path("include/helpers.h"),
              std::string("#pragma once\n") + Claim +
                  "#include <libpq-fe.h>\n#include <vector>\n"
                  "inline void touch(PGconn *c, const std::vector<int> &ids) {\n"
                  "  for (int id : ids)\n"
                  "    PQclear(PQexec(c, \"UPDATE seen SET n = n + 1 WHERE id = 1\"));\n"
                  "}\n");
    writeFile(D.path("src/orders.cpp"),
              "#include \"../include/helpers.h\"\n" + readFile(D.path("src/orders.cpp")));
    auto R = riskgate("scan -p build --untrusted --quiet --no-cache --rules n-plus-one");
    EXPECT_EQ(R.exitCode, 1) << Claim << R.out << R.err;
    EXPECT_NE(R.out.find("include/helpers.h:7"), std::string::npos) << Claim << R.out;
    git("checkout -q -- src/orders.cpp");
  }
}

TEST_F(HostileTest, ShippedFactIndexIsNotTrustedInUntrustedMode) {
  makePriceQuery();
  git("commit -q -am query");
  ASSERT_EQ(riskgate("diff --base main --quiet").exitCode, 1);
  // The index next to the compile database now holds the facts; a pull request could ship
  // or edit one. Erase every access from it.
  auto E = run(D.path(), "sqlite3 build/.riskgate-cache/facts.db \"UPDATE sites SET kind=0, "
                         "latency=0, pack='', api=''\"");
  ASSERT_EQ(E.exitCode, 0) << E.err;
  EXPECT_EQ(riskgate("diff --base main --untrusted --quiet").exitCode, 1);
  auto Inside = riskgate("diff --base main --untrusted --quiet --cache build/.riskgate-cache");
  EXPECT_EQ(Inside.exitCode, 1) << Inside.out << Inside.err;
  EXPECT_NE(Inside.err.find("inside the checkout is not used"), std::string::npos) << Inside.err;
}

TEST_F(HostileTest, SubmoduleMoveIsReportedAsNotSeen) {
  TempDir Lib;
  ASSERT_EQ(run(Lib.path(), "git init -q -b main && git -c user.name=t -c user.email=t@t commit "
                            "-q --allow-empty -m one && git -c user.name=t -c user.email=t@t "
                            "commit -q --allow-empty -m two")
                .exitCode,
            0);
  git("-c protocol.file.allow=always submodule add -q '" + Lib.path() + "' vendor/lib");
  git("commit -q -m 'vendor lib'");
  git("branch -f main HEAD");
  auto Move = run(D.path(), "cd vendor/lib && git checkout -q HEAD~1");
  ASSERT_EQ(Move.exitCode, 0) << Move.err;
  git("commit -q -am 'move the submodule'");
  auto R = riskgate("diff --base main --quiet");
  EXPECT_NE(R.err.find("vendor/lib: submodule moved"), std::string::npos) << R.err;
  EXPECT_NE(R.err.find("not analyzed (not seen)"), std::string::npos) << R.err;
}

// --- The runner's files stay on the runner -------------------------------------------

TEST_F(HostileTest, UntrustedSourcesCannotReadOutsideTheCheckout) {
  TempDir Outside;
  writeFile(Outside.path("secret.txt"), "RUNNER_SECRET_ONE\nRUNNER_SECRET_TWO\n");
  ASSERT_EQ(symlink(Outside.path("secret.txt").c_str(), D.path("src/link.txt").c_str()), 0);
  writeFile(D.path("src/pricing.cpp"),
            "#include <cstddef>\n"
            "constexpr char blob[] = {\n#embed \"" +
                Outside.path("secret.txt") +
                "\"\n, 0};\n"
                "constexpr char linked[] = {\n#embed \"link.txt\"\n, 0};\n"
                "#include \"" +
                Outside.path("secret.txt") +
                "\"\n"
                "struct Text { constexpr const char *data() const { return blob; }\n"
                "  constexpr std::size_t size() const { return sizeof(blob) - 1; } };\n"
                "static_assert(false, Text{});\n");
  writeDatabase({"src/orders.cpp", "src/pricing.cpp"}, "-std=c++2c");
  for (const char *Format : {"text", "json", "sarif"}) {
    auto R = riskgate(std::string("scan -p build --untrusted --no-cache --format ") + Format);
    EXPECT_EQ(R.exitCode, 2) << R.out << R.err;
    EXPECT_EQ((R.out + R.err).find("RUNNER_SECRET"), std::string::npos) << R.out << R.err;
  }
  // The same file, trusted: the embed works (the confinement is untrusted mode's).
  auto Trusted = riskgate("scan -p build --no-cache");
  EXPECT_NE((Trusted.out + Trusted.err).find("RUNNER_SECRET"), std::string::npos);
}

TEST_F(HostileTest, UntrustedSchemaPathsStayInsideTheCheckout) {
  TempDir Outside;
  writeFile(Outside.path("secret.sql"), "RUNNER_SECRET_LINE\n");
  writeFile(D.path(".riskgate.yaml"), "schema: [\"" + Outside.path("secret.sql") + "\"]\n");
  auto R = riskgate("scan -p build --untrusted --no-cache");
  EXPECT_EQ(R.exitCode, 2) << R.out << R.err;
  EXPECT_NE(R.err.find("outside the checkout"), std::string::npos) << R.err;
  EXPECT_EQ((R.out + R.err).find("RUNNER_SECRET"), std::string::npos) << R.err;
  // Through a symlink inside a migrations folder.
  writeFile(D.path(".riskgate.yaml"), "schema: [db]\n");
  run(D.path(), "mkdir -p db && ln -s '" + Outside.path("secret.sql") + "' db/001.sql");
  R = riskgate("scan -p build --untrusted --no-cache");
  EXPECT_EQ(R.exitCode, 2) << R.out << R.err;
  EXPECT_EQ((R.out + R.err).find("RUNNER_SECRET"), std::string::npos) << R.err;
}

TEST_F(HostileTest, UntrustedFlagsThatReadFilesAreDropped) {
  TempDir Outside;
  writeFile(Outside.path("list.txt"), "RUNNER_SECRET_LINE\n");
  std::string Secret = Outside.path("list.txt");
  for (const std::string &Flags : std::vector<std::string>{
           "-fsanitize-coverage=trace-pc -fsanitize-coverage-allowlist=" + Secret,
           "-fxray-instrument -fxray-attr-list=" + Secret, "--driver-mode=cl /FI" + Secret,
           "-mllvm=-debug-pass=Arguments", "-fbracket-depth=100000", "-fconstexpr-steps=999999999",
           Secret}) {
    writeDatabase({"src/orders.cpp"}, "-std=c++17 " + Flags);
    auto R = riskgate("scan -p build --untrusted --no-cache");
    EXPECT_LE(R.exitCode, 1) << Flags << "\n" << R.out << R.err;
    EXPECT_EQ((R.out + R.err).find("RUNNER_SECRET"), std::string::npos) << Flags << R.out;
    EXPECT_NE(R.out.find("dropped compiler flag"), std::string::npos) << Flags << R.out;
  }
}

// --- No output channel can be steered ------------------------------------------------

TEST_F(HostileTest, SchemaErrorsCannotOpenWorkflowCommands) {
  makePriceQuery();
  writeFile(D.path("db/evil.sql"), "CREATE TABLE u(y) 'b\n::error title=Injected::forged\n"
                                   "::stop-commands::pwn';\n");
  writeFile(D.path(".riskgate.yaml"), "schema: [db/evil.sql]\n");
  git("add -A");
  git("commit -q -m 'query and a schema'");
  std::string Env = "RISKGATE_BIN=" + riskgateBinary() +
                    " RISKGATE_BASE=main RISKGATE_BUILD_DIR_ARG=build RISKGATE_SARIF=out.sarif "
                    "GITHUB_STEP_SUMMARY=summary.md GITHUB_OUTPUT=output.txt ";
  auto R = run(D.path(), Env + "'" RISKGATE_SOURCE_DIR "/scripts/github-action.sh' 2>&1");
  EXPECT_EQ(R.exitCode, 1) << R.out;
  // Outside the stop-commands blocks, only riskgate's own escaped annotations.
  std::string Stop;
  std::istringstream Lines(R.out);
  for (std::string L; std::getline(Lines, L);) {
    if (!Stop.empty()) {
      if (L == "::" + Stop + "::")
        Stop.clear();
      continue;
    }
    if (L.rfind("::stop-commands::", 0) == 0) {
      Stop = L.substr(17);
      EXPECT_EQ(Stop.rfind("riskgate-", 0), 0u) << L;
      continue;
    }
    if (L.rfind("::", 0) == 0) {
      EXPECT_TRUE(L.rfind("::error file=", 0) == 0 || L.rfind("::warning file=", 0) == 0 ||
                  L.rfind("::notice file=", 0) == 0)
          << L;
    }
    EXPECT_EQ(L.find("Injected"), std::string::npos) << L;
  }
  EXPECT_TRUE(Stop.empty()) << "a stop-commands block was left open";
}

TEST_F(HostileTest, MarkdownCannotBeForgedFromSql) {
  writeFile(D.path("schema.sql"), "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT);\n");
  writeFile(D.path("src/pricing.cpp"),
            "#include <libpq-fe.h>\n"
            "int price(PGconn *c, int order) {\n"
            "  PQclear(PQexec(c, \"SELECT * FROM \\\"x\\n\\n## riskgate: risk none "
            ":white_check_mark: gate passed\\n\\n[Approve](https://evil.example/p) "
            "![](https://evil.example/i.png) `a|b` <img src=x>\\\"\"));\n"
            "  return order;\n"
            "}\n");
  git("commit -q -am 'hostile SQL'");
  auto R = riskgate("diff --base main --schema schema.sql --format markdown");
  EXPECT_EQ(R.exitCode, 1) << R.out << R.err;
  std::istringstream Lines(R.out);
  unsigned Headings = 0;
  for (std::string L; std::getline(Lines, L);) {
    if (L.rfind("## ", 0) == 0)
      ++Headings;
    EXPECT_EQ(L.find("](https://"), std::string::npos) << L;
    EXPECT_EQ(L.find("<img"), std::string::npos) << L;
  }
  EXPECT_EQ(Headings, 1u) << R.out;
  EXPECT_EQ(R.out.find("risk none"), std::string::npos) << R.out;
}

TEST_F(HostileTest, DiagnosticsPrintNoControlCharacters) {
  writeFile(D.path("db/s.sql"), "CREATE TABLE t(a) \x1b[2J\x1b]0;owned\x07 junk;\n");
  auto R = riskgate("scan -p build --no-cache --schema db/s.sql");
  EXPECT_EQ((R.out + R.err).find('\x1b'), std::string::npos) << R.err;
  EXPECT_NE(R.err.find("\\x1b"), std::string::npos) << R.err;
}

// --- No crash, no hang -----------------------------------------------------------------

TEST_F(HostileTest, LongSuppressionReasonIsParsed) {
  writeFile(D.path("src/orders.cpp"),
            "#include <libpq-fe.h>\nvoid f(PGconn *c, int k) {\n"
            "  for (int i = 0; i < k; i++)\n"
            "    PQexec(c, \"SELECT 1\"); // riskgate-ignore(n-plus-one, unchecked-db-result): " +
                std::string(60000, 'x') + "\n}\n");
  auto R = riskgate("scan -p build --no-cache --format json src/orders.cpp");
  EXPECT_EQ(R.exitCode, 0) << R.err;
  EXPECT_NE(R.out.find("\"suppressed\""), std::string::npos);
}

TEST_F(HostileTest, LongOperatorChainIsWalkedWithoutRecursion) {
  std::string Chain;
  for (int I = 0; I < 40000; ++I)
    Chain += " << x";
  writeFile(D.path("src/orders.cpp"),
            "#include <libpq-fe.h>\n#include <sstream>\n"
            "void h(PGconn *c, std::ostream &os, int x) {\n"
            "  for (int i = 0; i < x; i++)\n    PQexec(c, \"SELECT 1\");\n  os" +
                Chain + ";\n}\n");
  // Under a small `ulimit -s` (a quarter of the usual): the parse must not depend on the
  // stack the runner gave the process (Clang's Sema recurses once per link; a CI runner's
  // limit is not ours). One run: under the sanitizers it takes minutes.
  auto R = run(D.path(), "ulimit -s 2048 && '" + riskgateBinary() +
                             "' scan -p build --no-cache src/orders.cpp");
  EXPECT_EQ(R.exitCode, 1) << R.err;
  EXPECT_NE(R.out.find("[n-plus-one]"), std::string::npos);
}

TEST_F(HostileTest, MalformedPatchesAreErrorsNotCrashes) {
  for (const char *Patch :
       {"diff --git a b\n", "diff --git \n", "diff --git x\n--- \n+++ \n@@ -1 +1 @@\n-a\n+b\n",
        "diff --git a/x b/x\n@@ -1,4294967295 +1 @@\n-a\n", "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n",
        "@@ -1 +1 @@\n", "diff --git \"a/x b/x\n"}) {
    writeFile(D.path("p.diff"), Patch);
    auto R = riskgate("diff --patch p.diff -p build");
    EXPECT_TRUE(R.exitCode == 0 || R.exitCode == 2) << Patch << ": exit " << R.exitCode << R.err;
    if (R.exitCode == 2) {
      EXPECT_NE(R.err.find("riskgate: error: "), std::string::npos) << R.err;
    }
  }
  auto NoPrefix = run(D.path(), "echo 1 >> src/orders.cpp && git -c diff.noprefix=true diff | '" +
                                    riskgateBinary() + "' diff --patch - -p build");
  EXPECT_LE(NoPrefix.exitCode, 2) << NoPrefix.err;
}

TEST_F(HostileTest, DeepNestingInUntrustedModeFailsTheUnitNotTheRun) {
  writeFile(D.path("src/pricing.cpp"),
            "int deep = " + std::string(100000, '(') + "1" + std::string(100000, ')') + ";\n");
  writeDatabase({"src/orders.cpp", "src/pricing.cpp"}, "-std=c++17 -fbracket-depth=1000000");
  auto R = riskgate("scan -p build --untrusted --no-cache");
  EXPECT_EQ(R.exitCode, 2) << R.out << R.err;
  EXPECT_NE(R.out.find("src/pricing.cpp"), std::string::npos) << R.out;
  EXPECT_NE(R.out.find("dropped compiler flag '-fbracket-depth=1000000'"), std::string::npos);
}

TEST_F(HostileTest, SchemaStatementsRunUnderABudget) {
  writeFile(D.path("rec.sql"), "CREATE TABLE boom AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
                               "SELECT x+1 FROM c) SELECT x FROM c;\n"
                               "CREATE TABLE prices(id INTEGER PRIMARY KEY, amount INT);\n");
  writeFile(D.path("blob.sql"), "CREATE TABLE b AS SELECT randomblob(400000000) AS z;\n");
  auto Rec = run(D.path(), "timeout 120 '" + riskgateBinary() +
                               "' scan -p build --no-cache --schema rec.sql");
  EXPECT_NE(Rec.exitCode, 124) << "still running after 120 s";
  EXPECT_NE(Rec.err.find("rec.sql:1: schema statement skipped: it ran past the budget"),
            std::string::npos)
      << Rec.err;
  auto Blob = riskgate("scan -p build --no-cache --schema blob.sql");
  EXPECT_NE(Blob.err.find("string or blob too big"), std::string::npos) << Blob.err;
}

TEST_F(HostileTest, CallChainsHaveNoDepthLimit) {
  std::string Src =
      "#include <libpq-fe.h>\nint h0(PGconn *c) { PQexec(c, \"SELECT 1\"); return 0; }\n";
  for (int I = 1; I < 90; ++I)
    Src += "int h" + std::to_string(I) + "(PGconn *c) { return h" + std::to_string(I - 1) +
           "(c) + 1; }\n";
  Src += "void top(PGconn *c, int n) {\n  for (int i = 0; i < n; i++)\n    h89(c);\n}\n";
  writeFile(D.path("src/orders.cpp"), Src);
  auto R = riskgate("scan -p build --no-cache --rules n-plus-one src/orders.cpp");
  EXPECT_EQ(R.exitCode, 1) << R.out;
  EXPECT_NE(R.out.find("[high] call to 'h89' runs a query (PQexec"), std::string::npos) << R.out;
}

TEST_F(HostileTest, CompileCommandInAMissingDirectoryIsAUnitError) {
  writeFile(D.path("build/compile_commands.json"), "[{\"directory\":\"" + D.path("nowhere") +
                                                       "\",\"file\":\"" + D.path("src/orders.cpp") +
                                                       "\",\"command\":\"c++ -c x.cpp\"}]");
  auto R = riskgate("scan -p build --no-cache");
  EXPECT_EQ(R.exitCode, 2) << R.err;
  EXPECT_NE(R.out.find("cannot enter the compile command's directory"), std::string::npos) << R.out;
}

// --- The fact index never lies and never blocks ---------------------------------------

TEST_F(HostileTest, CorruptPagesAreDetectedAndRebuiltOnce) {
  ASSERT_EQ(riskgate("scan -p build --quiet -o /dev/null").exitCode, 0);
  std::string Db = D.path("build/.riskgate-cache/facts.db");
  ASSERT_EQ(run(D.path(), "sqlite3 " + Db + " 'PRAGMA wal_checkpoint(TRUNCATE)'").exitCode, 0);
  auto Page = run(D.path(), "sqlite3 " + Db +
                                " \"SELECT rootpage FROM sqlite_schema WHERE "
                                "name='sites'\"");
  int N = std::atoi(Page.out.c_str());
  ASSERT_GT(N, 1);
  ASSERT_EQ(run(D.path(), "printf '\\377%.0s' $(seq 1 200) | dd of=" + Db + " bs=1 seek=" +
                              std::to_string((N - 1) * 4096) + " conv=notrunc status=none")
                .exitCode,
            0);
  auto First = riskgate("scan -p build --quiet --stats -o /dev/null");
  EXPECT_NE(First.err.find("corrupt"), std::string::npos) << First.err;
  EXPECT_NE(First.err.find("rebuilding the fact index"), std::string::npos) << First.err;
  auto Second = riskgate("scan -p build --quiet --stats -o /dev/null");
  EXPECT_EQ(Second.err.find("warning"), std::string::npos) << Second.err;
  EXPECT_NE(Second.err.find("2 reused"), std::string::npos) << Second.err;
}

TEST_F(HostileTest, ConcurrentColdStartsShareOneIndex) {
  for (int Round = 0; Round < 4; ++Round) {
    run(D.path(), "rm -rf cache");
    std::string Cmd;
    for (int K = 0; K < 8; ++K)
      Cmd += "'" + riskgateBinary() + "' scan -p build --quiet -j 1 --cache cache -o /dev/null " +
             "2> err." + std::to_string(K) + " & ";
    auto R = run(D.path(), Cmd + "wait; cat err.*");
    EXPECT_EQ(R.out.find("warning"), std::string::npos) << "round " << Round << ": " << R.out;
    EXPECT_EQ(run(D.path(), "ls cache | grep -c tmp").out, "0\n");
  }
}

TEST_F(HostileTest, NoPossibleIndexMeansOneWarningAndAFullRun) {
  writeFile(D.path("cache-is-a-file"), "x");
  auto R = riskgate("scan -p build --quiet --cache cache-is-a-file/sub -o /dev/null");
  EXPECT_EQ(R.exitCode, 0) << R.err;
  EXPECT_NE(R.err.find("running without the fact index"), std::string::npos) << R.err;
}

TEST_F(HostileTest, SymlinkedIndexIsNeverOpened) {
  std::string Victim = D.path("victim.sqlite");
  ASSERT_EQ(run(D.path(), "sqlite3 " + Victim + " 'CREATE TABLE v(x); INSERT INTO v VALUES(1);'")
                .exitCode,
            0);
  std::string Before = readFile(Victim);
  run(D.path(),
      "mkdir -p build/.riskgate-cache && ln -s " + Victim + " build/.riskgate-cache/facts.db");
  auto R = riskgate("scan -p build --quiet -o /dev/null");
  EXPECT_EQ(R.exitCode, 0) << R.err;
  EXPECT_NE(R.err.find("symbolic link"), std::string::npos) << R.err;
  EXPECT_EQ(readFile(Victim), Before);
  EXPECT_EQ(run(D.path(), "sqlite3 " + Victim + " 'PRAGMA journal_mode'").out, "delete\n");
}

TEST_F(HostileTest, StaleTemporariesOfDeadProcessesAreRemoved) {
  ASSERT_EQ(riskgate("scan -p build --quiet -o /dev/null").exitCode, 0);
  // A pid that cannot be alive: beyond the kernel's pid_max.
  writeFile(D.path("build/.riskgate-cache/facts.db.tmp.2147483600"), "half");
  ASSERT_EQ(riskgate("scan -p build --quiet -o /dev/null").exitCode, 0);
  struct stat St;
  EXPECT_NE(stat(D.path("build/.riskgate-cache/facts.db.tmp.2147483600").c_str(), &St), 0);
}

// --- Everyday inputs that used to break things ------------------------------------------

TEST_F(HostileTest, HookPathWithAQuoteIsQuoted) {
  run(D.path(), "mkdir -p \"" + std::string("o'brien \\\"build\\\" \\$HOME") + "\"");
  auto R = riskgate("hook install -p \"" + std::string("o'brien \\\"build\\\" \\$HOME") + "\"");
  ASSERT_EQ(R.exitCode, 0) << R.err;
  EXPECT_EQ(run(D.path(), "sh -n .git/hooks/pre-commit").exitCode, 0);
  // The hook passes the path through unchanged: riskgate sees the folder as named.
  auto Hook = run(D.path(), "cat .git/hooks/pre-commit");
  EXPECT_NE(Hook.out.find("'o'\\''brien \"build\" $HOME'"), std::string::npos) << Hook.out;
}

TEST_F(HostileTest, DuplicateDatabaseEntriesAreParsedOnce) {
  std::string Entry = "{\"directory\":\"" + D.path() +
                      "\",\"file\":\"src/orders.cpp\",\"command\":\"c++ -I" RISKGATE_PQ_INCLUDE
                      " -c src/orders.cpp\"}";
  std::string Json = "[" + Entry;
  for (int I = 0; I < 500; ++I)
    Json += "," + Entry;
  writeFile(D.path("build/compile_commands.json"), Json + "]");
  auto R = riskgate("scan -p build --no-cache --stats -o /dev/null");
  EXPECT_EQ(R.exitCode, 0) << R.err;
  EXPECT_NE(R.err.find("units:            1 (1 parsed"), std::string::npos) << R.err;
}

TEST_F(HostileTest, MalformedConfigurationsAreErrors) {
  struct Case {
    std::string text, where, says;
  } Cases[] = {
      {"packs: {libqp: off}\n", ".riskgate.yaml:1:9:", "unknown pack 'libqp'"},
      {"rules: {n-plus-one: off}\n---\nbogus-key: 1\n",
       ".riskgate.yaml:3:1:", "second YAML document"},
      {std::string("\x01\x02\xff\xfe\x00", 5), ".riskgate.yaml:1:1:", "not a text file"},
      {"rules: [n-plus-one", ".riskgate.yaml:1:", ""},
  };
  for (const Case &C : Cases) {
    writeFile(D.path(".riskgate.yaml"), C.text);
    auto R = riskgate("scan -p build --no-cache -o /dev/null");
    EXPECT_EQ(R.exitCode, 2) << C.text << R.err;
    EXPECT_NE(R.err.find(C.where), std::string::npos) << R.err;
    EXPECT_NE(R.err.find(C.says), std::string::npos) << R.err;
  }
}

} // namespace

namespace {

TEST_F(HostileTest, ClangCrashInOneUnitIsIsolatedAndReported) {
  makePriceQuery();
  writeFile(D.path("src/audit.cpp"), "#include <libpq-fe.h>\n"
                                     "void audit(PGconn *c, int n) {\n"
                                     "  for (int i = 0; i < n; ++i)\n"
                                     "    PQclear(PQexec(c, \"SELECT 1 FROM audit\"));\n"
                                     "}\n");
  writeDatabase({"src/orders.cpp", "src/pricing.cpp", "src/audit.cpp"}, "-std=c++17");
  for (const char *Jobs : {"-j 1", "-j 2"}) {
    // Under ASan: let the signal reach riskgate's recovery, as in a release build, and do not
    // count the crashed unit's memory, which recovery abandons (as Clang's driver does).
    auto R = run(D.path(), std::string("ASAN_OPTIONS=handle_segv=0:detect_leaks=0 "
                                       "RISKGATE_TEST_CRASH_IN_UNIT=src/orders.cpp '") +
                               riskgateBinary() + "' scan -p build " + Jobs);
    EXPECT_EQ(R.exitCode, 2) << R.out << R.err;
    EXPECT_NE(R.out.find("src/orders.cpp: error: clang crashed while parsing this file"),
              std::string::npos)
        << R.out;
    EXPECT_NE(R.out.find("src/audit.cpp:4:"), std::string::npos) << R.out; // the others: analyzed
  }
  // The crashed unit was not stored: without the crash, it is parsed and its finding is back.
  auto After = riskgate("scan -p build --stats");
  EXPECT_EQ(After.exitCode, 1) << After.out << After.err;
  EXPECT_NE(After.out.find("call to 'price'"), std::string::npos) << After.out;
}

} // namespace

// Inputs the fuzz targets found (scripts/fuzz.sh), kept as regressions.
#include "change/UnifiedDiff.h"
#include "config/Config.h"
#include "driver/Scan.h"

namespace {

TEST(FuzzRegressions, ConfigWithInvalidUtf8AndDeleteCharacters) {
  riskgate::PackError E;
  std::string Text = "rules:\n  loop-invariant-query: \xfe\xff\xff\xf7off\n  n-plus-one: "
                     "{severity: critical}\nhot\x7f\x7f\x7f\x7f"
                     "exclude: [\"generated/*\"]\n";
  EXPECT_FALSE(riskgate::parseConfig("/x/.riskgate.yaml", Text, E));
  EXPECT_FALSE(E.message.empty());
  for (std::string Broken :
       {"apis: [{name: f, kind: query, latency: network,\n", "apis:\n  - !!map {? a}\n",
        "apis: [*anchor]\n", "rules: {? }\n", "apis: [{name: }]\n", "apis: [{\"\": x}]\n"}) {
    riskgate::PackError E2;
    EXPECT_FALSE(riskgate::parseConfig("/x/.riskgate.yaml", Broken, E2)) << Broken;
    EXPECT_FALSE(riskgate::parseRulePack("p.yaml", "pack: p\n" + Broken, E2)) << Broken;
  }
}

TEST(FuzzRegressions, DeeplyNestedJsonAndYamlAreRefusedBeforeParsing) {
  std::string Deep = std::string(100000, '[') + std::string(100000, ']');
  riskgate::PackError E;
  EXPECT_FALSE(riskgate::parseConfig("/x/.riskgate.yaml", "hot: " + Deep, E));
  EXPECT_NE(E.message.find("levels deep"), std::string::npos) << E.message;
  riskgate::Baseline B;
  std::string Error;
  EXPECT_FALSE(
      riskgate::parseBaseline("b.json", "{\"version\": 1, \"findings\": " + Deep + "}", B, Error));
  EXPECT_NE(Error.find("levels deep"), std::string::npos) << Error;
}

TEST(FuzzRegressions, QuotedDiffPathsWithBadOctalEscapes) {
  EXPECT_EQ(riskgate::unquoteGitPath("\"a\\1x9\""), "a1x9");
  EXPECT_EQ(riskgate::unquoteGitPath("\"\\303\\251\""), "\xc3\xa9");
  std::vector<riskgate::FileDiff> Files;
  riskgate::DiffError E;
  riskgate::parseUnifiedDiff("diff --git \"a/\\7\\0-\" \"b/\\7\\0-\"\n", Files, E);
}

} // namespace

namespace {

TEST_F(HostileTest, InvalidUtf8InSourcesKeepsReportsValid) {
  writeFile(D.path("src/pricing.cpp"),
            "#include <libpq-fe.h>\n"
            "int price(PGconn *c, int order) {\n"
            "  PQclear(PQexec(c, \"SELECT amount FROM prices WHERE note = '\xff\xfe\xc3'\"));\n"
            "  return order;\n"
            "}\n");
  for (const char *Format : {"json", "sarif", "gitlab"}) {
    auto R = riskgate(std::string("scan -p build --format ") + Format + " -o out.json");
    EXPECT_LE(R.exitCode, 1) << Format << R.err;
    EXPECT_EQ(
        run(D.path(), "python3 -c 'import json; json.load(open(\"out.json\", encoding=\"utf-8\"))'")
            .exitCode,
        0)
        << Format;
  }
}

} // namespace

namespace {

TEST_F(HostileTest, UntrustedUnitsRunUnderATimeLimit) {
  // 15 s: ample for a small unit even in the Debug ASan build, which parses ~10x slower.
  makePriceQuery();
  auto R = run(D.path(), "RISKGATE_TEST_HANG_IN_UNIT=src/pricing.cpp timeout 120 '" +
                             riskgateBinary() + "' scan -p build --untrusted --unit-timeout 15");
  EXPECT_EQ(R.exitCode, 2) << R.out << R.err;
  EXPECT_NE(R.out.find("src/pricing.cpp: error: the unit ran past the time limit of 15 s; not "
                       "analyzed"),
            std::string::npos)
      << R.out;
  EXPECT_NE(R.out.find("in 2 units, 1 with errors"), std::string::npos) << R.out;
}

TEST_F(HostileTest, UntrustedUnitsRunUnderAMemoryLimit) {
#ifdef RISKGATE_TEST_SANITIZED
  GTEST_SKIP() << "address-space limits do not apply under ASan";
#endif
  auto R = run(D.path(), "RISKGATE_TEST_HOG_IN_UNIT=src/pricing.cpp '" + riskgateBinary() +
                             "' scan -p build --untrusted --unit-memory 700");
  EXPECT_EQ(R.exitCode, 2) << R.out << R.err;
  EXPECT_NE(R.out.find("src/pricing.cpp: error: the unit crashed or ran out of its 700 MiB"),
            std::string::npos)
      << R.out;
}

TEST_F(HostileTest, IsolatedUnitsGiveTheSameFindings) {
  makePriceQuery();
  writeFile(D.path("src/audit.cpp"), "#include <libpq-fe.h>\n#include <vector>\n"
                                     "void audit(PGconn *c, const std::vector<int> &ids) {\n"
                                     "  for (int id : ids)\n"
                                     "    PQclear(PQexec(c, \"SELECT 1 FROM audit\"));\n"
                                     "}\n");
  writeDatabase({"src/orders.cpp", "src/pricing.cpp", "src/audit.cpp"}, "-std=c++17");
  auto InProcess = riskgate("scan -p build --no-cache --format json -j 2");
  auto Isolated = riskgate("scan -p build --no-cache --format json -j 2 --unit-timeout 120");
  auto Untrusted = riskgate("scan -p build --untrusted --format json -j 2");
  EXPECT_EQ(InProcess.exitCode, 1) << InProcess.err;
  auto Findings = [](const std::string &Json) { return Json.substr(0, Json.find("\"stats\"")); };
  EXPECT_EQ(Findings(Isolated.out), Findings(InProcess.out));
  EXPECT_EQ(Findings(Untrusted.out), Findings(InProcess.out));
  EXPECT_NE(InProcess.out.find("call to 'price'"), std::string::npos);
}

} // namespace

namespace {

TEST_F(HostileTest, ASignalEndsTheRunWithNothingHalfWritten) {
  // Enough units to be mid-run when the signal comes.
  std::vector<std::string> Units;
  for (int I = 0; I < 16; ++I) {
    std::string Name = "src/unit" + std::to_string(I) + ".cpp";
    writeFile(D.path(Name), "#include <libpq-fe.h>\n#include <map>\n#include <regex>\n"
                            "#include <string>\n#include <vector>\n"
                            "int f" +
                                std::to_string(I) +
                                "(PGconn *c, int n) {\n"
                                "  for (int i = 0; i < n; ++i)\n"
                                "    PQclear(PQexec(c, \"SELECT 1\"));\n  return n;\n}\n");
    Units.push_back(Name);
  }
  writeDatabase(Units, "-std=c++17");
  TempDir Outside; // untrusted mode keeps no index inside the checkout
  for (std::string Args : {"--cache " + D.path("cache"), "--untrusted --cache " + Outside.path()}) {
    std::string Cache = Args.substr(Args.rfind(' ') + 1);
    auto R = run(D.path(), "'" + riskgateBinary() + "' scan -p build -j 2 " + Args +
                               " -o /dev/null & pid=$!; sleep 1; kill -TERM $pid; wait $pid; "
                               "echo status=$?; "
                               // a loaded machine may take a moment to reap the children
                               "for i in $(seq 50); do [ $(find /tmp -maxdepth 2 -path "
                               "\"/tmp/riskgate-unit-$pid-*\" -type f | wc -l) -eq 0 ] && break; "
                               "sleep 0.1; done; "
                               "echo files=$(find /tmp -maxdepth 2 -path "
                               "\"/tmp/riskgate-unit-$pid-*\" -type f | wc -l); echo tmps=$(ls " +
                               Cache +
                               " | grep -c facts.db.tmp); echo alive=$(ps -eo args | grep -c "
                               "'[r]iskgate scan -p build -j 2 " +
                               Args + "'); echo pid=$pid");
    EXPECT_NE(R.out.find("status=143"), std::string::npos) << Args << R.out << R.err;
    EXPECT_NE(R.out.find("files=0\ntmps=0\nalive=0\n"), std::string::npos) << Args << R.out;
    // The index is whole: the next run uses it without a warning, and removes the folders
    // the killed run left.
    auto Again = riskgate("scan -p build -j 2 " + Args + " -o /dev/null");
    EXPECT_EQ(Again.err.find("warning"), std::string::npos) << Args << Again.err;
    EXPECT_EQ(Again.exitCode, 1) << Again.err;
    std::string Pid = R.out.substr(R.out.find("pid=") + 4);
    Pid.erase(Pid.find_last_not_of("\n") + 1);
    EXPECT_EQ(run("/tmp", "ls -d /tmp/riskgate-unit-" + Pid + "-* 2>/dev/null | wc -l").out, "0\n");
  }
}

} // namespace

namespace {

// The pull-request check end to end, on a fork's hostile pull request: it adds a query per
// loop iteration, marks the sources binary, switches the rule off and points the schema at a
// runner's file through its own configuration, and ships a schema whose errors try to open
// workflow commands. The gate still trips and the log shows nothing of the runner.
TEST_F(HostileTest, ActionOnAHostileForkPullRequest) {
  TempDir Runner;
  writeFile(Runner.path("token.txt"), "RUNNER_TOKEN_SECRET\n");
  makePriceQuery();
  writeFile(D.path(".gitattributes"), "*.cpp -diff\n");
  writeFile(D.path(".riskgate.yaml"), "rules:\n  n-plus-one: off\n  unchecked-db-result: off\n"
                                      "schema: [\"" +
                                          Runner.path("token.txt") + "\", db/evil.sql]\n");
  writeFile(D.path("db/evil.sql"), "CREATE TABLE u(y) 'b\n::error title=Injected::forged\n';\n");
  git("add -A");
  git("commit -q -m 'harmless refactor'");
  std::string Env = "RISKGATE_BIN=" + riskgateBinary() +
                    " RISKGATE_BASE=main RISKGATE_BUILD_DIR_ARG=build RISKGATE_UNTRUSTED=true "
                    "RISKGATE_SARIF=out.sarif GITHUB_STEP_SUMMARY=summary.md "
                    "GITHUB_OUTPUT=output.txt ";
  auto R = run(D.path(), Env + "'" RISKGATE_SOURCE_DIR "/scripts/github-action.sh' 2>&1");
  EXPECT_EQ(R.exitCode, 1) << R.out;
  EXPECT_NE(R.out.find("::error file=src/orders.cpp"), std::string::npos) << R.out;
  std::string Everything = R.out + readFile(D.path("summary.md")) + readFile(D.path("out.sarif")) +
                           readFile(D.path("output.txt"));
  EXPECT_EQ(Everything.find("RUNNER_TOKEN_SECRET"), std::string::npos);
  EXPECT_EQ(Everything.find("Injected"), std::string::npos);
  EXPECT_NE(readFile(D.path("output.txt")).find("exit-code=1"), std::string::npos);
}

} // namespace
