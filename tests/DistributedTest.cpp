// riskgate extract and analyze, the two halves of a scan for distributed engines, through the
// real binary on a small libpq project written here: determinism across machines (two paths
// of one tree), the single-unit form Bazel actions use, what analyze refuses, and parse
// errors carried from the extracting machine to the report.
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace riskgate::test;

namespace {

const char *const RepoHeader = R"(#pragma once
#include <libpq-fe.h>
#include <string>
class UserRepository {
public:
  explicit UserRepository(PGconn *c) : conn_(c) {}
  std::string displayName(int id);
private:
  PGconn *conn_;
};
)";

const char *const RepoSource = R"(#include "repo.h"
std::string UserRepository::displayName(int id) {
  std::string key = std::to_string(id);
  const char *values[] = {key.c_str()};
  PGresult *res = PQexecParams(conn_, "SELECT name FROM users WHERE id = $1", 1, nullptr,
                               values, nullptr, nullptr, 0);
  std::string name = PQgetvalue(res, 0, 0);
  PQclear(res);
  return name;
}
)";

const char *const ServiceSource = R"(#include "repo.h"
#include <vector>
std::string greetAll(UserRepository &repo, const std::vector<int> &ids) {
  std::string out;
  for (int id : ids)
    out += repo.displayName(id) + "\n";
  auto shout = [&](int id) { return repo.displayName(id); };
  return out + shout(1);
}
)";

std::string flags(const std::string &Root) {
  std::string F = "\"-std=c++17\", \"-I" + Root + "/include\"";
  for (const std::string &T : testFlags())
    F += ", \"" + T + "\"";
  return F;
}

/// A project at Root with its compile database in Root/build.
void writeProject(const std::string &Root) {
  writeFile(Root + "/include/repo.h", RepoHeader);
  writeFile(Root + "/src/repo.cpp", RepoSource);
  writeFile(Root + "/src/service.cpp", ServiceSource);
  std::string Db = "[";
  for (const char *U : {"src/repo.cpp", "src/service.cpp"})
    Db += std::string(Db.size() > 1 ? "," : "") + "{\"directory\": \"" + Root +
          "/build\", \"file\": \"" + Root + "/" + U + "\", \"arguments\": [\"clang++\", " +
          flags(Root) + ", \"-c\", \"" + Root + "/" + U + "\"]}";
  writeFile(Root + "/build/compile_commands.json", Db + "]\n");
}

const std::string R() { return "'" + riskgateBinary() + "'"; }

} // namespace

TEST(Distributed, ExtractGivesTheSameBytesOnEveryPathOfOneTree) {
  TempDir T;
  writeProject(T.path("a/proj"));
  writeProject(T.path("b/elsewhere/proj"));
  for (const char *Tree : {"a/proj", "b/elsewhere/proj"}) {
    CommandResult E = run(T.path(Tree), R() + " extract -q -p build --output-dir facts");
    ASSERT_EQ(E.exitCode, 0) << E.err;
    CommandResult Again = run(T.path(Tree), R() + " extract -q -p build --output-dir again");
    ASSERT_EQ(Again.exitCode, 0) << Again.err;
    // Through a fact index (a CI cache restored): parsed once, then read back.
    for (const char *Pass : {"cached1", "cached2"}) {
      CommandResult C =
          run(T.path(Tree), R() + " extract -p build --cache index --output-dir " + Pass);
      ASSERT_EQ(C.exitCode, 0) << C.err;
      EXPECT_NE(C.err.find(std::string(Pass) == "cached1" ? "2 parsed, 0 from the index"
                                                          : "0 parsed, 2 from the index"),
                std::string::npos)
          << C.err;
    }
  }
  for (const char *Unit : {"src/repo.cpp.facts", "src/service.cpp.facts"}) {
    std::string A = readFile(T.path("a/proj/facts/") + Unit);
    ASSERT_FALSE(A.empty()) << Unit;
    EXPECT_EQ(A, readFile(T.path("a/proj/again/") + Unit)) << Unit;
    EXPECT_EQ(A, readFile(T.path("a/proj/cached1/") + Unit)) << Unit;
    EXPECT_EQ(A, readFile(T.path("a/proj/cached2/") + Unit)) << Unit;
    EXPECT_EQ(A, readFile(T.path("b/elsewhere/proj/facts/") + Unit)) << Unit;
    // Nothing of the machine: not the root, not the temporary folder around it.
    EXPECT_EQ(A.find(T.path()), std::string::npos) << Unit;
    EXPECT_NE(A.find("\"unit\":\"src/"), std::string::npos) << Unit;
  }
  // The lambda's key names its file relative to the root too.
  EXPECT_NE(readFile(T.path("a/proj/facts/src/service.cpp.facts")).find("lambda@src/service.cpp:"),
            std::string::npos);
}

// The form a Bazel action runs: one unit, its flags after `--`, one output file.
TEST(Distributed, SingleUnitsWithTheirFlagsAnalyzeToTheScan) {
  TempDir T;
  std::string Root = T.path("p");
  writeProject(Root);
  CommandResult Scan = run(Root, R() + " scan -q --no-cache -p build --format json");
  EXPECT_EQ(Scan.exitCode, 1) << Scan.err; // the N+1 across the two units trips the gate
  std::string Flags = "-std=c++17 -I" + Root + "/include";
  for (const std::string &F : testFlags())
    Flags += " '" + F + "'";
  for (const char *U : {"repo", "service"}) {
    CommandResult E =
        run(Root, R() + " extract -q -o out/" + U + ".facts src/" + U + ".cpp -- " + Flags);
    ASSERT_EQ(E.exitCode, 0) << E.err;
  }
  CommandResult A = run(Root, R() + " analyze out/service.facts out/repo.facts --format json");
  EXPECT_EQ(A.exitCode, 1) << A.err;
  EXPECT_EQ(firstDifference(A.out, Scan.out), "");
  EXPECT_NE(A.out.find("UserRepository::displayName"), std::string::npos);
  // The text report and the stats name where the facts came from.
  CommandResult Stats = run(Root, R() + " analyze out --stats");
  EXPECT_NE(Stats.err.find("units:            2 (read from facts files, 0 with errors)"),
            std::string::npos)
      << Stats.err;
}

// A fact index is a set of facts too: what a scan left in it analyzes to the scan, read-only.
TEST(Distributed, AFactIndexAnalyzesToTheScanThatFilledIt) {
  TempDir T;
  std::string Root = T.path("p");
  writeProject(Root);
  CommandResult Scan = run(Root, R() + " scan -q -p build --cache idx --format json");
  EXPECT_EQ(Scan.exitCode, 1) << Scan.err;
  std::string Before = readFile(Root + "/idx/facts.db");
  std::string Listing = run(Root, "ls -a idx").out;
  CommandResult A = run(Root, R() + " analyze idx/facts.db --format json");
  EXPECT_EQ(run(Root, "ls -a idx").out, Listing); // no -shm, no -wal, nothing
  EXPECT_EQ(A.exitCode, 1) << A.err;
  EXPECT_EQ(firstDifference(A.out, Scan.out), "");
  EXPECT_EQ(A.err, "");
  EXPECT_EQ(readFile(Root + "/idx/facts.db"), Before); // never written
  // With a facts file of the same unit: one unit, not two.
  ASSERT_EQ(run(Root, R() + " extract -q -p build --output-dir facts").exitCode, 0);
  CommandResult Both = run(Root, R() + " analyze facts idx/facts.db --format json");
  EXPECT_EQ(firstDifference(Both.out, Scan.out), "");
  EXPECT_EQ(Both.err, "");
  // A unit edited since: left out of the index's facts, and said.
  writeFile(Root + "/src/repo.cpp", std::string(RepoSource) + "// edited\n");
  CommandResult Edited = run(Root, R() + " analyze idx/facts.db --format json");
  EXPECT_NE(Edited.err.find("idx/facts.db: 1 unit holds facts of other contents than the "
                            "files here only: left out"),
            std::string::npos)
      << Edited.err;
  // Not an index of riskgate's: refused, and left as it was.
  ASSERT_EQ(run(Root, "sqlite3 other.db 'CREATE TABLE t(x); INSERT INTO t VALUES(1);'").exitCode,
            0);
  std::string Other = readFile(Root + "/other.db");
  CommandResult Foreign = run(Root, R() + " analyze other.db");
  EXPECT_EQ(Foreign.exitCode, 2);
  EXPECT_NE(Foreign.err.find("other.db: not a riskgate fact index"), std::string::npos)
      << Foreign.err;
  EXPECT_EQ(readFile(Root + "/other.db"), Other);
}

TEST(Distributed, AnalyzeRefusesWhatItCannotTrust) {
  TempDir T;
  std::string Root = T.path("p");
  writeProject(Root);
  ASSERT_EQ(run(Root, R() + " extract -q -p build --output-dir facts").exitCode, 0);
  struct Case {
    std::string setup, args, message;
  } Cases[] = {
      {"sed -i 's/\"tool\":\"riskgate [^\"]*\"/\"tool\":\"riskgate 0.0.1 (facts schema 3)\"/' "
       "facts/src/repo.cpp.facts",
       "facts", "facts/src/repo.cpp.facts: written by riskgate 0.0.1 (facts schema 3)"},
      {"echo 'not json' > facts/src/repo.cpp.facts", "facts",
       "facts/src/repo.cpp.facts: not a riskgate facts file"},
      {"echo '{\"format\":\"other\"}' > facts/src/repo.cpp.facts", "facts",
       "facts/src/repo.cpp.facts: not a riskgate facts file"},
      {"", "nowhere", "nowhere: no such facts file or folder"},
      {"mkdir -p empty", "empty", "no facts files to analyze"},
      // A pack the analysis would not have: the facts say which calls are data access.
      {"mkdir -p packs && printf 'pack: extra\\ndescription: x\\napis:\\n  - {name: "
       "\"audit::log\", kind: remote, latency: network}\\n' > packs/extra.yaml && " +
           R() + " extract -q -p build --packs-dir packs --output-dir facts",
       "facts", "extracted with other rule packs"},
  };
  for (const Case &C : Cases) {
    ASSERT_EQ(
        run(Root, "rm -rf facts && " + R() + " extract -q -p build --output-dir facts").exitCode,
        0);
    if (!C.setup.empty()) {
      ASSERT_EQ(run(Root, C.setup).exitCode, 0) << C.setup;
    }
    CommandResult A = run(Root, R() + " analyze " + C.args);
    EXPECT_EQ(A.exitCode, 2) << C.setup;
    EXPECT_NE(A.err.find(C.message), std::string::npos) << C.setup << "\n" << A.err;
    EXPECT_EQ(A.out, "") << C.setup;
  }
}

TEST(Distributed, ParseErrorsTravelFromExtractToTheReport) {
  TempDir T;
  std::string Root = T.path("p");
  writeProject(Root);
  writeFile(Root + "/src/service.cpp", std::string(ServiceSource) + "int broken( {\n");
  CommandResult Scan = run(Root, R() + " scan -q --no-cache -p build --format json");
  EXPECT_EQ(Scan.exitCode, 2);
  // The facts file is written all the same: the error is reported where the analysis runs.
  CommandResult E = run(Root, R() + " extract -q -p build --output-dir facts");
  EXPECT_EQ(E.exitCode, 0) << E.err;
  EXPECT_NE(E.err.find("src/service.cpp:10:"), std::string::npos) << E.err;
  CommandResult A = run(Root, R() + " analyze facts --format json");
  EXPECT_EQ(A.exitCode, 2);
  EXPECT_EQ(firstDifference(A.out, Scan.out), "");
  EXPECT_NE(A.out.find("\"unit\": \"src/service.cpp\""), std::string::npos) << A.out;
}

TEST(Distributed, DifferentCopiesOfOneUnitResolveTheSameWayInAnyOrder) {
  TempDir T;
  std::string Root = T.path("p");
  writeProject(Root);
  ASSERT_EQ(run(Root, R() + " extract -q -p build --output-dir old").exitCode, 0);
  writeFile(Root + "/src/service.cpp", std::string("// moved down a line\n") + ServiceSource);
  ASSERT_EQ(run(Root, R() + " extract -q -p build --output-dir new").exitCode, 0);
  CommandResult AB = run(Root, R() + " analyze old new --format json --fail-on none");
  CommandResult BA = run(Root, R() + " analyze new old --format json --fail-on none");
  EXPECT_EQ(AB.exitCode, 0);
  EXPECT_EQ(firstDifference(AB.out, BA.out), "");
  EXPECT_EQ(AB.err, BA.err);
  EXPECT_NE(AB.err.find("src/service.cpp: facts given 2 times and they differ"), std::string::npos)
      << AB.err;
  // The copy that matches the sources is the one used: the finding is at the loop's new line.
  EXPECT_NE(AB.err.find("using the copy that matches the files here"), std::string::npos) << AB.err;
  EXPECT_NE(AB.out.find("\"line\": 7"), std::string::npos) << AB.out;
  CommandResult New = run(Root, R() + " analyze new --format json --fail-on none");
  EXPECT_EQ(firstDifference(AB.out, New.out), "");
  // Only stale facts: analyze says so rather than point at lines that moved.
  CommandResult Old = run(Root, R() + " analyze old --format json --fail-on none");
  EXPECT_NE(Old.err.find("src/service.cpp changed since"), std::string::npos) << Old.err;
}

TEST(Distributed, ExtractUsageErrors) {
  TempDir T;
  std::string Root = T.path("p");
  writeProject(Root);
  struct Case {
    std::string args, message;
  } Cases[] = {
      {"--shard 0/3 --output-dir f", "--shard takes I/N with 1 <= I <= N"},
      {"--shard 4/3 --output-dir f", "--shard takes I/N"},
      {"--shard two --output-dir f", "--shard takes I/N"},
      {"-o one.facts", "-o writes the facts of one unit, and 2 units"},
      {"-o one.facts --output-dir f", "needs one of -o FILE"},
      {"", "needs one of -o FILE"},
      {"--format json --output-dir f", "an option of analyze"},
      {"--root /usr --output-dir f", "outside the root /usr"},
  };
  for (const Case &C : Cases) {
    CommandResult E = run(Root, R() + " extract -q -p build " + C.args);
    EXPECT_EQ(E.exitCode, 2) << C.args;
    EXPECT_NE(E.err.find(C.message), std::string::npos) << C.args << "\n" << E.err;
  }
  CommandResult A = run(Root, R() + " analyze -j 2 facts");
  EXPECT_EQ(A.exitCode, 2);
  EXPECT_NE(A.err.find("an option of extract"), std::string::npos) << A.err;
}

// Shards: every unit in exactly one, the same partition however often it is computed.
TEST(Distributed, ShardsPartitionTheDatabase) {
  TempDir T;
  std::string Root = T.path("p");
  writeProject(Root);
  for (int I = 0; I < 6; ++I)
    writeFile(Root + "/src/extra" + std::to_string(I) + ".cpp",
              "int extra" + std::to_string(I) + "() { return " + std::string(I * 40, ' ') +
                  "1; }\n");
  std::string Db = readFile(Root + "/build/compile_commands.json");
  Db.pop_back();
  Db.pop_back();
  for (int I = 0; I < 6; ++I)
    Db += ",{\"directory\": \"" + Root + "\", \"file\": \"src/extra" + std::to_string(I) +
          ".cpp\", \"arguments\": [\"clang++\", \"-c\", \"src/extra" + std::to_string(I) +
          ".cpp\"]}";
  writeFile(Root + "/build/compile_commands.json", Db + "]\n");
  for (const char *Run : {"a", "b"})
    for (int I = 1; I <= 3; ++I)
      ASSERT_EQ(run(Root, R() + " extract -q -p build --shard " + std::to_string(I) +
                              "/3 --output-dir " + Run + std::to_string(I))
                    .exitCode,
                0);
  CommandResult Lists = run(Root, "for d in a1 a2 a3 b1 b2 b3; do (cd $d && find . -name "
                                  "'*.facts' | sort | tr '\\n' ' '); echo; done");
  std::vector<std::string> Lines;
  std::string L;
  for (char Ch : Lists.out)
    if (Ch == '\n') {
      Lines.push_back(L);
      L.clear();
    } else {
      L += Ch;
    }
  ASSERT_EQ(Lines.size(), 6u) << Lists.out;
  for (int I = 0; I < 3; ++I) {
    EXPECT_EQ(Lines[I], Lines[I + 3]); // the same partition twice
    EXPECT_FALSE(Lines[I].empty()) << "shard " << I + 1 << " of 3 is empty";
  }
  CommandResult All = run(Root, "find a1 a2 a3 -name '*.facts' | sed 's|^a[0-9]/||' | sort | "
                                "uniq -c | awk '{print $1}' | sort -u | tr -d '\\n'; find a1 a2 "
                                "a3 -name '*.facts' | wc -l");
  EXPECT_EQ(All.out, "18\n");
}

// The Bazel aspect on a real Bazel (Debian's bazel-bootstrap, offline through the stand-in
// rule repositories in integrations/bazel/offline): a workspace of three cc_library targets
// (C++ on libpq, C on sqlite) where the top target depends on the others. The aspect must
// extract every unit reached through deps, and riskgate-bazel's analysis must equal a scan of
// the same units with a compile database written by hand.
TEST(Bazel, AspectFactsAnalyzeToTheScanOfTheSameUnits) {
  CommandResult Which = run("/", "command -v bazel");
  ASSERT_EQ(Which.exitCode, 0) << "bazel is not installed: scripts/setup.sh installs "
                                  "bazel-bootstrap";
  TempDir T;
  std::string Ws = T.path("ws"), Src = RISKGATE_SOURCE_DIR;
  writeFile(Ws + "/WORKSPACE",
            "workspace(name = \"shop\")\nlocal_repository(name = \"riskgate_rules\", path = \"" +
                Src +
                "/integrations/bazel\")\nload(\"@riskgate_rules//:repositories.bzl\", "
                "\"riskgate_binary\")\nriskgate_binary(name = \"riskgate\", binary = \"" +
                riskgateBinary() + "\")\n");
  writeFile(Ws + "/db/BUILD",
            "cc_library(name = \"repo\", srcs = [\"repo.cpp\"], hdrs = [\"repo.h\"], copts = "
            "[\"-I" RISKGATE_PQ_INCLUDE "\"], visibility = [\"//visibility:public\"])\n"
            "cc_library(name = \"audit\", srcs = [\"audit.c\"], visibility = "
            "[\"//visibility:public\"])\n");
  writeFile(Ws + "/db/repo.h", RepoHeader);
  std::string Repo = RepoSource;
  Repo.replace(Repo.find("\"repo.h\""), 8, "\"db/repo.h\"");
  writeFile(Ws + "/db/repo.cpp", Repo);
  writeFile(Ws + "/db/audit.c", "#include <sqlite3.h>\n"
                                "void audit_all(sqlite3 *db, const int *ids, int n) {\n"
                                "  for (int i = 0; i < n; ++i) {\n"
                                "    sqlite3_stmt *st = 0;\n"
                                "    sqlite3_prepare_v2(db, \"INSERT INTO audit(id) VALUES(?)\", "
                                "-1, &st, 0);\n"
                                "    sqlite3_bind_int(st, 1, ids[i]);\n"
                                "    sqlite3_step(st);\n"
                                "    sqlite3_finalize(st);\n"
                                "  }\n"
                                "}\n");
  writeFile(Ws + "/app/BUILD", "cc_library(name = \"service\", srcs = [\"service.cpp\"], copts = "
                               "[\"-I" RISKGATE_PQ_INCLUDE "\"], deps = [\"//db:repo\", "
                               "\"//db:audit\"])\n");
  std::string Service = ServiceSource;
  Service.replace(Service.find("\"repo.h\""), 8, "\"db/repo.h\"");
  writeFile(Ws + "/app/service.cpp", Service);

  // The same units, by hand.
  struct Unit {
    const char *file, *language;
  } Units[] = {{"app/service.cpp", "c++"}, {"db/audit.c", "c"}, {"db/repo.cpp", "c++"}};
  std::string Db = "[";
  for (const Unit &U : Units)
    Db += std::string(Db.size() > 1 ? "," : "") + "{\"directory\": \"" + Ws + "\", \"file\": \"" +
          Ws + "/" + U.file + "\", \"arguments\": [\"clang\", \"-x\", \"" + U.language +
          "\", \"-I" + Ws + "\", \"-I" RISKGATE_PQ_INCLUDE "\", \"-c\", \"" + Ws + "/" + U.file +
          "\"]}";
  writeFile(T.path("db/compile_commands.json"), Db + "]\n");
  const std::string Report = " --format json --fail-on none";
  CommandResult Scan =
      run(Ws, "'" + riskgateBinary() + "' scan -q --no-cache -p '" + T.path("db") + "'" + Report);
  ASSERT_EQ(Scan.exitCode, 0) << Scan.err;

  std::string Offline = Src + "/integrations/bazel/offline";
  CommandResult B = run(Ws, "BAZEL_STARTUP='--batch --output_user_root=" + T.path("bazel") +
                                "' RISKGATE='" + riskgateBinary() + "' '" + Src +
                                "/integrations/bazel/riskgate-bazel' //app:service "
                                "--override_repository=rules_cc=" +
                                Offline + "/rules_cc --override_repository=rules_java=" + Offline +
                                "/rules_java --override_repository=rules_proto=" + Offline +
                                "/rules_proto --analyze" + Report);
  ASSERT_EQ(B.exitCode, 0) << B.err;
  EXPECT_NE(B.err.find("riskgate-bazel: analyzing 3 units"), std::string::npos) << B.err;
  EXPECT_EQ(firstDifference(B.out, Scan.out), "");
  EXPECT_NE(B.out.find("\"file\": \"app/service.cpp\""), std::string::npos) << B.out;
  EXPECT_NE(B.out.find("\"file\": \"db/repo.cpp\""), std::string::npos) << B.out;
  EXPECT_NE(B.out.find("\"file\": \"db/audit.c\""), std::string::npos) << B.out;
  // A second build is all cache hits: the facts are ordinary, cacheable outputs.
  CommandResult Again =
      run(Ws, "bazel --batch --output_user_root=" + T.path("bazel") +
                  " build --aspects=@riskgate_rules//:riskgate.bzl%riskgate_facts "
                  "--output_groups=riskgate_facts //app:service "
                  "--override_repository=rules_cc=" +
                  Offline + "/rules_cc --override_repository=rules_java=" + Offline +
                  "/rules_java --override_repository=rules_proto=" + Offline + "/rules_proto");
  EXPECT_EQ(Again.exitCode, 0) << Again.err;
  EXPECT_NE(B.err.find("riskgate facts of db/repo.cpp"), std::string::npos) << B.err;
  EXPECT_EQ(Again.err.find("riskgate facts of"), std::string::npos) << Again.err;
  EXPECT_NE(Again.err.find("INFO: 1 process: 1 internal."), std::string::npos) << Again.err;
}

// The CI examples in docs/ci/ run as written (scripts/ci-example-steps.py prints a job's or a
// step's commands): two shard jobs, each in a clone of its own at another path, and a gate
// job over their facts that trips on the change, as a runner would run them.
TEST(Distributed, TheShardedCiExamplesRunAsWritten) {
  TempDir T;
  std::string Repo = T.path("origin"), Src = RISKGATE_SOURCE_DIR;
  writeProject(Repo);
  std::string Quiet = "#include \"repo.h\"\nstd::string UserRepository::displayName(int id) "
                      "{ return std::to_string(id); }\n";
  writeFile(Repo + "/src/repo.cpp", Quiet);
  writeFile(Repo + "/.gitignore", "build/\n");
  auto Git = [&](const std::string &Dir, const std::string &Args) {
    return run(Dir, "git -c user.name=t -c user.email=t@e " + Args);
  };
  ASSERT_EQ(Git(Repo, "init -q -b main && git add -A && git -c user.name=t -c user.email=t@e "
                      "commit -q -m base")
                .exitCode,
            0);
  std::string Base = Git(Repo, "rev-parse HEAD").out;
  Base.erase(Base.find_last_not_of("\n") + 1);
  writeFile(Repo + "/src/repo.cpp", RepoSource);
  ASSERT_EQ(Git(Repo, "checkout -q -b feature && git add -A && git -c user.name=t -c "
                      "user.email=t@e commit -q -m query")
                .exitCode,
            0);
  writeFile(T.path("bin/.keep"), "");
  ASSERT_EQ(run(T.path(), "ln -s '" + riskgateBinary() + "' bin/riskgate").exitCode, 0);
  const std::string Env = "PATH='" + T.path("bin") + "':$PATH HOME='" + T.path() + "' ";
  // Each job: a fresh clone (another path, as on another runner) with its compile database.
  auto Job = [&](const std::string &Name) {
    std::string Dir = T.path(Name);
    EXPECT_EQ(run(T.path(), "git clone -q origin " + Name + " && git -C " + Name +
                                " update-ref refs/remotes/origin/main " + Base)
                  .exitCode,
              0);
    writeProject(Dir); // the same files; the database for this path
    EXPECT_EQ(Git(Dir, "status --porcelain").out, "");
    return Dir;
  };
  auto Steps = [&](const std::string &Args) {
    CommandResult S = run(Src, "python3 scripts/ci-example-steps.py " + Args);
    EXPECT_EQ(S.exitCode, 0) << S.err;
    return S.out;
  };

  // GitLab: parallel: 2, then the gate job with the facts of both under facts/.
  std::string Gate = Job("gl-gate");
  for (const char *I : {"1", "2"}) {
    std::string Dir = Job(std::string("gl-shard") + I);
    writeFile(Dir + "/extract.sh", Steps("gitlab docs/ci/gitlab-sharded.yml riskgate-extract"));
    CommandResult E = run(Dir, Env + "CI_NODE_INDEX=" + I + " CI_NODE_TOTAL=2 bash extract.sh");
    ASSERT_EQ(E.exitCode, 0) << E.err;
    ASSERT_EQ(run(T.path(), "mkdir -p gl-gate/facts && cp -r gl-shard" + std::string(I) +
                                "/facts/" + I + " gl-gate/facts/")
                  .exitCode,
              0);
  }
  writeFile(Gate + "/gate.sh", Steps("gitlab docs/ci/gitlab-sharded.yml riskgate-gate"));
  CommandResult G = run(Gate, Env + "CI_MERGE_REQUEST_DIFF_BASE_SHA=" + Base + " bash gate.sh");
  EXPECT_EQ(G.exitCode, 1) << G.err; // the change adds an N+1: the gate trips
  EXPECT_NE(readFile(Gate + "/gl-code-quality-report.json").find("n-plus-one"), std::string::npos);
  EXPECT_NE(G.out.find("introduced"), std::string::npos) << G.out;

  // GitHub: the matrix's step, then the gate job over the downloaded artifacts.
  std::string HubGate = Job("gh-gate");
  for (const char *I : {"1", "2"}) {
    std::string Dir = Job(std::string("gh-shard") + I);
    writeFile(Dir + "/extract.sh",
              Steps("github docs/ci/github-sharded.yml extract \"Extract this shard's facts\" "
                    "matrix.shard=" +
                    std::string(I)));
    CommandResult E = run(Dir, Env + "SHARDS=2 bash extract.sh");
    ASSERT_EQ(E.exitCode, 0) << E.err;
    ASSERT_EQ(run(T.path(), "mkdir -p gh-gate/facts/riskgate-facts-" + std::string(I) +
                                " && cp -r gh-shard" + I +
                                "/facts/. gh-gate/facts/riskgate-facts-" + I + "/")
                  .exitCode,
              0);
  }
  writeFile(HubGate + "/gate.sh", Steps("github docs/ci/github-sharded.yml gate \"Gate the "
                                        "change\" github.base_ref=main"));
  CommandResult H =
      run(HubGate, Env + "GITHUB_STEP_SUMMARY='" + T.path("summary.md") + "' bash gate.sh");
  EXPECT_EQ(H.exitCode, 1) << H.err;
  EXPECT_NE(readFile(T.path("summary.md")).find("n-plus-one"), std::string::npos)
      << readFile(T.path("summary.md"));
}
