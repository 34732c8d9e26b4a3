#include "change/UnifiedDiff.h"

#include <cstdlib>

namespace riskgate {

namespace {

bool startsWith(const std::string &S, const char *Prefix) { return S.rfind(Prefix, 0) == 0; }

/// A path token from a header line: quoted or not, with a trailing tab (timestamp) cut.
std::string pathToken(const std::string &Rest) {
  if (!Rest.empty() && Rest[0] == '"') {
    size_t I = 1;
    for (; I < Rest.size(); ++I) {
      if (Rest[I] == '\\') {
        ++I;
        continue;
      }
      if (Rest[I] == '"')
        break;
    }
    return unquoteGitPath(Rest.substr(0, I + 1));
  }
  size_t Tab = Rest.find('\t');
  return Tab == std::string::npos ? Rest : Rest.substr(0, Tab);
}

std::string stripPrefix(const std::string &P) {
  if (P == "/dev/null")
    return P;
  if (startsWith(P, "a/") || startsWith(P, "b/"))
    return P.substr(2);
  return P;
}

bool parseRange(const std::string &S, size_t &Pos, unsigned &Start, unsigned &Count) {
  size_t End = Pos;
  while (End < S.size() && isdigit(static_cast<unsigned char>(S[End])))
    ++End;
  if (End == Pos)
    return false;
  Start = static_cast<unsigned>(std::strtoul(S.substr(Pos, End - Pos).c_str(), nullptr, 10));
  Count = 1;
  Pos = End;
  if (Pos < S.size() && S[Pos] == ',') {
    ++Pos;
    End = Pos;
    while (End < S.size() && isdigit(static_cast<unsigned char>(S[End])))
      ++End;
    if (End == Pos)
      return false;
    Count = static_cast<unsigned>(std::strtoul(S.substr(Pos, End - Pos).c_str(), nullptr, 10));
    Pos = End;
  }
  return true;
}

/// "@@ -a,b +c,d @@ section"
bool parseHunkHeader(const std::string &L, Hunk &H) {
  size_t Pos = 3;
  if (!startsWith(L, "@@ -"))
    return false;
  Pos = 4;
  if (!parseRange(L, Pos, H.oldStart, H.oldCount))
    return false;
  if (L.compare(Pos, 2, " +") != 0)
    return false;
  Pos += 2;
  if (!parseRange(L, Pos, H.newStart, H.newCount))
    return false;
  return L.compare(Pos, 3, " @@") == 0;
}

/// The two paths of "diff --git a/X b/Y" when no ---/+++ or rename lines name them
/// (binary files, mode changes). Unquoted paths with spaces are split where both halves
/// name the same file, as git does.
void pathsFromGitHeader(const std::string &Rest, std::string &Old, std::string &New) {
  if (!Rest.empty() && Rest[0] == '"') {
    std::string First = pathToken(Rest);
    size_t Close = 1;
    for (; Close < Rest.size(); ++Close) {
      if (Rest[Close] == '\\') {
        ++Close;
        continue;
      }
      if (Rest[Close] == '"')
        break;
    }
    Old = stripPrefix(First);
    New = stripPrefix(pathToken(Rest.substr(std::min(Rest.size(), Close + 2))));
    return;
  }
  size_t Half = Rest.empty() ? 0 : (Rest.size() - 1) / 2;
  // "a/X b/X": both halves are the same path under their prefixes.
  if (Half >= 2 && Rest.size() % 2 == 1 && Rest[Half] == ' ' &&
      Rest.compare(2, Half - 2, Rest, Half + 3, Half - 2) == 0) {
    Old = stripPrefix(Rest.substr(0, Half));
    New = stripPrefix(Rest.substr(Half + 1));
    return;
  }
  size_t Sep = Rest.find(" b/");
  if (Sep == std::string::npos && Rest.find(" \"b/") != std::string::npos)
    Sep = Rest.find(" \"b/");
  Old = stripPrefix(Rest.substr(0, Sep));
  New = Sep == std::string::npos ? Old : stripPrefix(pathToken(Rest.substr(Sep + 1)));
}

} // namespace

std::string unquoteGitPath(const std::string &Q) {
  if (Q.size() < 2 || Q.front() != '"')
    return Q;
  std::string Out;
  for (size_t I = 1; I + 1 < Q.size(); ++I) {
    char C = Q[I];
    if (C != '\\') {
      Out += C;
      continue;
    }
    char E = Q[++I];
    switch (E) {
    case 'n':
      Out += '\n';
      break;
    case 't':
      Out += '\t';
      break;
    case 'a':
      Out += '\a';
      break;
    case 'b':
      Out += '\b';
      break;
    case 'f':
      Out += '\f';
      break;
    case 'v':
      Out += '\v';
      break;
    case 'r':
      Out += '\r';
      break;
    default:
      auto Octal = [](char C) { return C >= '0' && C <= '7'; };
      if (Octal(E) && I + 2 < Q.size() && Octal(Q[I + 1]) && Octal(Q[I + 2])) {
        unsigned V =
            (unsigned(E - '0') << 6) | (unsigned(Q[I + 1] - '0') << 3) | unsigned(Q[I + 2] - '0');
        Out += static_cast<char>(V & 0xff);
        I += 2;
      } else {
        Out += E; // \" and \\ and anything else
      }
    }
  }
  return Out;
}

bool parseUnifiedDiff(const std::string &Text, std::vector<FileDiff> &Out, DiffError &Error) {
  std::vector<std::string> Lines;
  {
    size_t Start = 0;
    while (Start < Text.size()) {
      size_t End = Text.find('\n', Start);
      std::string L =
          Text.substr(Start, End == std::string::npos ? std::string::npos : End - Start);
      if (!L.empty() && L.back() == '\r')
        L.pop_back();
      Lines.push_back(std::move(L));
      if (End == std::string::npos)
        break;
      Start = End + 1;
    }
  }
  auto Fail = [&](size_t I, const std::string &M) {
    Error = {static_cast<unsigned>(I + 1), M};
    return false;
  };

  FileDiff *Cur = nullptr;
  bool InGitHeader = false; // between "diff --git" and the first hunk
  for (size_t I = 0; I < Lines.size(); ++I) {
    const std::string &L = Lines[I];
    if (startsWith(L, "diff --git ")) {
      Out.emplace_back();
      Cur = &Out.back();
      Cur->headerLine = static_cast<unsigned>(I + 1);
      pathsFromGitHeader(L.substr(11), Cur->oldPath, Cur->newPath);
      InGitHeader = true;
      continue;
    }
    if (startsWith(L, "--- ") && I + 1 < Lines.size() && startsWith(Lines[I + 1], "+++ ")) {
      if (!InGitHeader) { // a plain `diff -u` section
        Out.emplace_back();
        Cur = &Out.back();
        Cur->headerLine = static_cast<unsigned>(I + 1);
      }
      std::string Old = stripPrefix(pathToken(L.substr(4)));
      std::string New = stripPrefix(pathToken(Lines[I + 1].substr(4)));
      if (Old == "/dev/null")
        Cur->status = FileDiff::Added;
      else
        Cur->oldPath = Old;
      if (New == "/dev/null")
        Cur->status = FileDiff::Deleted;
      else
        Cur->newPath = New;
      if (Cur->status == FileDiff::Added)
        Cur->oldPath = Cur->newPath;
      if (Cur->status == FileDiff::Deleted)
        Cur->newPath = Cur->oldPath;
      ++I;
      InGitHeader = false;
      continue;
    }
    if (startsWith(L, "--- "))
      return Fail(I, "'---' line without the '+++' line that must follow it (truncated diff?)");
    if (startsWith(L, "@@")) {
      if (!Cur)
        return Fail(I, "hunk before any file header");
      Hunk H;
      if (!parseHunkHeader(L, H))
        return Fail(I, "malformed hunk header '" + L + "'");
      InGitHeader = false;
      unsigned OldSeen = 0, NewSeen = 0;
      size_t J = I + 1;
      while (OldSeen < H.oldCount || NewSeen < H.newCount) {
        if (J >= Lines.size() || (J + 1 == Lines.size() && Lines[J].empty()))
          return Fail(J, "the diff ends inside a hunk of " +
                             (Cur->newPath.empty() ? Cur->oldPath : Cur->newPath) +
                             " (truncated diff?)");
        const std::string &B = Lines[J];
        char M = B.empty() ? ' ' : B[0];
        if (M == '\\') { // "\ No newline at end of file" for the line before it
          char Last = H.lines.empty() ? ' ' : H.lines.back()[0];
          if (Last != '+')
            H.oldMissingNewline = true;
          if (Last != '-')
            H.newMissingNewline = true;
          ++J;
          continue;
        }
        if (M != ' ' && M != '-' && M != '+')
          return Fail(J, "unexpected line inside a hunk: '" + B.substr(0, 60) + "'");
        if (M != '+')
          ++OldSeen;
        if (M != '-')
          ++NewSeen;
        if (OldSeen > H.oldCount || NewSeen > H.newCount)
          return Fail(J, "hunk is longer than its header says");
        H.lines.push_back(B.empty() ? std::string(" ") : B);
        ++J;
      }
      // Trailing "\ No newline at end of file" markers belong to the last lines.
      while (J < Lines.size() && startsWith(Lines[J], "\\")) {
        char Last = H.lines.empty() ? ' ' : H.lines.back()[0];
        if (Last == '-')
          H.oldMissingNewline = true;
        else if (Last == '+')
          H.newMissingNewline = true;
        else
          H.oldMissingNewline = H.newMissingNewline = true;
        ++J;
      }
      Cur->hunks.push_back(std::move(H));
      I = J - 1;
      continue;
    }
    if (Cur && InGitHeader) {
      if (startsWith(L, "new file mode"))
        Cur->status = FileDiff::Added;
      else if (startsWith(L, "deleted file mode"))
        Cur->status = FileDiff::Deleted;
      else if (startsWith(L, "rename from ")) {
        Cur->status = FileDiff::Renamed;
        Cur->oldPath = pathToken(L.substr(12));
      } else if (startsWith(L, "rename to ")) {
        Cur->status = FileDiff::Renamed;
        Cur->newPath = pathToken(L.substr(10));
      } else if (startsWith(L, "copy from ")) {
        Cur->status = FileDiff::Copied;
        Cur->oldPath = pathToken(L.substr(10));
      } else if (startsWith(L, "copy to ")) {
        Cur->status = FileDiff::Copied;
        Cur->newPath = pathToken(L.substr(8));
      } else if (startsWith(L, "Binary files ") || L == "GIT binary patch") {
        Cur->binary = true;
        if (L == "GIT binary patch") // skip the encoded data (forward and reverse blocks)
          while (I + 1 < Lines.size() && !startsWith(Lines[I + 1], "diff --git "))
            ++I;
      } else if (startsWith(L, "index ") || startsWith(L, "old mode") ||
                 startsWith(L, "new mode") || startsWith(L, "similarity index") ||
                 startsWith(L, "dissimilarity index") || L.empty()) {
        // nothing to record
      } else {
        return Fail(I, "unexpected line in the header of " + Cur->newPath + ": '" +
                           L.substr(0, 60) + "'");
      }
      continue;
    }
    if (L == "-- ") // the signature of `git format-patch` ends the diff
      break;
    if (Cur && !L.empty() && (L[0] == '+' || L[0] == '-' || L[0] == ' '))
      return Fail(I, "line outside any hunk: '" + L.substr(0, 60) +
                         "' (a hunk is longer than its header says, or the diff is garbled)");
    // Anything else before the first file (a commit message) or between files is ignored,
    // as `git apply` does.
  }
  if (Out.empty() && Text.find_first_not_of(" \t\r\n") != std::string::npos)
    return Fail(0, "no file changes found (not a unified diff?)");
  for (FileDiff &D : Out)
    if (D.oldPath.empty() && D.newPath.empty())
      return Fail(D.headerLine - 1, "file section without a file name");
  return true;
}

std::set<unsigned> FileDiff::addedLines() const {
  std::set<unsigned> S;
  for (const Hunk &H : hunks) {
    unsigned N = H.newStart;
    for (const std::string &L : H.lines) {
      if (L[0] == '+')
        S.insert(N);
      if (L[0] != '-')
        ++N;
    }
  }
  return S;
}

std::set<unsigned> FileDiff::removedLines() const {
  std::set<unsigned> S;
  for (const Hunk &H : hunks) {
    unsigned O = H.oldStart;
    for (const std::string &L : H.lines) {
      if (L[0] == '-')
        S.insert(O);
      if (L[0] != '+')
        ++O;
    }
  }
  return S;
}

std::set<unsigned> FileDiff::deletionPoints() const {
  std::set<unsigned> S;
  for (const Hunk &H : hunks) {
    unsigned N = H.newStart;
    bool Pending = false;
    for (const std::string &L : H.lines) {
      if (L[0] == '-') {
        Pending = true;
        continue;
      }
      if (Pending) {
        S.insert(N);
        if (N > 1)
          S.insert(N - 1);
        Pending = false;
      }
      ++N;
    }
    if (Pending) {
      S.insert(N > 1 ? N - 1 : 1);
      S.insert(N);
    }
  }
  return S;
}

bool reverseApply(const FileDiff &D, const std::string &NewContent, std::string &OldContent,
                  std::string &Error) {
  // Split keeping track of the line ending style and the final newline.
  std::vector<std::string> New;
  bool Crlf = NewContent.find("\r\n") != std::string::npos;
  size_t Start = 0;
  while (Start < NewContent.size()) {
    size_t End = NewContent.find('\n', Start);
    std::string L =
        NewContent.substr(Start, End == std::string::npos ? std::string::npos : End - Start);
    if (!L.empty() && L.back() == '\r')
      L.pop_back();
    New.push_back(std::move(L));
    if (End == std::string::npos)
      break;
    Start = End + 1;
  }
  bool NewEndsWithNewline = !NewContent.empty() && NewContent.back() == '\n';
  bool OldEndsWithNewline = NewEndsWithNewline;
  std::vector<std::string> Old;
  size_t Next = 0; // next new line (0-based) not yet copied
  for (const Hunk &H : D.hunks) {
    size_t HunkStart = H.newCount == 0 ? H.newStart : H.newStart - 1;
    if (HunkStart < Next || HunkStart > New.size()) {
      Error = "hunk at new line " + std::to_string(H.newStart) + " is out of order or past the end";
      return false;
    }
    while (Next < HunkStart)
      Old.push_back(New[Next++]);
    for (const std::string &L : H.lines) {
      std::string Body = L.substr(1);
      if (L[0] == '-') {
        Old.push_back(Body);
        continue;
      }
      if (Next >= New.size() || New[Next] != Body) {
        Error = "line " + std::to_string(Next + 1) +
                " does not match the patch (the working "
                "tree does not contain this change)";
        return false;
      }
      if (L[0] == ' ')
        Old.push_back(Body);
      ++Next;
    }
    if (H.oldMissingNewline)
      OldEndsWithNewline = false;
    if (H.newMissingNewline && !H.oldMissingNewline)
      OldEndsWithNewline = true;
  }
  while (Next < New.size())
    Old.push_back(New[Next++]);
  OldContent.clear();
  const char *Eol = Crlf ? "\r\n" : "\n";
  for (size_t I = 0; I < Old.size(); ++I) {
    OldContent += Old[I];
    if (I + 1 < Old.size() || OldEndsWithNewline)
      OldContent += Eol;
  }
  return true;
}

} // namespace riskgate
