// riskgate diff end to end, on real git repositories made in a temporary folder.
#include "DiffVerdict.h"
#include "TestSupport.h"

#include "llvm/Support/JSON.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>

using namespace riskgate::test;

namespace {

const char *const RepoHeader = R"cpp(#pragma once
#include <libpq-fe.h>
#include <string>
struct Repo {
  PGconn *conn;
  std::string name(int id);
  void log(const std::string &s);
};
)cpp";

const char *const RepoQuiet = R"cpp(#include "repo.h"
std::string Repo::name(int id) { return std::to_string(id); }
void Repo::log(const std::string &s) { (void)s; }
)cpp";

const char *const RepoQuery = R"cpp(#include "repo.h"
std::string Repo::name(int id) {
  PGresult *r = PQexec(conn, "SELECT name FROM users WHERE id = 1");
  std::string n = PQgetvalue(r, 0, 0);
  PQclear(r);
  return n + std::to_string(id);
}
void Repo::log(const std::string &s) { (void)s; }
)cpp";

const char *const Loop = R"cpp(#include "repo.h"
#include <vector>
void digest(Repo &repo, const std::vector<int> &ids) {
  for (int id : ids)
    repo.log(repo.name(id));
}
)cpp";

const char *const OldNPlusOne = R"cpp(#include "repo.h"
#include <vector>
void cleanup(PGconn *c, const std::vector<int> &ids) {
  for (int id : ids)
    PQclear(PQexec(c, "DELETE FROM sessions WHERE id = 1"));
  (void)"log message one";
}
)cpp";

class DiffTest : public ::testing::Test {
protected:
  void SetUp() override {
    git("init -q -b main");
    git("config user.name test");
    git("config user.email test@example.com");
  }

  CommandResult git(const std::string &Args) { return run(D.path(), "git " + Args); }

  void write(const std::string &Rel, const std::string &Text) { writeFile(D.path(Rel), Text); }

  void commit(const std::string &Message) {
    ASSERT_EQ(git("add -A").exitCode, 0);
    auto R = git("commit -q -m '" + Message + "'");
    ASSERT_EQ(R.exitCode, 0) << R.err;
  }

  /// compile_commands.json in build/, listing the given sources.
  void database(const std::vector<std::string> &Sources) {
    std::string Json = "[";
    for (const std::string &S : Sources)
      Json += std::string(Json.size() > 1 ? "," : "") + "{\"directory\": \"" + D.path() +
              "\", \"file\": \"" + S + "\", \"arguments\": [\"c++\", \"-std=c++17\", \"-I" +
              D.path("include") + "\", \"-I" RISKGATE_PQ_INCLUDE "\", \"-c\", \"" + S + "\"]}";
    writeFile(D.path("build/compile_commands.json"), Json + "]");
    writeFile(D.path(".gitignore"), "build/\n");
  }

  void baseProject() {
    write("include/repo.h", RepoHeader);
    write("src/repo.cpp", RepoQuiet);
    write("src/loop.cpp", Loop);
    write("src/old.cpp", OldNPlusOne);
    database({"src/repo.cpp", "src/loop.cpp", "src/old.cpp"});
    commit("base");
  }

  /// Runs riskgate diff with ARGS from Dir (relative), JSON report parsed into Json.
  CommandResult diff(const std::string &Args, const std::string &Dir = "") {
    auto R = run(D.path(Dir),
                 riskgateBinary() +
                     " diff --rules n-plus-one --rules n-plus-one --format json --quiet " + Args);
    auto V = llvm::json::parse(R.out);
    if (V)
      Json = std::move(*V);
    else
      llvm::consumeError(V.takeError());
    return R;
  }

  /// "status rule file:line" of every finding of the last diff.
  std::vector<std::string> findings() {
    std::vector<std::string> Out;
    const auto *Root = Json.getAsObject();
    if (!Root || !Root->getArray("findings"))
      return Out;
    for (const auto &F : *Root->getArray("findings")) {
      const auto *O = F.getAsObject();
      Out.push_back(O->getString("status")->str() + " " + O->getString("rule")->str() + " " +
                    O->getString("file")->str() + ":" + std::to_string(*O->getInteger("line")));
    }
    return Out;
  }

  std::string grade() {
    const auto *S = Json.getAsObject() ? Json.getAsObject()->getObject("score") : nullptr;
    return S ? S->getString("grade")->str() : "?";
  }

  TempDir D;
  llvm::json::Value Json = nullptr;
};

// A CI matrix extracted the head's facts: the gate job parses only the base side of the
// unit the change touched, and reaches the verdict a diff that parses everything reaches.
TEST_F(DiffTest, FactsFromExtractGiveTheSameVerdictParsingOnlyTheChangedUnitsBase) {
  baseProject();
  git("checkout -q -b feature");
  write("src/repo.cpp", RepoQuery);
  commit("read names fresh");
  auto Facts = run(D.path(), riskgateBinary() + " extract -q -p build --output-dir build/facts");
  ASSERT_EQ(Facts.exitCode, 0) << Facts.err;
  auto Plain = diff("--base main --no-cache");
  EXPECT_EQ(Plain.exitCode, 1) << Plain.err;
  auto WithFacts = diff("--base main --no-cache --facts build/facts --stats");
  EXPECT_EQ(WithFacts.exitCode, 1) << WithFacts.err;
  EXPECT_EQ(firstDifference(WithFacts.out, Plain.out), "");
  EXPECT_EQ(findings(), std::vector<std::string>{"introduced n-plus-one src/loop.cpp:5"});
  // Head: 3 units from the facts; base: src/repo.cpp parsed, the 2 others from the facts.
  EXPECT_NE(WithFacts.err.find("3 (1 parsed, 5 read from facts files or the index"),
            std::string::npos)
      << WithFacts.err;
  // Facts older than the working tree (a file edited after the extraction) are not trusted
  // for it: the unit is parsed again, and the verdict is the plain diff's.
  write("src/loop.cpp", std::string("// edited after the extraction\n") + Loop);
  auto Plain2 = diff("--base main --no-cache");
  auto Stale = diff("--base main --no-cache --facts build/facts");
  EXPECT_EQ(firstDifference(Stale.out, Plain2.out), "");
  EXPECT_NE(Stale.err.find("the facts of 1 unit do not match the files here (src/loop.cpp "
                           "changed since src/loop.cpp was extracted): they are parsed again"),
            std::string::npos)
      << Stale.err;
  EXPECT_EQ(findings(), std::vector<std::string>{"introduced n-plus-one src/loop.cpp:6"});
  // A unit the facts lack (added since the extraction) is parsed, not lost.
  write("src/late.cpp", OldNPlusOne);
  database({"src/repo.cpp", "src/loop.cpp", "src/old.cpp", "src/late.cpp"});
  auto Late = diff("--base main --no-cache --facts build/facts --all");
  EXPECT_NE(Late.out.find("src/late.cpp"), std::string::npos) << Late.out;
  // The facts are the working tree's: only --base compares it.
  auto Staged = diff("--staged --facts build/facts");
  EXPECT_EQ(Staged.exitCode, 2);
  EXPECT_NE(Staged.err.find("--facts goes with --base"), std::string::npos) << Staged.err;
}

TEST_F(DiffTest, HelperStartsQueryingUnderAnUnchangedLoop) {
  baseProject();
  git("checkout -q -b feature");
  write("src/repo.cpp", RepoQuery);
  commit("read names fresh");
  auto R = diff("--base main");
  EXPECT_EQ(R.exitCode, 1) << R.err << R.out;
  EXPECT_EQ(findings(), std::vector<std::string>{"introduced n-plus-one src/loop.cpp:5"});
  EXPECT_EQ(grade(), "high");
  const auto *Reach = Json.getAsObject()->getArray("reach");
  ASSERT_TRUE(Reach);
  ASSERT_EQ(Reach->size(), 1u);
  EXPECT_EQ((*Reach)[0].getAsObject()->getString("function"), llvm::StringRef("Repo::name"));
  EXPECT_EQ((*Reach)[0].getAsObject()->getBoolean("fromLoop"), true);
  EXPECT_EQ((*Reach)[0].getAsObject()->getInteger("callSites"), 1);
  // The same from a subdirectory, and with the change uncommitted in the working tree.
  git("reset -q --soft main");
  auto Sub = diff("--base main", "src");
  EXPECT_EQ(Sub.exitCode, 1) << Sub.err;
  EXPECT_EQ(findings(), std::vector<std::string>{"introduced n-plus-one src/loop.cpp:5"});
}

TEST_F(DiffTest, EditingALogLineNextToAnOldNPlusOneIsPreexisting) {
  baseProject();
  std::string Edited = OldNPlusOne;
  Edited.replace(Edited.find("log message one"), 15, "log message two");
  write("src/old.cpp", Edited);
  auto R = diff("--base HEAD");
  EXPECT_EQ(R.exitCode, 0) << R.err << R.out;
  EXPECT_EQ(findings(), std::vector<std::string>{"preexisting n-plus-one src/old.cpp:5"});
  EXPECT_EQ(grade(), "low");
  // Not touched: an unrelated change hides it unless --all.
  write("src/old.cpp", OldNPlusOne);
  write("src/repo.cpp", std::string(RepoQuiet) + "// comment\n");
  diff("--base HEAD --whole-program");
  EXPECT_TRUE(findings().empty());
  EXPECT_EQ(Json.getAsObject()->getObject("change")->getInteger("preexistingNotShown"), 1);
  EXPECT_EQ(Json.getAsObject()->getObject("change")->getObject("slice"), nullptr);
  // The hook's slice (the index is current): the same verdict, counted in the two units the
  // change can affect, which old.cpp is not.
  diff("--base HEAD");
  EXPECT_TRUE(findings().empty());
  const auto *Change = Json.getAsObject()->getObject("change");
  EXPECT_EQ(Change->getInteger("preexistingNotShown"), 0);
  ASSERT_NE(Change->getObject("slice"), nullptr);
  EXPECT_EQ(Change->getObject("slice")->getInteger("units"), 2);
  EXPECT_EQ(Change->getObject("slice")->getInteger("programUnits"), 3);
  diff("--base HEAD --all");
  EXPECT_EQ(findings(), std::vector<std::string>{"preexisting n-plus-one src/old.cpp:5"});
}

// An edit inside the callee (the query moves one call deeper) keeps the caller's finding:
// its identity is the loop, the call at the loop site, the access kind and the SQL, not the
// chain in between. Nothing is introduced, so the change grades low at most.
TEST_F(DiffTest, EditInsideTheCalleeKeepsTheCallersIdentity) {
  write("include/repo.h", RepoHeader);
  write("src/repo.cpp", RepoQuery);
  write("src/loop.cpp", Loop);
  database({"src/repo.cpp", "src/loop.cpp"});
  commit("base");
  write("src/repo.cpp", R"cpp(#include "repo.h"
static std::string fetchName(PGconn *conn) {
  PGresult *r = PQexec(conn, "SELECT name FROM users WHERE id = 1");
  std::string n = PQgetvalue(r, 0, 0);
  PQclear(r);
  return n;
}
std::string Repo::name(int id) { return fetchName(conn) + std::to_string(id); }
void Repo::log(const std::string &s) { (void)s; }
)cpp");
  auto R = diff("--base HEAD --all");
  EXPECT_EQ(R.exitCode, 0) << R.err << R.out;
  EXPECT_EQ(findings(), std::vector<std::string>{"preexisting n-plus-one src/loop.cpp:5"});
  EXPECT_EQ(grade(), "low");
}

// One site where several rules fire (n-plus-one, write-loop) counts once, at the first most
// severe rule, the other as "also".
TEST_F(DiffTest, OneSiteWithSeveralRulesCountsOnce) {
  write("src/w.cpp", R"cpp(#include <libpq-fe.h>
#include <vector>
void w(PGconn *c, const std::vector<int> &ids) { (void)ids; }
)cpp");
  database({"src/w.cpp"});
  commit("base");
  write("src/w.cpp", R"cpp(#include <libpq-fe.h>
#include <vector>
void w(PGconn *c, const std::vector<int> &ids) {
  for (int id : ids)
    PQclear(PQexec(c, "UPDATE stats SET n = n + 1"));
}
)cpp");
  auto R = run(D.path(), riskgateBinary() + " diff --base HEAD --format json --quiet "
                                            "--rules n-plus-one,loop-invariant-query,"
                                            "write-loop-without-transaction");
  auto V = llvm::json::parse(R.out);
  ASSERT_TRUE(bool(V)) << R.out << R.err;
  const auto *Fs = V->getAsObject()->getArray("findings");
  ASSERT_TRUE(Fs);
  ASSERT_EQ(Fs->size(), 1u) << R.out;
  const auto *F = (*Fs)[0].getAsObject();
  EXPECT_EQ(F->getString("status"), llvm::StringRef("introduced"));
  ASSERT_TRUE(F->getArray("also"));
  EXPECT_EQ(F->getArray("also")->size(), 1u) << R.out;
  const auto *Score = V->getAsObject()->getObject("score");
  EXPECT_EQ(Score->getInteger("value"), 25) << R.out; // one introduced high site, not two
}

// A new .cpp committed before CMake re-ran has no compile entry: it is analyzed with the
// flags of the closest entry (and the report says so), so its N+1 still trips the gate.
TEST_F(DiffTest, NewFileOutsideTheCompileDatabaseIsAnalyzed) {
  baseProject();
  write("src/fresh.cpp", R"cpp(#include "repo.h"
#include <vector>
void purge(PGconn *c, const std::vector<int> &ids) {
  for (int id : ids)
    PQclear(PQexec(c, "DELETE FROM sessions WHERE id = 1"));
}
)cpp");
  commit("a new file, compile database not regenerated");
  auto R = diff("--base HEAD~1");
  EXPECT_EQ(R.exitCode, 1) << R.err << R.out;
  EXPECT_EQ(findings(), std::vector<std::string>{"introduced n-plus-one src/fresh.cpp:5"});
  EXPECT_NE(R.err.find("src/fresh.cpp: no entry in " + D.path("build/compile_commands.json") +
                       "; analyzed with the flags of"),
            std::string::npos)
      << R.err;
}

TEST_F(DiffTest, FixingAnNPlusOneIsFixed) {
  baseProject();
  write("src/old.cpp", R"cpp(#include "repo.h"
#include <vector>
void cleanup(PGconn *c, const std::vector<int> &ids) {
  PQclear(PQexec(c, "DELETE FROM sessions WHERE id = ANY($1)"));
  (void)ids;
}
)cpp");
  auto R = diff("--base HEAD");
  EXPECT_EQ(R.exitCode, 0) << R.err << R.out;
  EXPECT_EQ(findings(), std::vector<std::string>{"fixed n-plus-one src/old.cpp:5"});
  EXPECT_EQ(grade(), "none");
}

// Two units with a file-local function of the same name and body (C's static helpers): two
// findings of one identity, told apart by place. Fixing the copy in one unit fixes that copy;
// the other stays preexisting, whichever sorts first.
TEST_F(DiffTest, FixingOneOfTwoSameNamedStaticsFixesThatOne) {
  auto Unit = [](const std::string &Entry, bool Fixed) {
    return std::string("#include \"repo.h\"\n#include <vector>\n"
                       "static void cleanup(PGconn *c, const std::vector<int> &ids) {\n") +
           (Fixed ? "  PQclear(PQexec(c, \"DELETE FROM sessions WHERE id = ANY($1)\"));\n"
                  : "  for (int id : ids)\n"
                    "    PQclear(PQexec(c, \"DELETE FROM sessions WHERE id = 1\"));\n") +
           "}\nvoid " + Entry + "(PGconn *c, const std::vector<int> &ids) { cleanup(c, ids); }\n";
  };
  write("include/repo.h", RepoHeader);
  write("src/old.cpp", Unit("run", false));
  write("tools/tool.cpp", Unit("runTool", false));
  database({"src/old.cpp", "tools/tool.cpp"});
  commit("two units, one static helper each");
  for (const std::string Fixed : {"tools/tool.cpp", "src/old.cpp"}) {
    SCOPED_TRACE(Fixed);
    write(Fixed, Unit(Fixed == "src/old.cpp" ? "run" : "runTool", true));
    auto R = diff("--base HEAD --all");
    EXPECT_EQ(R.exitCode, 0) << R.err << R.out;
    const std::string Kept = Fixed == "src/old.cpp" ? "tools/tool.cpp" : "src/old.cpp";
    EXPECT_EQ(findings(), (std::vector<std::string>{"preexisting n-plus-one " + Kept + ":5",
                                                    "fixed n-plus-one " + Fixed + ":5"}));
    ASSERT_EQ(git("checkout -q HEAD -- .").exitCode, 0);
  }
}

TEST_F(DiffTest, RenamedFileKeepsItsFindingsPreexisting) {
  baseProject();
  git("mv src/old.cpp src/cleanup.cpp");
  database({"src/repo.cpp", "src/loop.cpp", "src/cleanup.cpp"});
  commit("rename");
  auto R = diff("--base HEAD~1 --all");
  EXPECT_EQ(R.exitCode, 0) << R.err << R.out;
  EXPECT_EQ(findings(), std::vector<std::string>{"preexisting n-plus-one src/cleanup.cpp:5"});
}

TEST_F(DiffTest, HeaderOnlyChange) {
  baseProject();
  // An inline helper in the header starts to query; the loop that calls it is unchanged.
  write("include/repo.h", std::string(RepoHeader) +
                              "inline void audit(PGconn *c) { PQclear(PQexec(c, \"INSERT INTO "
                              "audit VALUES (1)\")); }\n");
  write("src/loop.cpp",
        std::string(Loop) +
            "void auditAll(PGconn *c, int n) {\n  for (int i = 0; i < n; ++i)\n    audit(c);\n}\n");
  commit("audit helper");
  write("include/repo.h", std::string(RepoHeader) + "inline void audit(PGconn *c) { (void)c; }\n");
  commit("audit quietly");
  write("include/repo.h", std::string(RepoHeader) +
                              "inline void audit(PGconn *c) { PQclear(PQexec(c, \"INSERT INTO "
                              "audit VALUES (2)\")); }\n");
  auto R = diff("--base HEAD");
  EXPECT_EQ(R.exitCode, 1) << R.err << R.out;
  EXPECT_EQ(findings(), std::vector<std::string>{"introduced n-plus-one src/loop.cpp:9"});
}

TEST_F(DiffTest, StagedContentIsWhatIsAnalyzed) {
  baseProject();
  write("src/repo.cpp", RepoQuery);
  git("add src/repo.cpp");
  write("src/repo.cpp", RepoQuiet); // the working tree no longer queries; the index does
  auto Staged = diff("--staged");
  EXPECT_EQ(Staged.exitCode, 1) << Staged.err << Staged.out;
  EXPECT_EQ(findings(), std::vector<std::string>{"introduced n-plus-one src/loop.cpp:5"});
  // And the other way round: the working tree queries, the index does not.
  git("reset -q");
  write("src/repo.cpp", RepoQuery);
  std::string Touched = RepoQuiet;
  write("src/repo.cpp", Touched + "// staged comment\n");
  git("add src/repo.cpp");
  write("src/repo.cpp", RepoQuery);
  auto Clean = diff("--staged");
  EXPECT_EQ(Clean.exitCode, 0) << Clean.err << Clean.out;
  EXPECT_TRUE(findings().empty());
}

TEST_F(DiffTest, PatchFromFileAndStdin) {
  baseProject();
  write("src/repo.cpp", RepoQuery);
  auto Patch = git("diff");
  writeFile(D.path("change.patch"), Patch.out);
  auto R = diff("--patch change.patch");
  EXPECT_EQ(R.exitCode, 1) << R.err << R.out;
  EXPECT_EQ(findings(), std::vector<std::string>{"introduced n-plus-one src/loop.cpp:5"});
  auto S = run(D.path(), "git diff | " + riskgateBinary() +
                             " diff --rules n-plus-one --quiet --format json --patch -");
  EXPECT_EQ(S.exitCode, 1) << S.err;
  EXPECT_NE(S.out.find("\"status\": \"introduced\""), std::string::npos);
}

TEST_F(DiffTest, MalformedPatchesExit2WithOneLine) {
  baseProject();
  write("src/repo.cpp", RepoQuery);
  std::string Good = git("diff").out;
  struct Case {
    std::string name, text, message;
  };
  std::vector<Case> Cases = {
      {"truncated", Good.substr(0, Good.rfind('\n', Good.size() - 2) + 1), "truncated diff"},
      {"truncated-mid-line", Good.substr(0, Good.size() - 40), "does not match the patch"},
      {"garbled-hunk",
       "diff --git a/src/repo.cpp b/src/repo.cpp\n--- a/src/repo.cpp\n+++ b/src/repo.cpp\n@@ -1,x "
       "+1 @@\n",
       "malformed hunk header"},
      {"not-a-diff", "hello world\nthis is not a patch\n", "no file changes found"},
      {"minus-without-plus", "--- a/src/repo.cpp\nxyz\n", "without the '+++' line"},
      {"does-not-apply", "--- a/src/repo.cpp\n+++ b/src/repo.cpp\n@@ -1,1 +1,1 @@\n-a\n+b\n",
       "does not match the patch"},
  };
  for (const Case &C : Cases) {
    writeFile(D.path(C.name + ".patch"), C.text);
    auto R = run(D.path(), riskgateBinary() + " diff --rules n-plus-one --quiet --patch " + C.name +
                               ".patch");
    EXPECT_EQ(R.exitCode, 2) << C.name << ": " << R.out;
    EXPECT_EQ(std::count(R.err.begin(), R.err.end(), '\n'), 1) << C.name << ": " << R.err;
    EXPECT_NE(R.err.find(C.name + ".patch"), std::string::npos) << R.err;
    EXPECT_NE(R.err.find(C.message), std::string::npos) << C.name << ": " << R.err;
  }
}

TEST_F(DiffTest, ErrorsOutsideARepositoryAndForUnknownRevisions) {
  TempDir Plain;
  auto R = run(Plain.path(), riskgateBinary() + " diff --rules n-plus-one --base main");
  EXPECT_EQ(R.exitCode, 2);
  EXPECT_NE(R.err.find("not inside a git repository"), std::string::npos) << R.err;
  baseProject();
  auto U = diff("--base no-such-branch");
  EXPECT_EQ(U.exitCode, 2);
  EXPECT_NE(U.err.find("no-such-branch"), std::string::npos) << U.err;
  auto None = run(D.path(), riskgateBinary() + " diff");
  EXPECT_EQ(None.exitCode, 2);
  EXPECT_NE(None.err.find("--base REV, --staged, --patch FILE or --pre-commit"), std::string::npos);
}

TEST_F(DiffTest, Suppressions) {
  baseProject();
  write("src/loop.cpp", R"cpp(#include "repo.h"
#include <vector>
void digest(Repo &repo, const std::vector<int> &ids) {
  for (int id : ids)
    repo.log(repo.name(id)); // riskgate-ignore(n-plus-one): ids holds at most 3 entries
}
void digest2(Repo &repo, const std::vector<int> &ids) {
  for (int id : ids)
    // NOLINTNEXTLINE(riskgate-n-plus-one)
    repo.log(repo.name(id));
}
)cpp");
  commit("suppressed loops");
  write("src/repo.cpp", RepoQuery);
  auto R = diff("--base HEAD");
  EXPECT_EQ(R.exitCode, 0) << R.err << R.out;
  EXPECT_TRUE(findings().empty());
  EXPECT_EQ(Json.getAsObject()->getInteger("suppressed"), 2);
  EXPECT_NE(R.err.find("src/loop.cpp:9: NOLINTNEXTLINE(riskgate-n-plus-one) gives no reason"),
            std::string::npos)
      << R.err;
  EXPECT_EQ(R.err.find("src/loop.cpp:5"), std::string::npos) << R.err;
}

TEST_F(DiffTest, MigrationDroppingAnIndexIntroducesMissingIndex) {
  write("include/repo.h", RepoHeader);
  write("src/repo.cpp", std::string(RepoQuiet) +
                            "#include <sqlite3.h>\nint byUser(sqlite3 *db) {\n"
                            "  return sqlite3_exec(db, \"SELECT * FROM orders WHERE user_id = 1\", "
                            "nullptr, nullptr, nullptr);\n}\n");
  write("db/001_orders.sql", "CREATE TABLE orders(id INTEGER PRIMARY KEY, user_id "
                             "INTEGER);\nCREATE INDEX orders_user ON orders(user_id);\n");
  write(".riskgate.yaml", "schema: [\"db\"]\n");
  database({"src/repo.cpp"});
  commit("orders with an index");
  write("db/002_drop.sql", "DROP INDEX orders_user;\n");
  commit("drop an index nobody seemed to use");
  auto R = run(D.path(), riskgateBinary() +
                             " diff --rules missing-index --format json --quiet --base HEAD~1");
  auto V = llvm::json::parse(R.out);
  ASSERT_TRUE(bool(V)) << R.out << R.err;
  Json = std::move(*V);
  EXPECT_EQ(R.exitCode, 0) << R.out; // medium: below the default gate
  EXPECT_EQ(findings(), std::vector<std::string>{"introduced missing-index src/repo.cpp:6"});
  EXPECT_EQ(grade(), "medium");
}

TEST_F(DiffTest, MarkdownIsAPullRequestComment) {
  baseProject();
  write("src/repo.cpp", RepoQuery);
  auto R = run(D.path(),
               riskgateBinary() + " diff --rules n-plus-one --quiet --base HEAD --format markdown");
  EXPECT_EQ(R.exitCode, 1);
  EXPECT_NE(R.out.find("## riskgate: risk **high**"), std::string::npos) << R.out;
  EXPECT_NE(R.out.find("### Introduced by this change (1)"), std::string::npos) << R.out;
  EXPECT_NE(R.out.find("| high | `n-plus-one` | `src/loop.cpp:5` |"), std::string::npos) << R.out;
  EXPECT_NE(R.out.find("which runs PQexec here"), std::string::npos);
  EXPECT_LT(R.out.size(), 4000u);
  // What riskgate could not see has a section of its own; plurals agree; no two sections
  // share a title.
  write("src/callback.cpp", "int apply(int (*f)(int)) { return f(1); }\n");
  database({"src/repo.cpp", "src/loop.cpp", "src/old.cpp", "src/callback.cpp"});
  auto M = run(D.path(),
               riskgateBinary() + " diff --rules n-plus-one --quiet --base HEAD --format markdown");
  EXPECT_NE(M.out.find("\n### Not seen\n\n- 1 indirect call not resolved"), std::string::npos)
      << M.out;
  EXPECT_EQ(M.out.find("(s)"), std::string::npos) << M.out;
  std::set<std::string> Titles;
  std::istringstream Lines(M.out);
  for (std::string L; std::getline(Lines, L);)
    if (L.rfind("#", 0) == 0 || L.rfind("<details><summary>", 0) == 0) {
      EXPECT_TRUE(Titles.insert(L.substr(0, L.find(" ("))).second) << "twice: " << L;
    }
}

TEST_F(DiffTest, HookInstallBlocksARiskyCommit) {
  baseProject();
  auto I = run(D.path(), riskgateBinary() + " hook install -p build");
  ASSERT_EQ(I.exitCode, 0) << I.err;
  EXPECT_NE(I.out.find(".git/hooks/pre-commit"), std::string::npos) << I.out;
  write("src/repo.cpp", RepoQuery);
  git("add -A");
  auto Blocked = git("commit -q -m risky");
  EXPECT_NE(Blocked.exitCode, 0);
  EXPECT_NE((Blocked.out + Blocked.err).find("introduced"), std::string::npos) << Blocked.out;
  EXPECT_EQ(git("commit -q --no-verify -m risky").exitCode, 0);
  // A safe commit passes the hook.
  write("src/repo.cpp", std::string(RepoQuery) + "// a comment\n");
  git("add -A");
  EXPECT_EQ(git("commit -q -m safe").exitCode, 0);
  // Reinstalling over our own hook is fine; a foreign hook needs --force.
  EXPECT_EQ(run(D.path(), riskgateBinary() + " hook install").exitCode, 0);
  writeFile(D.path(".git/hooks/pre-commit"), "#!/bin/sh\necho mine\n");
  auto Foreign = run(D.path(), riskgateBinary() + " hook install");
  EXPECT_EQ(Foreign.exitCode, 2);
  EXPECT_NE(Foreign.err.find("--force"), std::string::npos);
  EXPECT_EQ(readFile(D.path(".git/hooks/pre-commit")), "#!/bin/sh\necho mine\n");
  EXPECT_EQ(run(D.path(), riskgateBinary() + " hook install --force").exitCode, 0);
  // core.hooksPath is respected.
  git("config core.hooksPath .githooks");
  auto P = run(D.path(), riskgateBinary() + " hook install");
  EXPECT_EQ(P.exitCode, 0) << P.err;
  EXPECT_NE(readFile(D.path(".githooks/pre-commit")).find("diff --staged"), std::string::npos);
}

TEST_F(DiffTest, EmptyChangesAnswerAlike) {
  baseProject();
  // Nothing staged, an empty patch file, an empty patch on stdin: the same answer, with
  // nothing parsed.
  writeFile(D.path("empty.patch"), "");
  for (const std::string &Args :
       {std::string("--staged"), std::string("--patch empty.patch"), std::string("--patch -")}) {
    auto R = run(D.path(), riskgateBinary() + " diff --quiet --stats " + Args + " </dev/null");
    EXPECT_EQ(R.exitCode, 0) << Args << ": " << R.out << R.err;
    EXPECT_NE(R.out.find("= 0: the change is empty"), std::string::npos) << Args << R.out;
    EXPECT_NE(R.out.find("Risk score: 0/100, grade none"), std::string::npos) << Args << R.out;
    EXPECT_NE(R.err.find("units:            0 (0 parsed"), std::string::npos) << Args << R.err;
  }
}

TEST_F(DiffTest, UnusedSuppressionsOnlyInTheChangedSources) {
  baseProject();
  // A README quoting a suppression is not a suppression; a stale one in a changed source is.
  write("README.md", "Accept a finding with `// riskgate-ignore(n-plus-one): reason`.\n");
  write("src/repo.cpp", std::string(RepoQuiet) +
                            "int spare() { return 1; } // riskgate-ignore(n-plus-one): stale\n");
  git("add -A");
  auto R = diff("--staged");
  ASSERT_TRUE(Json.getAsObject()) << R.out << R.err;
  const auto *Unused = Json.getAsObject()->getArray("unusedSuppressions");
  ASSERT_TRUE(Unused);
  ASSERT_EQ(Unused->size(), 1u) << R.out;
  EXPECT_EQ((*Unused)[0].getAsObject()->getString("file"), llvm::StringRef("src/repo.cpp"));
  EXPECT_EQ((*Unused)[0].getAsObject()->getInteger("line"), 4);
}

TEST_F(DiffTest, ReachHonoursHotGlobs) {
  baseProject();
  write("src/handler.cpp", R"cpp(#include "repo.h"
void serve(Repo &repo, int id) { repo.log(repo.name(id)); }
)cpp");
  database({"src/repo.cpp", "src/loop.cpp", "src/old.cpp", "src/handler.cpp"});
  write(".riskgate.yaml", "hot: [\"serve\"]\n");
  commit("handler");
  write("src/repo.cpp", R"cpp(#include "repo.h"
std::string Repo::name(int id) { return std::to_string(id + 0); }
void Repo::log(const std::string &s) { (void)s; }
)cpp");
  git("add -A");
  auto R = diff("--staged --rules n-plus-one");
  ASSERT_TRUE(Json.getAsObject()) << R.out << R.err;
  const auto *Reach = Json.getAsObject()->getArray("reach");
  ASSERT_TRUE(Reach);
  ASSERT_FALSE(Reach->empty());
  for (const auto &E : *Reach)
    EXPECT_EQ(E.getAsObject()->getBoolean("fromHotEntryPoint"), true)
        << E.getAsObject()->getString("function")->str();
}

TEST_F(DiffTest, HookInstallFromASubdirectoryAndUninstall) {
  baseProject();
  // -p is checked, and typed from a subdirectory it is written relative to the top, where
  // git runs the hook.
  auto Bad = run(D.path("src"), riskgateBinary() + " hook install -p nowhere");
  EXPECT_EQ(Bad.exitCode, 2);
  EXPECT_NE(Bad.err.find("nowhere: no such build directory"), std::string::npos) << Bad.err;
  auto I = run(D.path("src"), riskgateBinary() + " hook install -p ../build");
  ASSERT_EQ(I.exitCode, 0) << I.err;
  std::string Hook = readFile(D.path(".git/hooks/pre-commit"));
  EXPECT_NE(Hook.find(" diff --staged --quiet '-p' 'build'"), std::string::npos) << Hook;
  // Not on PATH here: the absolute path of this binary.
  EXPECT_NE(Hook.find("'" + riskgateBinary() + "' diff --staged"), std::string::npos) << Hook;
  write("src/repo.cpp", RepoQuery);
  git("add -A");
  auto Blocked = run(D.path("src"), "git commit -q -m risky");
  EXPECT_NE(Blocked.exitCode, 0);
  EXPECT_NE(Blocked.err.find("riskgate: commit blocked"), std::string::npos) << Blocked.err;
  EXPECT_NE(Blocked.err.find("// riskgate-ignore(RULE): why this is fine"), std::string::npos);
  EXPECT_NE(Blocked.err.find("Bypass once: git commit --no-verify"), std::string::npos);
  // On PATH: the hook runs riskgate by name, and says so when it is gone.
  std::string Bin = riskgateBinary().substr(0, riskgateBinary().rfind('/'));
  auto OnPath =
      run(D.path(), "PATH='" + Bin + "':\"$PATH\" " + riskgateBinary() + " hook install -p build");
  ASSERT_EQ(OnPath.exitCode, 0) << OnPath.err;
  EXPECT_NE(OnPath.out.find("riskgate found on PATH"), std::string::npos) << OnPath.out;
  Hook = readFile(D.path(".git/hooks/pre-commit"));
  EXPECT_NE(Hook.find("\nriskgate diff --staged --quiet '-p' 'build'"), std::string::npos) << Hook;
  auto Gone = run(D.path(), "PATH=/usr/bin:/bin git commit -q -m risky");
  EXPECT_EQ(Gone.exitCode, 1) << Gone.err; // git reports the hook's failure
  EXPECT_NE(Gone.err.find("riskgate: not found on PATH, so this commit was not checked"),
            std::string::npos)
      << Gone.err;
  auto Found = run(D.path(), "PATH='" + Bin + "':\"$PATH\" git commit -q -m risky");
  EXPECT_NE(Found.exitCode, 0);
  EXPECT_NE(Found.err.find("introduced"), std::string::npos) << Found.err;
  // uninstall removes ours, and only ours.
  auto U = run(D.path("src"), riskgateBinary() + " hook uninstall");
  EXPECT_EQ(U.exitCode, 0) << U.err;
  EXPECT_FALSE(std::filesystem::exists(D.path(".git/hooks/pre-commit")));
  EXPECT_EQ(run(D.path(), riskgateBinary() + " hook uninstall").exitCode, 0);
  writeFile(D.path(".git/hooks/pre-commit"), "#!/bin/sh\necho mine\n");
  auto Foreign = run(D.path(), riskgateBinary() + " hook uninstall");
  EXPECT_EQ(Foreign.exitCode, 2);
  EXPECT_NE(Foreign.err.find("not written by riskgate; left in place"), std::string::npos);
  EXPECT_EQ(readFile(D.path(".git/hooks/pre-commit")), "#!/bin/sh\necho mine\n");
}

/// The pre-commit framework (Debian's pre-commit package) running this repository's
/// .pre-commit-hooks.yaml, offline: the hook repository is a local git repository.
TEST_F(DiffTest, PreCommitFrameworkCommitRangeAndAllFiles) {
  if (!std::filesystem::exists("/usr/bin/pre-commit"))
    GTEST_FAIL() << "the pre-commit package is missing (scripts/setup.sh installs it)";
  TempDir Hooks;
  writeFile(Hooks.path(".pre-commit-hooks.yaml"),
            readFile(RISKGATE_SOURCE_DIR "/.pre-commit-hooks.yaml"));
  auto InHooks = [&](const std::string &Cmd) { return run(Hooks.path(), Cmd); };
  InHooks("git init -q && git add -A && git -c user.name=t -c user.email=t@e commit -q -m hooks");
  std::string Rev = InHooks("git rev-parse HEAD").out;
  Rev = Rev.substr(0, Rev.find('\n'));
  baseProject();
  write(".pre-commit-config.yaml", "repos:\n  - repo: file://" + Hooks.path() +
                                       "\n    rev: " + Rev +
                                       "\n    hooks:\n      - id: riskgate\n        args: "
                                       "[-p, build, --rules, n-plus-one]\n");
  commit("pre-commit config");
  TempDir Home;
  std::string Bin = riskgateBinary().substr(0, riskgateBinary().rfind('/'));
  std::string Env = "PRE_COMMIT_HOME='" + Home.path() + "' PATH='" + Bin + "':/usr/bin:/bin ";
  ASSERT_EQ(run(D.path(), Env + "pre-commit install").exitCode, 0);

  // A commit: the staged change. The N+1 it introduces blocks it.
  write("src/repo.cpp", RepoQuery);
  git("add -A");
  auto Blocked = run(D.path(), Env + "git commit -q -m risky");
  EXPECT_NE(Blocked.exitCode, 0);
  EXPECT_NE((Blocked.out + Blocked.err).find("src/loop.cpp:5"), std::string::npos)
      << Blocked.out << Blocked.err;
  ASSERT_EQ(git("commit -q --no-verify -m risky").exitCode, 0);

  // Ref-range mode: the same verdict as `riskgate diff --base` of that range.
  auto Range = run(D.path(), Env + "pre-commit run --from-ref HEAD~1 --to-ref HEAD");
  auto Direct = run(D.path(), riskgateBinary() + " diff --quiet --rules n-plus-one --base HEAD~1");
  EXPECT_EQ(Direct.exitCode, 1);
  EXPECT_EQ(Range.exitCode, 1) << Range.out;
  EXPECT_NE(Range.out.find("src/loop.cpp:5"), std::string::npos) << Range.out;
  EXPECT_NE(Range.out.find("Failed"), std::string::npos) << Range.out;

  // --all-files: no change to gate. Without a baseline, an error that says what to do...
  auto All = run(D.path(), Env + "pre-commit run --all-files");
  EXPECT_EQ(All.exitCode, 1);
  EXPECT_NE(All.out.find("exit code: 2"), std::string::npos) << All.out;
  EXPECT_NE(All.out.find("add '--baseline FILE' to the hook's args"), std::string::npos) << All.out;
  // ... with one, the whole program against it: the recorded findings do not gate.
  ASSERT_EQ(run(D.path(), riskgateBinary() + " baseline write riskgate-baseline.json -p build "
                                             "--quiet --rules n-plus-one")
                .exitCode,
            0);
  write(".pre-commit-config.yaml",
        "repos:\n  - repo: file://" + Hooks.path() + "\n    rev: " + Rev +
            "\n    hooks:\n      - id: riskgate\n        args: [-p, build, --rules, n-plus-one, "
            "--baseline, riskgate-baseline.json]\n");
  commit("baseline");
  auto Baselined = run(D.path(), Env + "pre-commit run --all-files");
  EXPECT_EQ(Baselined.exitCode, 0) << Baselined.out;
  EXPECT_NE(Baselined.out.find("Passed"), std::string::npos) << Baselined.out;

  // The hook runs for schema files and the configuration too, not only for C++.
  write("db/schema.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n");
  git("add -A");
  auto Sql = run(D.path(), Env + "pre-commit run");
  EXPECT_NE(Sql.out.find("riskgate"), std::string::npos) << Sql.out;
  EXPECT_EQ(Sql.out.find("Skipped"), std::string::npos) << Sql.out;
  EXPECT_EQ(Sql.exitCode, 0) << Sql.out;
}

// The hook's diff loads only the slice of the program the change can affect. Whatever the
// change, it must reach the verdict the whole program reaches: the same findings with the
// same statuses, the same score and reach. Each change below is staged, compared, undone.
TEST_F(DiffTest, SlicedDiffAgreesWithTheWholeProgram) {
  write("include/store.h", R"cpp(#pragma once
#include <sqlite3.h>
#include <string>
#include <vector>
void writeAll(sqlite3 *db, const std::vector<int> &ids);
std::string lookup(sqlite3 *db, int id);
struct Task {
  virtual ~Task() = default;
  virtual void run(sqlite3 *db) = 0;
};
)cpp");
  // (a row written per row of a query: table-sized, so the write loop is high in process too)
  const std::string Writer = R"cpp(#include "store.h"
void writeAll(sqlite3 *db, const std::vector<int> &ids) {
  (void)ids;
  sqlite3_stmt *s = nullptr;
  sqlite3_prepare_v2(db, "SELECT id FROM pending", -1, &s, nullptr);
  while (sqlite3_step(s) == SQLITE_ROW)
    sqlite3_exec(db, "INSERT INTO seen(id) VALUES(1)", nullptr, nullptr, nullptr);
  sqlite3_finalize(s);
}
)cpp";
  const std::string Job = R"cpp(#include "store.h"
void job(sqlite3 *db, const std::vector<int> &ids) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  writeAll(db, ids);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}
)cpp";
  const std::string Lookup = R"cpp(#include "store.h"
std::string lookup(sqlite3 *db, int id) {
  sqlite3_stmt *s = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM users WHERE id = ?", -1, &s, nullptr);
  sqlite3_bind_int(s, 1, id);
  std::string name;
  if (sqlite3_step(s) == SQLITE_ROW)
    name = reinterpret_cast<const char *>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  return name;
}
)cpp";
  const std::string Quiet = R"cpp(#include "store.h"
struct Quiet : Task {
  void run(sqlite3 *db) override { (void)db; }
};
Task *makeQuiet() { return new Quiet; }
)cpp";
  write("src/writer.cpp", Writer);
  write("src/job.cpp", Job);
  write("src/lookup.cpp", Lookup);
  write("src/report.cpp", R"cpp(#include "store.h"
std::string report(sqlite3 *db, const std::vector<int> &ids) {
  std::string out;
  for (int id : ids)
    out += lookup(db, id);
  return out;
}
)cpp");
  write("src/quiet.cpp", Quiet);
  write("src/drive.cpp", R"cpp(#include "store.h"
void drive(Task &t, sqlite3 *db, int rounds) {
  for (int i = 0; i < rounds; ++i)
    t.run(db);
}
)cpp");
  std::vector<std::string> Units{"src/writer.cpp", "src/job.cpp",   "src/lookup.cpp",
                                 "src/report.cpp", "src/quiet.cpp", "src/drive.cpp"};
  for (int I = 0; I < 6; ++I) {
    // Unrelated units, each with a finding of its own the change never reaches.
    std::string N = std::to_string(I);
    write("src/other" + N + ".cpp", "#include \"store.h\"\nvoid other" + N +
                                        "(sqlite3 *db, const std::vector<int> &ids) {\n"
                                        "  for (int id : ids)\n"
                                        "    sqlite3_exec(db, \"DELETE FROM t" +
                                        N + " WHERE id = 1\", nullptr, nullptr, nullptr);\n}\n");
    Units.push_back("src/other" + N + ".cpp");
  }
  database(Units);
  commit("base");
  const std::string Diff = riskgateBinary() + " diff --staged --format json --fail-on none -q";
  ASSERT_EQ(run(D.path(), riskgateBinary() + " scan -q -p build --fail-on none").exitCode, 0);

  struct Edit {
    const char *why, *file;
    std::string text;
    const char *expect; // a status and rule the verdict must show
    unsigned sliceAtMost;
  };
  std::string Unlocked = Job;
  Unlocked.erase(Unlocked.find("  sqlite3_exec(db, \"BEGIN\""),
                 std::string("  sqlite3_exec(db, \"BEGIN\", nullptr, nullptr, nullptr);\n").size());
  const std::string Uncached = "#include \"store.h\"\n"
                               "std::string lookup(sqlite3 *db, int id) {\n"
                               "  (void)db;\n"
                               "  return std::to_string(id);\n"
                               "}\n";
  std::string Busy = Quiet;
  Busy.replace(Busy.find("(void)db;"), 9,
               "sqlite3_exec(db, \"UPDATE tasks SET n = n + 1\", nullptr, nullptr, nullptr);");
  const std::vector<Edit> Edits{
      // A caller stops holding the transaction: the callee's loop of writes is introduced.
      {"caller drops BEGIN", "src/job.cpp", Unlocked, "introduced", 3},
      // A callee stops querying: its caller's N+1 is fixed.
      {"callee stops querying", "src/lookup.cpp", Uncached, "fixed", 3},
      // An override starts writing: the loop that dispatches to it virtually has an N+1.
      {"override writes", "src/quiet.cpp", Busy, "introduced", 3},
      // A header every unit includes: the change reaches the whole program, which is
      // analyzed as a whole.
      {"header comment", "include/store.h", "// the store's interface\n", "", 0},
      // A configuration applies to every unit: the whole program again.
      {"hot entry point configured", ".riskgate.yaml", "hot: [\"report\"]\n", "", 0},
  };
  for (const Edit &E : Edits) {
    SCOPED_TRACE(E.why);
    std::string Old = readFile(D.path(E.file));
    write(E.file, E.file == std::string("include/store.h") ? E.text + Old : E.text);
    git(std::string("add ") + E.file);
    auto Sliced = run(D.path(), Diff + " --stats");
    auto Whole = run(D.path(), Diff + " --whole-program");
    ASSERT_EQ(Sliced.exitCode, 0) << Sliced.err;
    ASSERT_EQ(Whole.exitCode, 0) << Whole.err;
    EXPECT_EQ(firstDifference(diffVerdict(Sliced.out), diffVerdict(Whole.out)), "");
    if (*E.expect) {
      EXPECT_NE(Whole.out.find(std::string("\"status\": \"") + E.expect + "\""), std::string::npos)
          << Whole.out;
    }
    // The slice was taken, and is smaller than the program (12 units).
    size_t At = Sliced.err.find(" of 12 (the slice the change can affect)");
    if (!E.sliceAtMost) {
      EXPECT_EQ(At, std::string::npos) << Sliced.err;
    } else {
      ASSERT_NE(At, std::string::npos) << Sliced.err;
      size_t Start = Sliced.err.rfind(' ', At - 1);
      EXPECT_LE(std::stoul(Sliced.err.substr(Start + 1, At - Start - 1)), E.sliceAtMost)
          << Sliced.err;
    }
    write(E.file, Old);
    git(std::string("add ") + E.file);
  }
}

} // namespace
