// The risk score model (docs/scoring.md): deterministic, monotonic, explained.
#include "change/RiskScore.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace riskgate;

namespace {

Finding finding(const std::string &Status, Severity S, int Line = 1) {
  Finding F;
  F.rule = "n-plus-one";
  F.severity = S;
  F.status = Status;
  F.function = "f";
  F.loc = {"/r/a.cpp", static_cast<unsigned>(Line), 1};
  return F;
}

TEST(RiskScore, EmptyChangeIsNone) {
  RiskScore S = computeRiskScore({}, {}, "/r");
  EXPECT_EQ(S.value, 0);
  EXPECT_EQ(S.grade, Grade::None);
}

TEST(RiskScore, OneIntroducedHighIsAtLeastHigh) {
  RiskScore S = computeRiskScore({finding("introduced", Severity::High)}, {}, "/r");
  EXPECT_EQ(S.value, 25);
  EXPECT_EQ(S.grade, Grade::High);
  EXPECT_EQ(S.explanation.front(), "+25 introduced high n-plus-one in f (a.cpp:1)");
  RiskScore M = computeRiskScore({finding("introduced", Severity::Medium)}, {}, "/r");
  EXPECT_EQ(M.grade, Grade::Medium);
  RiskScore L = computeRiskScore({finding("introduced", Severity::Low)}, {}, "/r");
  EXPECT_EQ(L.grade, Grade::Low);
  RiskScore C = computeRiskScore({finding("introduced", Severity::Critical)}, {}, "/r");
  EXPECT_EQ(C.grade, Grade::Critical);
}

// A change that introduces nothing (a pure fix, a refactoring next to old findings) grades
// low at most, however many preexisting findings and however much reach it has.
TEST(RiskScore, NothingIntroducedGradesLowAtMost) {
  std::vector<Finding> Many(50, finding("preexisting", Severity::Critical));
  Many.push_back(finding("fixed", Severity::High));
  std::vector<ReachEntry> Reach(20);
  for (ReachEntry &E : Reach) {
    E.function = "g";
    E.fromLoop = E.fromHot = true;
  }
  RiskScore S = computeRiskScore(Many, Reach, "/r");
  EXPECT_EQ(S.value, 9);
  EXPECT_EQ(S.grade, Grade::Low);
  EXPECT_NE(std::find(S.explanation.begin(), S.explanation.end(),
                      "-11 the change introduces nothing: at most 9 (low)"),
            S.explanation.end());
  // One introduced low finding lifts the cap: preexisting and reach count again (3 + 10 + 10).
  Many.push_back(finding("introduced", Severity::Low, 99));
  RiskScore T = computeRiskScore(Many, Reach, "/r");
  EXPECT_EQ(T.value, 23);
  EXPECT_LT(T.grade, Grade::High);
}

TEST(RiskScore, FixedFindingsAddNothing) {
  RiskScore S = computeRiskScore({finding("fixed", Severity::Critical)}, {}, "/r");
  EXPECT_EQ(S.value, 0);
}

TEST(RiskScore, AddingAFindingNeverLowersTheScore) {
  const Severity All[] = {Severity::Low, Severity::Medium, Severity::High, Severity::Critical};
  const char *Statuses[] = {"introduced", "preexisting", "fixed"};
  std::vector<Finding> Set;
  RiskScore Prev = computeRiskScore(Set, {}, "/r");
  unsigned Seed = 12345;
  for (int I = 0; I < 200; ++I) {
    Seed = Seed * 1103515245 + 12345;
    Set.push_back(finding(Statuses[(Seed >> 8) % 3], All[(Seed >> 4) % 4], I));
    RiskScore Next = computeRiskScore(Set, {}, "/r");
    ASSERT_GE(Next.value, Prev.value);
    ASSERT_GE(Next.grade, Prev.grade);
    Prev = Next;
  }
  EXPECT_EQ(Prev.value, 100);
  // Deterministic.
  EXPECT_EQ(computeRiskScore(Set, {}, "/r").explanation, Prev.explanation);
}

TEST(RiskScore, ReachIsExplained) {
  ReachEntry E;
  E.function = "Repo::name";
  E.fromLoop = true;
  RiskScore S = computeRiskScore({}, {E}, "/r");
  EXPECT_EQ(S.value, 2);
  EXPECT_EQ(S.grade, Grade::Low);
  EXPECT_EQ(S.explanation.front(), "+2 changed Repo::name is called from a loop");
}

} // namespace

#include "sql/Schema.h"
// SQL as riskgate compares and plans it.
TEST(Sql, NormalizationFoldsWhitespaceCommentsAndPlaceholders) {
  EXPECT_EQ(riskgate::normalizeSql("SELECT  a -- first\n FROM t /* x */ WHERE b = $1 AND c = ?2\n "
                                   "AND d = :name AND e = %s;"),
            "SELECT a FROM t WHERE b = ? AND c = ? AND d = ? AND e = ?");
  EXPECT_EQ(riskgate::normalizeSql("SELECT 'a  --  b' FROM t"), "SELECT 'a  --  b' FROM t");
  EXPECT_EQ(*riskgate::toSqliteDialect(
                "SELECT * FROM t WHERE id = ANY($1) AND n ILIKE $2 AND x = $3::int"),
            "SELECT * FROM t WHERE id IN (?) AND n LIKE ? AND x = ?");
}

#include "rules/LoopContext.h"
// Queries whose rows a loop walks at most once.
TEST(Sql, AtMostOneRowReadsLimitsAndLoneAggregates) {
  using riskgate::atMostOneRow;
  EXPECT_TRUE(atMostOneRow("SELECT id FROM t ORDER BY created DESC LIMIT 1"));
  EXPECT_TRUE(atMostOneRow("select id from t limit 1 offset 5;"));
  EXPECT_TRUE(atMostOneRow("SELECT id FROM t LIMIT 20, 1"));
  EXPECT_TRUE(atMostOneRow("SELECT count(*) AS n, max(x) latest FROM t WHERE a = ?"));
  EXPECT_TRUE(atMostOneRow("SELECT sum(n) FROM (SELECT n FROM t GROUP BY k) s"));
  EXPECT_TRUE(atMostOneRow("SELECT EXISTS (SELECT 1 FROM t WHERE late)"));
  EXPECT_TRUE(atMostOneRow("SELECT a FROM t WHERE b = ')' LIMIT 1 -- newest"));
  EXPECT_FALSE(atMostOneRow("SELECT id FROM t LIMIT 10"));
  EXPECT_FALSE(atMostOneRow("SELECT id FROM t LIMIT 1, 10"));
  EXPECT_FALSE(atMostOneRow("SELECT id FROM t LIMIT ?"));
  EXPECT_FALSE(atMostOneRow("SELECT id FROM (SELECT id FROM t LIMIT 1) x JOIN u"));
  EXPECT_FALSE(atMostOneRow("SELECT count(*) FROM t GROUP BY k"));
  EXPECT_FALSE(atMostOneRow("SELECT k, count(*) FROM t"));
  EXPECT_FALSE(atMostOneRow("SELECT count(*) + 1 FROM t"));
  EXPECT_FALSE(atMostOneRow("SELECT sum(x) OVER (ORDER BY d) FROM t"));
  EXPECT_FALSE(atMostOneRow("SELECT max(a, b) FROM t"));
  EXPECT_FALSE(atMostOneRow("SELECT min(id) FROM a UNION SELECT min(id) FROM b"));
  EXPECT_FALSE(atMostOneRow("SELECT count(*) FROM t %s"));
  EXPECT_FALSE(atMostOneRow("SELECT count(*) FROM t {}"));
  EXPECT_FALSE(atMostOneRow("UPDATE t SET a = 1 LIMIT 1"));
  EXPECT_TRUE(atMostOneRow("WITH x AS (SELECT id FROM t) SELECT * FROM x LIMIT 1"));
  EXPECT_TRUE(atMostOneRow("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
                           "SELECT count(*) FROM r"));
  EXPECT_TRUE(atMostOneRow("with a as (select 1), b as (select 2) select max(x) from a, b"));
  EXPECT_FALSE(atMostOneRow("WITH x AS (SELECT id FROM t LIMIT 1) SELECT * FROM x JOIN u"));
  EXPECT_FALSE(atMostOneRow("WITH x AS (SELECT id FROM t) UPDATE u SET a = 1 LIMIT 1"));
  EXPECT_FALSE(atMostOneRow("WITH x AS (SELECT 1) SELECT * FROM x UNION SELECT 2 LIMIT 1"));
  EXPECT_FALSE(atMostOneRow("SELECT id FROM t LIMIT 1; SELECT id FROM u"));
  EXPECT_FALSE(atMostOneRow("SELECT 'unterminated FROM t LIMIT 1"));
}
