// The unified-diff parser and the reverse application of a patch.
#include "change/UnifiedDiff.h"

#include <gtest/gtest.h>

using namespace riskgate;

namespace {

std::vector<FileDiff> parseOk(const std::string &Text) {
  std::vector<FileDiff> Out;
  DiffError E;
  EXPECT_TRUE(parseUnifiedDiff(Text, Out, E)) << E.line << ": " << E.message;
  return Out;
}

DiffError parseBad(const std::string &Text) {
  std::vector<FileDiff> Out;
  DiffError E;
  EXPECT_FALSE(parseUnifiedDiff(Text, Out, E)) << Text;
  return E;
}

TEST(UnifiedDiff, ModifiedFileLines) {
  auto F = parseOk("diff --git a/x.cpp b/x.cpp\nindex 1..2 100644\n--- a/x.cpp\n+++ b/x.cpp\n"
                   "@@ -2,3 +2,4 @@ void f()\n a\n-b\n+B\n+C\n c\n@@ -10 +11,0 @@\n-gone\n");
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].status, FileDiff::Modified);
  EXPECT_EQ(F[0].newPath, "x.cpp");
  EXPECT_EQ(F[0].addedLines(), (std::set<unsigned>{3, 4}));
  EXPECT_EQ(F[0].removedLines(), (std::set<unsigned>{3, 10}));
  EXPECT_EQ(F[0].deletionPoints().count(11), 1u);
}

TEST(UnifiedDiff, NewDeletedRenamedBinary) {
  auto F = parseOk(
      "diff --git a/new.h b/new.h\nnew file mode 100644\nindex 0..1\n--- /dev/null\n+++ "
      "b/new.h\n@@ -0,0 +1,2 @@\n+a\n+b\n"
      "diff --git a/old.h b/old.h\ndeleted file mode 100644\n--- a/old.h\n+++ /dev/null\n@@ -1 "
      "+0,0 @@\n-x\n"
      "diff --git a/src/a.cpp b/src/b.cpp\nsimilarity index 90%\nrename from src/a.cpp\nrename to "
      "src/b.cpp\n--- a/src/a.cpp\n+++ b/src/b.cpp\n@@ -1 +1 @@\n-1\n+2\n"
      "diff --git a/pure.cpp b/moved.cpp\nsimilarity index 100%\nrename from pure.cpp\nrename to "
      "moved.cpp\n"
      "diff --git a/logo.png b/logo.png\nindex 1..2 100644\nBinary files a/logo.png and b/logo.png "
      "differ\n"
      "diff --git a/x.bin b/x.bin\nnew file mode 100644\nGIT binary patch\nliteral "
      "3\nKcmZ?wWB>pF01N;E\n\nliteral 0\nHcmV?d00001\n\n");
  ASSERT_EQ(F.size(), 6u);
  EXPECT_EQ(F[0].status, FileDiff::Added);
  EXPECT_EQ(F[0].newPath, "new.h");
  EXPECT_EQ(F[1].status, FileDiff::Deleted);
  EXPECT_EQ(F[1].oldPath, "old.h");
  EXPECT_EQ(F[2].status, FileDiff::Renamed);
  EXPECT_EQ(F[2].oldPath, "src/a.cpp");
  EXPECT_EQ(F[2].newPath, "src/b.cpp");
  EXPECT_EQ(F[3].status, FileDiff::Renamed);
  EXPECT_TRUE(F[3].hunks.empty());
  EXPECT_TRUE(F[4].binary);
  EXPECT_EQ(F[4].newPath, "logo.png");
  EXPECT_TRUE(F[5].binary);
  EXPECT_EQ(F[5].status, FileDiff::Added);
}

TEST(UnifiedDiff, QuotedPathsWithSpacesAndNonAscii) {
  auto F = parseOk(
      "diff --git \"a/dir with space/caf\\303\\251.cpp\" \"b/dir with space/caf\\303\\251.cpp\"\n"
      "--- \"a/dir with space/caf\\303\\251.cpp\"\n+++ \"b/dir with space/caf\\303\\251.cpp\"\n"
      "@@ -1 +1 @@\n-a\n+b\n"
      "diff --git a/two words.cpp b/two words.cpp\n--- a/two words.cpp\n+++ b/two words.cpp\n@@ -1 "
      "+1 @@\n-a\n+b\n");
  ASSERT_EQ(F.size(), 2u);
  EXPECT_EQ(F[0].newPath, "dir with space/caf\xc3\xa9.cpp");
  EXPECT_EQ(F[1].newPath, "two words.cpp");
  EXPECT_EQ(unquoteGitPath("\"a\\\"b\\\\c\\td\""), "a\"b\\c\td");
}

TEST(UnifiedDiff, NoNewlineAtEndAndCrlf) {
  auto F = parseOk("--- a/x\r\n+++ b/x\r\n@@ -1,2 +1,2 @@\r\n a\r\n-b\r\n\\ No newline at end of "
                   "file\r\n+c\r\n");
  ASSERT_EQ(F.size(), 1u);
  EXPECT_TRUE(F[0].hunks[0].oldMissingNewline);
  EXPECT_FALSE(F[0].hunks[0].newMissingNewline);
  std::string Old, Err;
  ASSERT_TRUE(reverseApply(F[0], "a\r\nc\r\n", Old, Err)) << Err;
  EXPECT_EQ(Old, "a\r\nb");
}

TEST(UnifiedDiff, ReverseApply) {
  auto F = parseOk(
      "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n@@ -6,0 +7 @@\n+seven\n");
  std::string Old, Err;
  ASSERT_TRUE(reverseApply(F[0], "one\nTWO\nthree\n4\n5\n6\nseven\n", Old, Err)) << Err;
  EXPECT_EQ(Old, "one\ntwo\nthree\n4\n5\n6\n");
  EXPECT_FALSE(reverseApply(F[0], "one\nzwei\nthree\n4\n5\n6\nseven\n", Old, Err));
  EXPECT_NE(Err.find("does not match"), std::string::npos);
}

TEST(UnifiedDiff, TruncatedAndGarbled) {
  EXPECT_NE(parseBad("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n").message.find("truncated"),
            std::string::npos);
  DiffError H = parseBad("--- a/x\n+++ b/x\n@@ -1,z +1 @@\n");
  EXPECT_EQ(H.line, 3u);
  EXPECT_NE(H.message.find("malformed hunk header"), std::string::npos);
  EXPECT_NE(
      parseBad("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n+extra\n").message.find("outside any hunk"),
      std::string::npos);
  EXPECT_NE(parseBad("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n?b\n").message.find("unexpected line"),
            std::string::npos);
  EXPECT_NE(parseBad("random words\n").message.find("no file changes"), std::string::npos);
  EXPECT_NE(parseBad("@@ -1 +1 @@\n-a\n+b\n").message.find("before any file header"),
            std::string::npos);
  EXPECT_NE(parseBad("diff --git a/x b/x\nbogus header line\n--- a/x\n+++ b/x\n")
                .message.find("unexpected line in the header"),
            std::string::npos);
  // Empty input is an empty change; a commit message before the diff is ignored.
  EXPECT_TRUE(parseOk("").empty());
  EXPECT_EQ(parseOk("From abc\nSubject: x\n\n---\n x | 1 +\n\ndiff --git a/x b/x\n--- a/x\n+++ "
                    "b/x\n@@ -1 +1 @@\n-a\n+b\n-- \n2.39.5\n")
                .size(),
            1u);
}

} // namespace
