// Shipping: `cmake --install`, the Debian package, the self-contained tarball (run with the
// system's LLVM out of reach), `--version`, and the release install the GitHub Action runs
// (checksums verified). Packages this build with scripts/package.sh.
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>

using namespace riskgate::test;

namespace {

std::string buildDir() {
  std::string Bin = riskgateBinary();
  return Bin.substr(0, Bin.rfind('/'));
}

std::string firstLine(const std::string &S) { return S.substr(0, S.find('\n')); }

/// A tiny project whose one unit has a network N+1: a scan must find it (exit 1).
void sampleProject(const TempDir &D) {
  writeFile(D.path("src/a.cpp"), "#include <libpq-fe.h>\nvoid f(PGconn *c, int n) {\n"
                                 "  while (n--)\n    PQclear(PQexec(c, \"SELECT 1\"));\n}\n");
  writeFile(D.path("build/compile_commands.json"),
            "[{\"directory\": \"" + D.path() +
                "\", \"file\": \"src/a.cpp\", \"command\": \"c++ -I" RISKGATE_PQ_INCLUDE
                " -c src/a.cpp\"}]");
}

TEST(Ship, VersionSaysWhatABugReportNeeds) {
  auto R = run("/", riskgateBinary() + " --version");
  ASSERT_EQ(R.exitCode, 0) << R.err;
  std::smatch M;
  EXPECT_TRUE(std::regex_search(
      R.out, M,
      std::regex(R"(^riskgate \d+\.\d+\.\d+ \(commit ([0-9a-f]{12}(-dirty)?|unknown)\)\n)")))
      << R.out;
  // The commit is one of this checkout's (the one the binary was last built from).
  if (run(RISKGATE_SOURCE_DIR, "git rev-parse --git-dir").exitCode == 0) {
    std::string Commit = M[1].str().substr(0, 12);
    EXPECT_EQ(run(RISKGATE_SOURCE_DIR, "git cat-file -e " + Commit + "^{commit}").exitCode, 0)
        << R.out;
  }
  EXPECT_TRUE(std::regex_search(R.out, std::regex(R"(\nLLVM 19\.\d+\.\d+\n)"))) << R.out;
  EXPECT_TRUE(std::regex_search(R.out, std::regex(R"(\nbuiltin headers: /\S+\n)"))) << R.out;
  for (const char *Pack : {"libpq@", "sqlite3@", "qtsql@", "poco-data@"})
    EXPECT_NE(R.out.find(Pack), std::string::npos) << Pack << R.out;
  EXPECT_EQ(run("/", riskgateBinary() + " -V").out, R.out);
}

TEST(Ship, PackagesInstallAndRunOnTheirOwn) {
  TempDir Out;
  auto P = run(RISKGATE_SOURCE_DIR, "scripts/package.sh '" + buildDir() + "' '" + Out.path() + "'");
  ASSERT_EQ(P.exitCode, 0) << P.out << P.err;
  std::string Version = firstLine(run("/", riskgateBinary() + " --version").out);
  Version = Version.substr(9, Version.find(' ', 9) - 9);
  std::string Deb = Out.path("riskgate_" + Version + "_amd64.deb");
  std::string Tar = Out.path("riskgate-" + Version + "-linux-x86_64.tar.gz");
  ASSERT_TRUE(std::filesystem::exists(Deb)) << P.out;
  ASSERT_TRUE(std::filesystem::exists(Tar)) << P.out;

  // The .deb: its dependencies are Debian's, apt can install it, and its files work from a
  // root it was unpacked into.
  auto Info = run("/", "dpkg-deb -f '" + Deb + "' Depends");
  for (const char *Dep : {"libllvm19", "libclang-cpp19", "libclang-common-19-dev", "libsqlite3-0"})
    EXPECT_NE(Info.out.find(Dep), std::string::npos) << Dep << Info.out;
  auto Apt = run("/", "apt-get install -s '" + Deb + "'");
  EXPECT_EQ(Apt.exitCode, 0) << Apt.out << Apt.err;
  EXPECT_NE(Apt.out.find("Inst riskgate"), std::string::npos) << Apt.out;
  TempDir Root;
  ASSERT_EQ(run("/", "dpkg -x '" + Deb + "' '" + Root.path() + "'").exitCode, 0);
  for (const char *F :
       {"usr/bin/riskgate", "usr/include/riskgate/annotations.h", "usr/share/man/man1/riskgate.1",
        "usr/share/doc/riskgate/README.md", "usr/share/doc/riskgate/rules/n-plus-one.md"})
    EXPECT_TRUE(std::filesystem::exists(Root.path(F))) << F;
  EXPECT_EQ(
      run("/", "grep -c '^.SH COMMAND DIFF' '" + Root.path("usr/share/man/man1/riskgate.1") + "'")
          .out,
      "1\n");
  // The demo, end to end, from the installed binary.
  auto Demo = run(RISKGATE_SOURCE_DIR,
                  "RISKGATE_BIN='" + Root.path("usr/bin/riskgate") + "' scripts/demo.sh");
  EXPECT_EQ(Demo.exitCode, 0) << Demo.out << Demo.err;
  EXPECT_NE(Demo.out.find("the gate FAILED"), std::string::npos) << Demo.out;
  // The same inputs give the same bytes.
  TempDir Again;
  ASSERT_EQ(
      run(RISKGATE_SOURCE_DIR, "scripts/package.sh '" + buildDir() + "' '" + Again.path() + "' deb")
          .exitCode,
      0);
  EXPECT_EQ(run("/", "cmp '" + Deb + "' '" + Again.path("riskgate_" + Version + "_amd64.deb") + "'")
                .exitCode,
            0);

  // The tarball: everything but glibc resolves inside it...
  TempDir Unpacked;
  ASSERT_EQ(run("/", "tar -xzf '" + Tar + "' -C '" + Unpacked.path() + "'").exitCode, 0);
  std::string Bin = Unpacked.path("riskgate-" + Version + "-linux-x86_64/bin/riskgate");
  auto Ldd = run("/", "ldd '" + Bin + "'");
  ASSERT_EQ(Ldd.exitCode, 0) << Ldd.err;
  EXPECT_EQ(Ldd.out.find("not found"), std::string::npos) << Ldd.out;
  EXPECT_EQ(Ldd.out.find("llvm"), std::string::npos) << Ldd.out;
  std::istringstream Lines(Ldd.out);
  for (std::string L; std::getline(Lines, L);) {
    std::smatch M;
    if (!std::regex_search(L, M, std::regex(R"(=> (/\S+))")))
      continue;
    std::string Lib = M[1].str();
    bool Glibc = std::regex_search(Lib, std::regex(R"(/(libc|libm|ld-linux[^/]*)\.so)"));
    EXPECT_TRUE(Glibc || Lib.rfind(Unpacked.path(), 0) == 0) << L;
  }
  auto Version2 = run("/", "'" + Bin + "' --version");
  EXPECT_NE(Version2.out.find("builtin headers: " + Unpacked.path()), std::string::npos)
      << Version2.out;
  // ... and it scans with the system's LLVM out of reach: in a mount namespace where
  // /usr/lib/llvm-19 is empty and Debian's libLLVM/libclang-cpp files are /dev/null.
  TempDir Project;
  sampleProject(Project);
  std::string Hide = "mount -t tmpfs none /usr/lib/llvm-19 && for f in "
                     "/usr/lib/x86_64-linux-gnu/libLLVM.so.19.1 "
                     "/usr/lib/x86_64-linux-gnu/libclang-cpp.so.19.1; do mount --bind /dev/null "
                     "$f; done && ";
  auto Can = run("/", "unshare -m sh -c 'mount -t tmpfs none /mnt' 2>&1");
  ASSERT_EQ(Can.exitCode, 0) << "this test needs mount namespaces (root in the container): "
                             << Can.out;
  auto Hidden = run(Project.path(), "unshare -m sh -c '" + Hide + "test ! -s " +
                                        "/usr/lib/x86_64-linux-gnu/libLLVM.so.19.1 && \"" + Bin +
                                        "\" scan -p build --quiet --no-cache'");
  EXPECT_EQ(Hidden.exitCode, 1) << Hidden.out << Hidden.err;
  EXPECT_NE(Hidden.out.find("src/a.cpp:4:13: error: [high] 'PQexec' runs a query"),
            std::string::npos)
      << Hidden.out << Hidden.err;

  // The release install the GitHub Action runs, from a file:// release: verified, unpacked,
  // runnable; a tampered checksum or a wrong pinned one stops it.
  TempDir Release, Dest;
  std::string TarName = "riskgate-" + Version + "-linux-x86_64.tar.gz";
  ASSERT_EQ(run("/", "cp '" + Tar + "' '" + Release.path() + "/' && cd '" + Release.path() +
                         "' && sha256sum " + TarName + " > SHA256SUMS")
                .exitCode,
            0);
  std::string Install = "RISKGATE_RELEASE_URL=file://" + Release.path() +
                        " '" RISKGATE_SOURCE_DIR "/scripts/install-release.sh' " + Version + " '" +
                        Dest.path() + "'";
  auto Ok = run("/", Install);
  ASSERT_EQ(Ok.exitCode, 0) << Ok.err;
  std::string Installed = firstLine(Ok.out);
  EXPECT_EQ(run(Project.path(), "'" + Installed + "' scan -p build --quiet --no-cache").exitCode,
            1);
  std::string Sum = firstLine(readFile(Release.path("SHA256SUMS")));
  EXPECT_EQ(run("/", "RISKGATE_SHA256=" + Sum.substr(0, 64) + " " + Install).exitCode, 0);
  auto Pinned = run("/", "RISKGATE_SHA256=" + std::string(64, '0') + " " + Install);
  EXPECT_EQ(Pinned.exitCode, 2);
  EXPECT_NE(Pinned.err.find("checksum mismatch"), std::string::npos) << Pinned.err;
  writeFile(Release.path("SHA256SUMS"), std::string(64, 'f') + "  " + TarName + "\n");
  auto Tampered = run("/", Install);
  EXPECT_EQ(Tampered.exitCode, 2);
  EXPECT_NE(Tampered.err.find("checksum mismatch for " + TarName), std::string::npos)
      << Tampered.err;
  auto Missing = run("/", "RISKGATE_RELEASE_URL=file://" + Release.path() +
                              " '" RISKGATE_SOURCE_DIR "/scripts/install-release.sh' 9.9.9 '" +
                              Dest.path() + "'");
  EXPECT_EQ(Missing.exitCode, 2);
  EXPECT_NE(Missing.err.find("cannot download"), std::string::npos) << Missing.err;
  // No guessing where releases live.
  auto Nowhere = run("/", "env -u RISKGATE_REPO -u RISKGATE_RELEASE_URL '" RISKGATE_SOURCE_DIR
                          "/scripts/install-release.sh' " +
                              Version + " '" + Dest.path() + "'");
  EXPECT_EQ(Nowhere.exitCode, 2);
  EXPECT_NE(Nowhere.err.find("say where the release is"), std::string::npos) << Nowhere.err;
}

} // namespace
