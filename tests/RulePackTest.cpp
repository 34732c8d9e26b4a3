// The rule pack loader: the shipped packs load, and every kind of mistake is reported with
// its file, line and problem.
#include "TestSupport.h"

#include "packs/RulePack.h"

#include <gtest/gtest.h>

using namespace riskgate;

namespace {

PackError parseError(const std::string &Text) {
  PackError E;
  auto P = parseRulePack("rules/bad.yaml", Text, E);
  EXPECT_FALSE(P.has_value()) << "expected a parse error for:\n" << Text;
  return E;
}

TEST(RulePack, ShippedPacksLoad) {
  PackSet Packs;
  PackError E;
  ASSERT_TRUE(loadPacks("", Packs, E)) << E.str();
  std::vector<std::string> Names;
  for (const RulePack &P : Packs.packs())
    Names.push_back(P.name);
  EXPECT_NE(std::find(Names.begin(), Names.end(), "sqlite3"), Names.end());
  EXPECT_NE(std::find(Names.begin(), Names.end(), "libpq"), Names.end());
  // The embedded copies are the files in the source tree.
  PackSet FromDisk;
  ASSERT_TRUE(loadPacks(RISKGATE_SOURCE_DIR "/rules", FromDisk, E)) << E.str();
  EXPECT_EQ(FromDisk.contentHash(), Packs.contentHash());
}

TEST(RulePack, MatchesQualifiedNameAndHeader) {
  PackSet Packs;
  PackError E;
  ASSERT_TRUE(loadPacks("", Packs, E));
  auto M = Packs.match("sqlite3_exec", "/usr/include/sqlite3.h");
  ASSERT_TRUE(M);
  EXPECT_EQ(M->api->kind, AccessKind::Query);
  EXPECT_EQ(M->api->latency, Latency::InProcess);
  EXPECT_EQ(M->api->sqlArg.index, 1);
  auto Bind = Packs.match("sqlite3_bind_text", "/usr/include/sqlite3.h");
  ASSERT_TRUE(Bind);
  EXPECT_EQ(Bind->api->kind, AccessKind::Bind);
  // Same name, declared by the project rather than by sqlite3.h: not SQLite's.
  EXPECT_FALSE(Packs.match("sqlite3_exec", "/src/my_sqlite3.h"));
  EXPECT_FALSE(Packs.match("sqlite3_exec_wrapper", "/usr/include/sqlite3.h"));
  auto Pq = Packs.match("PQexecParams", "/usr/include/postgresql/libpq-fe.h");
  ASSERT_TRUE(Pq);
  EXPECT_EQ(Pq->api->latency, Latency::Network);
  EXPECT_TRUE(Packs.isRetryCode("SQLITE_BUSY"));
  EXPECT_FALSE(Packs.isRetryCode("SQLITE_ROW"));
}

TEST(RulePack, UnknownKindNamesLine) {
  PackError E = parseError("pack: p\napis:\n  - name: f\n    kind: quary\n    latency: network\n");
  EXPECT_EQ(E.file, "rules/bad.yaml");
  EXPECT_EQ(E.line, 4u);
  EXPECT_NE(E.message.find("unknown kind 'quary'"), std::string::npos) << E.message;
  EXPECT_EQ(E.str().rfind("rules/bad.yaml:4:", 0), 0u) << E.str();
}

TEST(RulePack, MissingFields) {
  EXPECT_NE(parseError("pack: p\napis:\n  - kind: query\n    latency: network\n")
                .message.find("missing required key 'name'"),
            std::string::npos);
  EXPECT_NE(parseError("pack: p\napis:\n  - name: f\n    latency: network\n")
                .message.find("missing required key 'kind'"),
            std::string::npos);
  PackError NoLatency = parseError("pack: p\napis:\n  - name: f\n    kind: query\n");
  EXPECT_NE(NoLatency.message.find("missing required key 'latency'"), std::string::npos);
  EXPECT_EQ(NoLatency.line, 3u);
  EXPECT_NE(parseError("apis: []\n").message.find("missing required key 'pack'"),
            std::string::npos);
  EXPECT_NE(parseError("pack: p\n").message.find("missing required key 'apis'"), std::string::npos);
}

TEST(RulePack, UnknownKeysAndBadValues) {
  PackError Key = parseError("pack: p\napis:\n  - name: f\n    kind: query\n    latncy: network\n");
  EXPECT_NE(Key.message.find("unknown key 'latncy'"), std::string::npos) << Key.message;
  EXPECT_EQ(Key.line, 5u);
  PackError Top = parseError("pack: p\nheaderz: [a.h]\napis: []\n");
  EXPECT_NE(Top.message.find("unknown key 'headerz'"), std::string::npos);
  EXPECT_EQ(Top.line, 2u);
  PackError Lat = parseError("pack: p\napis:\n  - {name: f, kind: query, latency: fast}\n");
  EXPECT_NE(Lat.message.find("unknown latency 'fast'"), std::string::npos);
  PackError Arg =
      parseError("pack: p\napis:\n  - {name: f, kind: query, latency: network, sql-arg: first}\n");
  EXPECT_NE(Arg.message.find("argument index"), std::string::npos);
  PackError Fail = parseError(
      "pack: p\napis:\n  - {name: f, kind: query, latency: network, reports-failure: maybe}\n");
  EXPECT_NE(Fail.message.find("reports-failure"), std::string::npos);
  PackError Stream = parseError("pack: p\napis:\n  - {name: f, kind: query, latency: network, "
                                "sql-arg: 0, sql-stream: yes}\n");
  EXPECT_NE(Stream.message.find("expected true or false, got 'yes'"), std::string::npos)
      << Stream.message;
  EXPECT_EQ(Stream.line, 3u);
}

// `sql << "..." << more` adds to the text in SOCI and Poco::Data, binds values in CppDB.
TEST(RulePack, SqlStreamPerLibrary) {
  PackSet Packs;
  PackError E;
  ASSERT_TRUE(loadPacks("", Packs, E)) << E.str();
  auto Soci = Packs.match("soci::session::operator<<", "/usr/include/soci/session.h");
  ASSERT_TRUE(Soci);
  EXPECT_TRUE(Soci->api->sqlStream);
  auto Poco = Packs.match("Poco::Data::Session::operator<<", "/usr/include/Poco/Data/Session.h");
  ASSERT_TRUE(Poco);
  EXPECT_TRUE(Poco->api->sqlStream);
  auto CppDb = Packs.match("cppdb::session::operator<<", "/usr/include/cppdb/frontend.h");
  ASSERT_TRUE(CppDb);
  EXPECT_FALSE(CppDb->api->sqlStream);
}

TEST(RulePack, BadYamlNamesPosition) {
  PackError E = parseError("pack: \"unclosed\napis: []\n");
  EXPECT_GT(E.line, 0u);
  EXPECT_NE(E.message.find("invalid YAML"), std::string::npos) << E.message;
  PackError NotMap = parseError("- just\n- a list\n");
  EXPECT_NE(NotMap.message.find("mapping"), std::string::npos);
}

TEST(RulePack, DirectoryLoadReportsTheBadFile) {
  riskgate::test::TempDir Dir;
  riskgate::test::writeFile(Dir.path("good.yaml"), "pack: good\napis: []\n");
  riskgate::test::writeFile(Dir.path("typo.yaml"),
                            "pack: typo\napis:\n  - name: f\n    kind: qurey\n");
  PackSet Packs;
  PackError E;
  EXPECT_FALSE(loadPacks(Dir.path(), Packs, E));
  EXPECT_EQ(E.file, Dir.path("typo.yaml"));
  EXPECT_EQ(E.line, 4u);
}

TEST(RulePack, GlobMatch) {
  EXPECT_TRUE(globMatch("sqlite3_bind_*", "sqlite3_bind_int"));
  EXPECT_FALSE(globMatch("sqlite3_bind_*", "sqlite3_bin"));
  EXPECT_TRUE(globMatch("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(globMatch("a*b*c", "aXXbYY"));
  EXPECT_TRUE(globMatch("exact", "exact"));
}

} // namespace

// Every rule in the registry has its documentation page with the sections users expect,
// and is named in the README and in `riskgate help scan`.
#include "rules/Rule.h"
TEST(RuleRegistry, EveryRuleIsDocumented) {
  std::string Readme = riskgate::test::readFile(RISKGATE_SOURCE_DIR "/README.md");
  auto Help = riskgate::test::run("/", riskgate::test::riskgateBinary() + " help scan");
  for (const riskgate::RuleInfo &R : riskgate::ruleInfos()) {
    std::string Doc =
        riskgate::test::readFile(RISKGATE_SOURCE_DIR "/" + riskgate::ruleDocPath(R.id));
    EXPECT_EQ(Doc.rfind("# " + R.id + "\n", 0), 0u) << R.id;
    for (const char *Section : {"## What it finds", "## Why it hurts in production", "## Example",
                                "## How to fix", "## Options", "## Limitations"})
      EXPECT_NE(Doc.find(Section), std::string::npos) << R.id << ": " << Section;
    EXPECT_NE(Readme.find("[" + R.id + "](docs/rules/" + R.id + ".md)"), std::string::npos) << R.id;
    EXPECT_NE(Help.out.find(R.id), std::string::npos) << R.id;
  }
}
