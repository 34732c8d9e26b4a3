// The fact index: what a rescan re-parses after edits to a source, to a header, after a
// deletion, and how it recovers from a corrupt or foreign file.
#include "TestSupport.h"

#include "driver/Scan.h"
#include "index/FactIndex.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

using namespace riskgate;
using namespace riskgate::test;

namespace {

class FactIndexTest : public ::testing::Test {
protected:
  void SetUp() override {
    writeFile(D.path("include/repo.h"), "#pragma once\n#include <sqlite3.h>\nstruct Repo {\n  "
                                        "sqlite3 *db;\n  int find(int id);\n};\n");
    writeFile(D.path("src/repo.cpp"), "#include \"repo.h\"\nint Repo::find(int id) {\n"
                                      "  return sqlite3_exec(db, \"SELECT name FROM users WHERE id "
                                      "= 1\", nullptr, nullptr, nullptr) + id;\n}\n");
    writeFile(D.path("src/loop.cpp"),
              "#include \"repo.h\"\n#include <vector>\nint total(Repo &r, const std::vector<int> "
              "&ids) {\n"
              "  int n = 0;\n  for (int id : ids)\n    n += r.find(id);\n  return n;\n}\n");
    writeFile(D.path("src/other.cpp"), "int other() { return 1; }\n");
    writeDb({"repo", "loop", "other"});
  }

  void writeDb(const std::vector<std::string> &Units) {
    std::string Json = "[";
    for (const std::string &U : Units)
      Json += std::string(Json.size() > 1 ? "," : "") + "{\"directory\": \"" + D.path("build") +
              "\", \"file\": \"../src/" + U + ".cpp\", \"arguments\": [\"c++\", \"" + Std +
              "\", \"-I../include\", \"-c\", \"../src/" + U + ".cpp\"]}";
    writeFile(D.path("build/compile_commands.json"), Json + "]");
  }

  ScanOutcome scan() {
    ScanOptions O;
    O.buildDir = D.path("build");
    O.jobs = 2;
    ScanOutcome R = runScan(O);
    EXPECT_EQ(R.fatal, "");
    EXPECT_TRUE(R.report.errors.empty());
    return R;
  }

  TempDir D;
  std::string Std = "-std=c++17";
};

TEST_F(FactIndexTest, RescanReparsesOnlyWhatChanged) {
  ScanOutcome Cold = scan();
  EXPECT_EQ(Cold.report.stats.parsed, 3u);
  EXPECT_EQ(Cold.report.stats.reused, 0u);
  ASSERT_EQ(Cold.report.findings.size(), 1u);
  EXPECT_EQ(Cold.report.findings[0].loc.file, D.path("src/loop.cpp"));

  ScanOutcome Warm = scan();
  EXPECT_EQ(Warm.report.stats.parsed, 0u);
  EXPECT_EQ(Warm.report.stats.reused, 3u);
  ASSERT_EQ(Warm.report.findings.size(), 1u);
  EXPECT_EQ(Warm.report.findings[0].fingerprint, Cold.report.findings[0].fingerprint);
  EXPECT_EQ(Warm.report.findings[0].trace.size(), Cold.report.findings[0].trace.size());

  // A source edit re-parses that unit alone.
  writeFile(D.path("src/other.cpp"), "int other() { return 2; }\n");
  ScanOutcome Src = scan();
  EXPECT_EQ(Src.report.stats.parsed, 1u);
  EXPECT_EQ(Src.report.stats.reused, 2u);

  // A header edit re-parses exactly the units that include it.
  writeFile(D.path("include/repo.h"), "#pragma once\n#include <sqlite3.h>\nstruct Repo {\n  "
                                      "sqlite3 *db;\n  int find(int id); // edited\n};\n");
  ScanOutcome Hdr = scan();
  EXPECT_EQ(Hdr.report.stats.parsed, 2u);
  EXPECT_EQ(Hdr.report.stats.reused, 1u);

  // Different flags are a different key.
  Std = "-std=c++20";
  writeDb({"repo", "loop", "other"});
  EXPECT_EQ(scan().report.stats.parsed, 3u);
}

TEST_F(FactIndexTest, DeletedFilesLeaveTheIndex) {
  scan();
  std::string Warning, Error;
  {
    auto Index = FactIndex::open(D.path("build/.riskgate-cache/facts.db"), Warning, Error);
    ASSERT_TRUE(Index) << Error;
    EXPECT_EQ(Index->units().size(), 3u);
  }
  std::remove(D.path("src/other.cpp").c_str());
  writeDb({"repo", "loop"});
  ScanOutcome After = scan();
  EXPECT_EQ(After.report.stats.reused, 2u);
  auto Index = FactIndex::open(D.path("build/.riskgate-cache/facts.db"), Warning, Error);
  ASSERT_TRUE(Index) << Error;
  EXPECT_EQ(Index->units(),
            (std::vector<std::string>{D.path("src/loop.cpp"), D.path("src/repo.cpp")}));
  EXPECT_EQ(Warning, "");
}

TEST_F(FactIndexTest, CorruptIndexIsRebuiltWithAWarning) {
  scan();
  writeFile(D.path("build/.riskgate-cache/facts.db"), std::string(4096, 'x'));
  std::remove(D.path("build/.riskgate-cache/facts.db-wal").c_str());
  std::remove(D.path("build/.riskgate-cache/facts.db-shm").c_str());
  ScanOutcome R = scan();
  ASSERT_EQ(R.warnings.size(), 1u);
  EXPECT_NE(R.warnings[0].find("facts.db"), std::string::npos) << R.warnings[0];
  EXPECT_NE(R.warnings[0].find("rebuilding the fact index"), std::string::npos) << R.warnings[0];
  EXPECT_EQ(R.report.stats.parsed, 3u);
  EXPECT_EQ(R.report.findings.size(), 1u);
  EXPECT_EQ(scan().report.stats.reused, 3u);
}

// The integrity check reads the whole index: a process that found it sound records the
// file's stamp at close, and the next open skips the check for that exact file. Any other
// write (a damaged page, same size) changes the stamp: the check runs and the index is
// rebuilt.
TEST_F(FactIndexTest, IntegrityCheckIsSkippedOnlyForTheFileItVouchedFor) {
  scan();
  const std::string Db = D.path("build/.riskgate-cache/facts.db");
  std::string Stamp = readFile(Db + ".checked");
  struct stat St;
  ASSERT_EQ(::stat(Db.c_str(), &St), 0);
  EXPECT_EQ(Stamp.substr(0, Stamp.find(' ')), std::to_string(St.st_size));
  ScanOutcome Warm = scan();
  EXPECT_TRUE(Warm.warnings.empty());
  EXPECT_EQ(Warm.report.stats.reused, 3u);
  // A page of the units table overwritten in place, the way a failing disk would.
  auto R = run(D.path(), "python3 - '" + Db +
                             "' <<'EOT'\n"
                             "import sqlite3, sys\n"
                             "db = sqlite3.connect(sys.argv[1])\n"
                             "page = db.execute(\"select rootpage from sqlite_schema where "
                             "name='units'\").fetchone()[0]\n"
                             "db.close()\n"
                             "f = open(sys.argv[1], 'r+b'); f.seek((page - 1) * 4096); "
                             "f.write(b'\\xff' * 200); f.close()\n"
                             "EOT\n");
  ASSERT_EQ(R.exitCode, 0) << R.err;
  ScanOutcome Damaged = scan();
  ASSERT_EQ(Damaged.warnings.size(), 1u);
  EXPECT_NE(Damaged.warnings[0].find("rebuilding the fact index"), std::string::npos)
      << Damaged.warnings[0];
  EXPECT_EQ(Damaged.report.stats.parsed, 3u);
  EXPECT_EQ(scan().report.stats.reused, 3u);
}

TEST_F(FactIndexTest, ForeignSqliteDatabaseIsRebuilt) {
  writeFile(D.path("cache/facts.db"), "");
  auto R = run(D.path(), "sqlite3 cache/facts.db 'CREATE TABLE meta(key, value); INSERT INTO meta "
                         "VALUES(\"schema_version\", \"999\");'");
  ASSERT_EQ(R.exitCode, 0) << R.err;
  ScanOptions O;
  O.buildDir = D.path("build");
  O.cacheDir = D.path("cache");
  ScanOutcome S = runScan(O);
  ASSERT_EQ(S.warnings.size(), 1u);
  EXPECT_NE(S.warnings[0].find("schema version 999"), std::string::npos) << S.warnings[0];
  EXPECT_EQ(S.report.findings.size(), 1u);
}

TEST_F(FactIndexTest, TwoProcessesShareTheIndex) {
  std::string Cmd = riskgateBinary() + " scan --rules n-plus-one --quiet -p build -j 1";
  auto R = run(D.path(), "(" + Cmd + " > a.txt; echo $? > a.rc) & (" + Cmd +
                             " > b.txt; echo $? > b.rc) & wait");
  EXPECT_EQ(R.exitCode, 0) << R.err;
  EXPECT_EQ(readFile(D.path("a.rc")), "0\n") << readFile(D.path("a.txt")) << R.err;
  EXPECT_EQ(readFile(D.path("b.rc")), "0\n") << readFile(D.path("b.txt")) << R.err;
  EXPECT_EQ(readFile(D.path("a.txt")), readFile(D.path("b.txt")));
  EXPECT_EQ(scan().report.stats.reused, 3u);
}

TEST_F(FactIndexTest, NoCacheWritesNothing) {
  ScanOptions O;
  O.buildDir = D.path("build");
  O.noCache = true;
  ScanOutcome R = runScan(O);
  EXPECT_EQ(R.report.stats.parsed, 3u);
  std::ifstream In(D.path("build/.riskgate-cache/facts.db"));
  EXPECT_FALSE(In.good());
}

} // namespace
