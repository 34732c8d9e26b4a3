// Runs every testdata case through the real pipeline (real Clang, real library headers)
// and compares the findings with the inline expectations in the sources.
//
// A case is a .cpp file directly in a testdata/<category>/ folder (one translation unit),
// or a folder inside a category (every .cpp in it is a translation unit; expectations may
// sit in any of its sources and headers). A flags.txt in a folder adds compiler flags.
#include "DiffVerdict.h"
#include "Expectations.h"
#include "TestSupport.h"

#include "driver/Scan.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;
using namespace riskgate;
using namespace riskgate::test;

namespace {

struct Case {
  std::string name;
  std::vector<std::string> units;
  std::vector<std::string> sources; // files that may hold expectations
  std::vector<std::string> flags;
  std::vector<std::string> rules; // "// riskgate-test-rules: a,b" in a source; empty: all
};

// gtest prints parameters in test names; a case's name is enough.
[[maybe_unused]] void PrintTo(const Case &C, std::ostream *OS) { *OS << C.name; }

bool isSource(const fs::path &P) {
  auto E = P.extension();
  return E == ".cpp" || E == ".cc" || E == ".c" || E == ".h" || E == ".hpp";
}

/// The compiler driver a compile database names for a unit: clang++ would take a .c file
/// for C++.
std::string compilerFor(const std::string &Unit) {
  return fs::path(Unit).extension() == ".c" ? "clang" : "clang++";
}

bool isUnit(const fs::path &P) {
  auto E = P.extension();
  return E == ".cpp" || E == ".cc" || E == ".c";
}

std::vector<Case> discoverCases() {
  std::vector<Case> Cases;
  fs::path Root = fs::path(RISKGATE_SOURCE_DIR) / "testdata";
  std::vector<fs::path> Categories;
  for (const auto &E : fs::directory_iterator(Root))
    if (E.is_directory() && E.path().filename() != "demo")
      Categories.push_back(E.path());
  std::sort(Categories.begin(), Categories.end());
  for (const fs::path &Cat : Categories) {
    std::vector<fs::path> Entries;
    for (const auto &E : fs::directory_iterator(Cat))
      Entries.push_back(E.path());
    std::sort(Entries.begin(), Entries.end());
    for (const fs::path &P : Entries) {
      Case C;
      C.name = Cat.filename().string() + "_" + P.stem().string();
      C.flags = testFlags();
      if (fs::is_regular_file(P) && isUnit(P)) {
        C.units.push_back(P.string());
        C.sources.push_back(P.string());
      } else if (fs::is_directory(P)) {
        for (const auto &E : fs::recursive_directory_iterator(P)) {
          if (!E.is_regular_file())
            continue;
          if (isSource(E.path()))
            C.sources.push_back(E.path().string());
          if (isUnit(E.path()))
            C.units.push_back(E.path().string());
        }
        std::sort(C.units.begin(), C.units.end());
        std::sort(C.sources.begin(), C.sources.end());
        C.flags.push_back("-I" + P.string());
        C.flags.push_back("-I" + (P / "include").string());
        std::ifstream Flags(P / "flags.txt");
        for (std::string F; std::getline(Flags, F);) {
          // ${generated}: files the build generates for testdata (the gRPC stub).
          for (size_t At; (At = F.find("${generated}")) != std::string::npos;)
            F.replace(At, 12, RISKGATE_GENERATED_DIR);
          if (!F.empty())
            C.flags.push_back(F);
        }
      } else {
        continue;
      }
      // C units (all of a case's, or none) are C: C's standard, not C++'s.
      if (!C.units.empty() && std::all_of(C.units.begin(), C.units.end(), [](const std::string &U) {
            return fs::path(U).extension() == ".c";
          }))
        for (std::string &F : C.flags)
          if (F == "-std=c++17")
            F = "-std=gnu11";
      for (char &Ch : C.name)
        if (!isalnum(static_cast<unsigned char>(Ch)))
          Ch = '_';
      Cases.push_back(std::move(C));
    }
  }
  return Cases;
}

const std::vector<Case> &cases() {
  static const std::vector<Case> All = discoverCases();
  return All;
}

class Testdata : public ::testing::TestWithParam<Case> {};

TEST_P(Testdata, FindingsMatchInlineExpectations) {
  const Case &C = GetParam();
  std::vector<Expectation> Expected;
  std::vector<std::string> Problems;
  for (const std::string &S : C.sources) {
    auto E = parseExpectations(S, Problems);
    Expected.insert(Expected.end(), E.begin(), E.end());
  }
  for (const std::string &P : Problems)
    ADD_FAILURE() << P;

  // Twice through a fresh fact index: parsed, then every fact read back from sqlite.
  TempDir Cache;
  ScanOptions O;
  O.files = C.units;
  O.fixedArgs = C.flags;
  O.cacheDir = Cache.path();
  O.jobs = 2;
  for (const std::string &Src : C.sources) {
    std::ifstream In(Src);
    for (std::string Line; std::getline(In, Line);) {
      auto At = Line.find("riskgate-test-rules:");
      if (At == std::string::npos)
        continue;
      std::stringstream List(Line.substr(At + 20));
      for (std::string Id; std::getline(List, Id, ',');) {
        Id.erase(0, Id.find_first_not_of(" \t"));
        Id.erase(Id.find_last_not_of(" \t") + 1);
        O.rules.push_back(Id);
      }
    }
  }
  ScanOutcome Cold = runScan(O);
  ASSERT_EQ(Cold.fatal, "");
  EXPECT_EQ(verify(Expected, Cold.report.findings, Cold.report.errors), "");
  ScanOutcome Warm = runScan(O);
  ASSERT_EQ(Warm.fatal, "");
  if (Cold.report.errors.empty()) {
    EXPECT_EQ(Warm.report.stats.reused, C.units.size());
  }
  EXPECT_EQ(verify(Expected, Warm.report.findings, Warm.report.errors), "") << "(from the index)";
}

// The equivalence tests below compare two whole runs over the testdata. The plain build
// compares every case; under the sanitizers, whose job there is to catch a memory error, not
// a difference, every third case keeps the suite inside CI's hour (all cases took 30 minutes
// of the sanitized suite's 60 on two cores).
#ifdef RISKGATE_TEST_SANITIZED
constexpr size_t EquivalenceStride = 3;
#else
constexpr size_t EquivalenceStride = 1;
#endif

const std::vector<Case> &equivalenceCases() {
  static const std::vector<Case> Some = [] {
    std::vector<Case> Out;
    for (size_t I = 0; I < cases().size(); I += EquivalenceStride)
      Out.push_back(cases()[I]);
    return Out;
  }();
  return Some;
}

INSTANTIATE_TEST_SUITE_P(Cases, Testdata, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case> &I) { return I.param.name; });

// Skipping the bodies of library functions (Qt, the STL, libpqxx templates) while parsing
// changes no finding: every case, every rule, parsed both ways.
TEST(TestdataEquivalence, SkippingLibraryBodiesChangesNoFinding) {
  auto Findings = [](const Case &C) {
    ScanOptions O;
    O.files = C.units;
    O.fixedArgs = C.flags;
    O.noCache = true;
    O.jobs = 2;
    O.failOn.reset();
    ScanOutcome R = runScan(O);
    std::vector<std::string> Out;
    for (const Finding &F : R.report.findings) {
      std::string Line = F.rule + " " + severityName(F.severity) + " " + F.loc.file + ":" +
                         std::to_string(F.loc.line) + ":" + std::to_string(F.loc.column) + " " +
                         F.fingerprint + " " + F.message;
      for (const TraceStep &T : F.trace)
        Line += " | " + std::to_string(T.loc.line) + " " + T.message;
      Out.push_back(Line);
    }
    Out.push_back(std::to_string(R.report.errors.size()) + " errors, " +
                  std::to_string(R.report.stats.functions) + " functions, " +
                  std::to_string(R.report.stats.callEdges) + " call edges");
    return Out;
  };
  size_t Compared = 0;
  for (const Case &C : equivalenceCases()) {
    ::unsetenv("RISKGATE_PARSE_LIBRARY_BODIES");
    auto Skipped = Findings(C);
    ::setenv("RISKGATE_PARSE_LIBRARY_BODIES", "1", 1);
    auto Full = Findings(C);
    ::unsetenv("RISKGATE_PARSE_LIBRARY_BODIES");
    EXPECT_EQ(Skipped, Full) << C.name;
    Compared += Full.size();
  }
  EXPECT_GE(Compared, 100u / EquivalenceStride);
}

// The driver must not pass by testing nothing.
TEST(TestdataDiscovery, FindsCasesWithExpectations) {
  size_t Findings = 0, Cases = cases().size();
  for (const Case &C : cases())
    for (const std::string &S : C.sources) {
      std::vector<std::string> Problems;
      for (const Expectation &E : parseExpectations(S, Problems))
        Findings += E.kind == Expectation::Finding;
    }
  EXPECT_GE(Cases, 2u);
  EXPECT_GE(Findings, 15u);
}

// The comparison itself: a finding nobody expected, and an expectation nobody met, fail.
TEST(Expectations, UnexpectedAndMissingFindingsAreReported) {
  Finding F;
  F.rule = "n-plus-one";
  F.severity = Severity::High;
  F.loc = {"/x.cpp", 3, 5};
  F.message = "call runs a query";
  F.trace = {{{"/x.cpp", 2, 3}, "loop here"}};
  Expectation Want;
  Want.file = "/x.cpp";
  Want.line = 3;
  Want.rule = "n-plus-one";
  Want.severity = "high";
  Expectation Note;
  Note.kind = Expectation::Note;
  Note.file = "/x.cpp";
  Note.line = 2;
  Note.text = "loop here";
  EXPECT_EQ(verify({Want, Note}, {F}, {}), "");
  EXPECT_NE(verify({Want}, {F}, {}), "");      // the note was not expected
  EXPECT_NE(verify({Note}, {F}, {}), "");      // the finding was not expected
  EXPECT_NE(verify({Want, Note}, {}, {}), ""); // nothing found
  Want.severity = "medium";
  EXPECT_NE(verify({Want, Note}, {F}, {}), ""); // wrong severity
}

} // namespace

// The map and reduce steps apart give what scan gives together: every testdata unit in one
// compile database, extracted as three shards, then analyzed with the shards in another
// order and one unit given twice. The JSON and SARIF reports must be the same bytes.
TEST(TestdataEquivalence, ShardedExtractAndAnalyzeEqualScan) {
  TempDir T;
  std::string Db = "[";
  size_t Units = 0;
  for (const Case &C : equivalenceCases())
    for (const std::string &U : C.units) {
      std::string Args;
      for (const std::string &F : C.flags)
        Args += ", \"" + F + "\"";
      Db += std::string(Units++ ? "," : "") + "\n{\"directory\": \"" +
            fs::path(U).parent_path().string() + "\", \"file\": \"" + U + "\", \"arguments\": [\"" +
            compilerFor(U) + "\"" + Args + ", \"-c\", \"" + U + "\"]}";
    }
  writeFile(T.path("db/compile_commands.json"), Db + "\n]\n");
  ASSERT_GE(Units, 60u / EquivalenceStride);
  const std::string R = "'" + riskgateBinary() + "'", Src = RISKGATE_SOURCE_DIR;
  const std::string Report = " --format json --fail-on none";
  CommandResult Scan = run(Src, R + " scan -q -j2 --no-cache -p '" + T.path("db") + "'" + Report);
  ASSERT_EQ(Scan.exitCode, 0) << Scan.err;
  CommandResult Sarif =
      run(Src, R + " scan -q -j2 --no-cache --format sarif -p '" + T.path("db") + "'");
  // Three shards at once, as three CI jobs would run them: separate processes, separate
  // output folders.
  std::string Shards;
  for (int I = 1; I <= 3; ++I)
    Shards += R + " extract -q -j1 --shard " + std::to_string(I) + "/3 -p '" + T.path("db") +
              "' --output-dir '" + T.path("s" + std::to_string(I)) + "' & p" + std::to_string(I) +
              "=$!; ";
  CommandResult E = run(Src, Shards + "wait $p1 && wait $p2 && wait $p3");
  ASSERT_EQ(E.exitCode, 0) << E.err;
  // Each unit in exactly one shard.
  CommandResult Count = run(T.path(), "find s1 s2 s3 -name '*.facts' | sed 's|^s[0-9]/||' | sort "
                                      "| uniq | wc -l; find s1 s2 s3 -name '*.facts' | wc -l");
  EXPECT_EQ(Count.out, std::to_string(Units) + "\n" + std::to_string(Units) + "\n");
  CommandResult Dup = run(T.path(), "mkdir dup && cp \"$(find s2 -name '*.facts' | sort | head "
                                    "-1)\" dup/again.facts");
  ASSERT_EQ(Dup.exitCode, 0);
  const std::string Facts = " '" + T.path("s3") + "' '" + T.path("dup") + "' '" + T.path("s1") +
                            "' '" + T.path("s2") + "'";
  CommandResult Analyze = run(Src, R + " analyze" + Facts + Report);
  EXPECT_EQ(Analyze.exitCode, 0) << Analyze.err;
  EXPECT_EQ(Analyze.err, "");
  EXPECT_EQ(firstDifference(Analyze.out, Scan.out), "");
  EXPECT_NE(Scan.out.find("\"rule\": \"n-plus-one\""), std::string::npos);
  CommandResult AnalyzeSarif = run(Src, R + " analyze" + Facts + " --format sarif");
  EXPECT_EQ(firstDifference(AnalyzeSarif.out, Sarif.out), "");
}

// Units that begin with the same library headers parse them once, through a PCH
// (facts/SharedPrefix.h). Every testdata unit in one compile database, scanned with sharing
// off, on (built once a second unit of a group needs it) and forced for every group: the same
// report, byte for byte, and most units really parsed over a shared prefix.
TEST(TestdataEquivalence, SharingLibraryPrefixesChangesNoFinding) {
  TempDir T;
  const std::string Root = std::string(RISKGATE_SOURCE_DIR) + "/testdata";
  std::string Db = "[";
  size_t Units = 0;
  for (const Case &C : equivalenceCases())
    for (const std::string &U : C.units) {
      std::string Args;
      for (const std::string &F : C.flags)
        Args += ", \"" + F + "\"";
      Db += std::string(Units++ ? "," : "") + "\n{\"directory\": \"" + Root + "\", \"file\": \"" +
            U + "\", \"arguments\": [\"" + compilerFor(U) + "\"" + Args + ", \"-c\", \"" + U +
            "\"]}";
    }
  writeFile(T.path("db/compile_commands.json"), Db + "\n]\n");
  ASSERT_GE(Units, 60u / EquivalenceStride);
  const std::string R = "'" + riskgateBinary() + "'";
  auto Scan = [&](const std::string &Mode) {
    return run(T.path(), "RISKGATE_SHARE_PREFIXES=" + Mode + " " + R +
                             " scan -j2 --no-cache --stats -p db --format json --fail-on none");
  };
  CommandResult Off = Scan("0"), On = Scan(""), Always = Scan("always");
  ASSERT_EQ(Off.exitCode, 0) << Off.err;
  EXPECT_NE(Off.out.find("\"rule\": \"n-plus-one\""), std::string::npos);
  EXPECT_EQ(firstDifference(On.out, Off.out), "");
  EXPECT_EQ(firstDifference(Always.out, Off.out), "");
  EXPECT_NE(Off.err.find("shared prefixes:  0 (0 units parsed over one, 0 parsed again"),
            std::string::npos)
      << Off.err;
  // How many units the forced run parsed over a prefix: nearly all of them (a unit that
  // defines a macro before its first library header, or includes none, has no prefix).
  auto Over = [](const std::string &Err) {
    size_t At = Err.find("shared prefixes:  ");
    if (At == std::string::npos)
      return 0ul;
    size_t Open = Err.find('(', At);
    return std::stoul(Err.substr(Open + 1));
  };
  // Three in four over all cases; two in three over the sanitized suite's every third case,
  // whose sample holds more of the units with no prefix (26 of 37 at 3947667).
  EXPECT_GE(Over(Always.err), EquivalenceStride == 1 ? Units * 3 / 4 : Units * 2 / 3) << Always.err;
  EXPECT_GE(Over(On.err), 1u) << On.err;
  // The facts themselves, project inputs for the fact index included: the same bytes.
  auto Extract = [&](const std::string &Mode, const std::string &Dir) {
    return run(T.path(), "RISKGATE_SHARE_PREFIXES=" + Mode + " " + R +
                             " extract -q -j2 -p db --root '" + Root + "' --output-dir '" +
                             T.path(Dir) + "'");
  };
  CommandResult Alone = Extract("0", "alone"), Shared = Extract("always", "shared");
  ASSERT_EQ(Alone.exitCode, 0) << Alone.err;
  ASSERT_EQ(Shared.exitCode, 0) << Shared.err;
  CommandResult Same = run(T.path(), "diff -r alone shared && find shared -name '*.facts' | wc -l");
  EXPECT_EQ(Same.exitCode, 0) << Same.out;
  EXPECT_EQ(Same.out, std::to_string(Units) + "\n");
}

// The pre-commit hook's diff loads only the slice of the program a change can affect
// (change/Slice.h). Over every testdata unit in one git repository, each unit emptied in
// turn (its findings fixed, its callers in other units losing their callees) must give the
// whole-program diff's verdict: the same findings, statuses, score and reach.
TEST(TestdataEquivalence, SlicedDiffEqualsWholeProgramDiff) {
  TempDir T;
  const std::string From = std::string(RISKGATE_SOURCE_DIR) + "/testdata";
  const std::string Repo = T.path("repo"), To = Repo + "/testdata";
  ASSERT_EQ(run(T.path(), "mkdir repo && cp -r '" + From + "' '" + To + "'").exitCode, 0);
  auto Moved = [&](std::string S) {
    for (size_t At; (At = S.find(From)) != std::string::npos;)
      S.replace(At, From.size(), To);
    return S;
  };
  std::string Db = "[";
  std::vector<std::string> Units;
  for (const Case &C : equivalenceCases())
    for (const std::string &U : C.units) {
      std::string Args;
      for (const std::string &F : C.flags)
        Args += ", \"" + Moved(F) + "\"";
      Units.push_back(Moved(U));
      Db += std::string(Units.size() > 1 ? "," : "") + "\n{\"directory\": \"" +
            fs::path(Units.back()).parent_path().string() + "\", \"file\": \"" + Units.back() +
            "\", \"arguments\": [\"" + compilerFor(U) + "\"" + Args + ", \"-c\", \"" +
            Units.back() + "\"]}";
    }
  writeFile(Repo + "/build/compile_commands.json", Db + "\n]\n");
  writeFile(Repo + "/.gitignore", "build/\n");
  ASSERT_EQ(run(Repo, "git init -q -b main && git add -A && git -c user.name=t -c "
                      "user.email=t@example.com commit -q -m base")
                .exitCode,
            0);
  const std::string R = "'" + riskgateBinary() + "'";
  ASSERT_EQ(run(Repo, R + " scan -q -j2 -p build --fail-on none -o /dev/null").exitCode, 0);

  const std::string Diff = R + " diff --staged -p build --format json --fail-on none -q";
  size_t Sliced = 0, Changed = 0;
  for (const std::string &U : Units) {
    SCOPED_TRACE(U);
    std::string Rel = U.substr(Repo.size() + 1);
    writeFile(U, "// emptied\n");
    ASSERT_EQ(run(Repo, "git add '" + Rel + "'").exitCode, 0);
    CommandResult Slice = run(Repo, Diff + " --stats");
    CommandResult Whole = run(Repo, Diff + " --whole-program");
    EXPECT_EQ(Slice.exitCode, Whole.exitCode) << Slice.err;
    EXPECT_EQ(firstDifference(diffVerdict(Slice.out), diffVerdict(Whole.out)), "");
    Sliced += Slice.err.find("(the slice the change can affect)") != std::string::npos;
    Changed += Whole.out.find("\"status\": \"fixed\"") != std::string::npos;
    ASSERT_EQ(run(Repo, "git checkout -q HEAD -- '" + Rel + "'").exitCode, 0);
  }
  // Most edits were analyzed as a slice (a unit that opens a connection changes the engine of
  // every query: analyzed whole), and most fixed something.
  EXPECT_GE(Sliced * 10, Units.size() * (EquivalenceStride == 1 ? 8 : 7)); // a third: 7 in 10
  EXPECT_GE(Changed * 2, Units.size());
}
