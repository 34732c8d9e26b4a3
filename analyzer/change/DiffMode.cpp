#include "change/DiffMode.h"

#include "change/Slice.h"

#include "change/Git.h"
#include "change/RiskScore.h"
#include "change/UnifiedDiff.h"
#include "rules/Rule.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <chrono>
#include <deque>
#include <iostream>
#include <iterator>
#include <map>
#include <set>

namespace riskgate {

namespace {

/// What a finding is across the two sides of a diff: its fingerprint without the occurrence
/// suffix.
const std::string &identityOf(const Finding &F) {
  return F.identity.empty() ? F.fingerprint : F.identity;
}

/// Pairs the head's findings with the base's of the same identity: in the same file first,
/// then the rest in order. One function defined in two units (two programs in one compile
/// database) gives two findings of one identity, told apart only by place: emptying one of
/// the units fixes that unit's finding, not the other's. Says, per side, which found a pair.
std::pair<std::vector<bool>, std::vector<bool>> pairFindings(const std::vector<Finding> &Base,
                                                             const std::vector<Finding> &Head) {
  std::vector<bool> BasePaired(Base.size()), HeadPaired(Head.size());
  std::map<std::string, std::vector<size_t>> Open; // identity -> unpaired base findings
  for (size_t I = 0; I < Base.size(); ++I)
    Open[identityOf(Base[I])].push_back(I);
  auto Take = [&](bool SameFileOnly) {
    for (size_t H = 0; H < Head.size(); ++H) {
      if (HeadPaired[H])
        continue;
      auto It = Open.find(identityOf(Head[H]));
      if (It == Open.end())
        continue;
      for (size_t B : It->second)
        if (!BasePaired[B] && (!SameFileOnly || Base[B].loc.file == Head[H].loc.file)) {
          BasePaired[B] = HeadPaired[H] = true;
          break;
        }
    }
  };
  Take(true);
  Take(false);
  return {std::move(BasePaired), std::move(HeadPaired)};
}

std::string joinPath(const std::string &Top, const std::string &Rel) {
  llvm::SmallString<256> P(Top);
  llvm::sys::path::append(P, Rel);
  llvm::sys::path::remove_dots(P, true);
  return P.str().str();
}

/// The change to analyze: its diff, and the revisions on both sides as overlays over the
/// working tree.
struct Change {
  std::string description;
  std::vector<FileDiff> files;
  Overlay base, head;
};

bool readPatch(const std::string &File, std::string &Text, std::string &Error) {
  if (File == "-") {
    Text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  auto Buf = llvm::MemoryBuffer::getFile(File);
  if (!Buf) {
    Error = File + ": cannot read the patch: " + Buf.getError().message();
    return false;
  }
  Text = (*Buf)->getBuffer().str();
  return true;
}

bool parseDiffText(const std::string &Name, const std::string &Text, Change &C,
                   std::string &Error) {
  DiffError DE;
  if (!parseUnifiedDiff(Text, C.files, DE)) {
    Error = Name + ":" + std::to_string(DE.line) + ": malformed diff: " + DE.message;
    return false;
  }
  return true;
}

/// Base side of a change between a commit and the working tree (or the index): every file
/// the diff names, as it is at Rev.
void overlayFromRevision(const std::string &Top, const std::string &Rev,
                         const std::vector<FileDiff> &Files, Overlay &Base) {
  for (const FileDiff &D : Files) {
    if (D.binary)
      continue;
    std::string NewAbs = joinPath(Top, D.newPath), OldAbs = joinPath(Top, D.oldPath);
    if (D.status == FileDiff::Added) {
      Base[NewAbs] = std::nullopt;
      continue;
    }
    std::optional<std::string> Old = gitShow(Top, Rev, D.oldPath);
    Base[OldAbs] = Old;
    // A renamed unit is analyzed under its new name with its old content, so that its
    // findings match by fingerprint.
    if (D.status == FileDiff::Renamed || D.status == FileDiff::Copied)
      Base[NewAbs] = Old;
  }
}

bool changeFromGit(const DiffOptions &O, const std::string &Top, Change &C, std::string &Error) {
  // Every file as text, never through a diff driver or textconv: a pull request's own
  // .gitattributes (`*.cpp -diff`, a NUL byte) must not turn its sources into "binary".
  const std::vector<std::string> DiffFlags = {
      "--no-color", "--no-ext-diff",   "--no-textconv",  "--text", "-U0",
      "-M",         "--src-prefix=a/", "--dst-prefix=b/"};
  if (O.mode == DiffOptions::Mode::Base) {
    GitResult MB = runGit(Top, {"merge-base", O.baseRev, "HEAD"});
    if (!MB.ok()) {
      Error = "cannot find the merge base of '" + O.baseRev + "' and HEAD: " + MB.firstErrorLine();
      return false;
    }
    std::string Base = MB.out.substr(0, MB.out.find('\n'));
    std::vector<std::string> Args{"diff"};
    Args.insert(Args.end(), DiffFlags.begin(), DiffFlags.end());
    Args.push_back(Base);
    Args.push_back("--");
    GitResult D = runGit(Top, Args);
    if (!D.ok()) {
      Error = "git diff failed: " + D.firstErrorLine();
      return false;
    }
    C.description = "changes since " + O.baseRev + " (merge base " + Base.substr(0, 12) +
                    "), working tree included";
    if (!parseDiffText("git diff " + Base.substr(0, 12), D.out, C, Error))
      return false;
    overlayFromRevision(Top, Base, C.files, C.base);
    return true;
  }
  // --staged: head is the index, base is HEAD.
  std::vector<std::string> Args{"diff", "--cached"};
  Args.insert(Args.end(), DiffFlags.begin(), DiffFlags.end());
  Args.push_back("--");
  GitResult D = runGit(Top, Args);
  if (!D.ok()) {
    Error = "git diff --cached failed: " + D.firstErrorLine();
    return false;
  }
  C.description = "changes staged for the next commit";
  if (!parseDiffText("git diff --cached", D.out, C, Error))
    return false;
  bool HasHead = runGit(Top, {"rev-parse", "--verify", "-q", "HEAD"}).ok();
  // Files whose working-tree content differs from the index: analyze the index's.
  GitResult Unstaged = runGit(Top, {"diff", "--name-only", "-z", "--no-renames"});
  for (const std::string &Rel : splitNul(Unstaged.out))
    C.head[joinPath(Top, Rel)] = gitShow(Top, "", Rel);
  for (const FileDiff &F : C.files)
    if (F.status == FileDiff::Deleted)
      C.head[joinPath(Top, F.oldPath)] = std::nullopt;
  // Base: HEAD for every file that differs from the working tree in either way.
  std::set<std::string> Paths;
  GitResult All =
      runGit(Top, {"diff", "--name-only", "-z", "--no-renames", HasHead ? "HEAD" : "--cached"});
  for (const std::string &Rel : splitNul(All.out))
    Paths.insert(Rel);
  for (const FileDiff &F : C.files) {
    Paths.insert(F.newPath);
    Paths.insert(F.oldPath);
  }
  for (const std::string &Rel : Paths)
    C.base[joinPath(Top, Rel)] = HasHead ? gitShow(Top, "HEAD", Rel) : std::nullopt;
  for (const FileDiff &F : C.files)
    if ((F.status == FileDiff::Renamed || F.status == FileDiff::Copied) && HasHead)
      C.base[joinPath(Top, F.newPath)] = gitShow(Top, "HEAD", F.oldPath);
  return true;
}

bool changeFromPatch(const DiffOptions &O, const std::string &Top, Change &C, std::string &Error) {
  std::string Text;
  if (!readPatch(O.patchFile, Text, Error))
    return false;
  std::string Name = O.patchFile == "-" ? "<stdin>" : O.patchFile;
  if (!parseDiffText(Name, Text, C, Error))
    return false;
  // (an empty patch is an empty change; text with no file header was refused above)
  C.description = "the change in " + Name +
                  " (the working tree holds it; the base is the "
                  "working tree with the patch reversed)";
  for (const FileDiff &D : C.files) {
    if (D.binary)
      continue;
    std::string NewAbs = joinPath(Top, D.newPath), OldAbs = joinPath(Top, D.oldPath);
    if (D.status == FileDiff::Added) {
      C.base[NewAbs] = std::nullopt;
      continue;
    }
    std::string Old;
    if (D.status == FileDiff::Deleted) {
      for (const Hunk &H : D.hunks)
        for (const std::string &L : H.lines)
          if (L[0] == '-')
            Old += L.substr(1) + "\n";
      C.base[OldAbs] = Old;
      continue;
    }
    std::optional<std::string> New = readRevisionFile(NewAbs, nullptr);
    if (!New) {
      Error = Name + ": " + D.newPath + " is not in the working tree (apply the patch first)";
      return false;
    }
    std::string Why;
    if (!reverseApply(D, *New, Old, Why)) {
      Error = Name + ": " + D.newPath + ": " + Why;
      return false;
    }
    C.base[NewAbs] = Old;
    if (D.status == FileDiff::Renamed)
      C.base[OldAbs] = Old;
  }
  return true;
}

/// Functions of a revision that the change touched: a changed line inside their body.
std::vector<const FunctionFact *>
touchedFunctions(const RevisionAnalysis &R,
                 const std::map<std::string, std::set<unsigned>> &Lines) {
  std::vector<const FunctionFact *> Out;
  for (const FunctionFact *F : R.model->functions()) {
    auto It = Lines.find(F->loc.file);
    if (It == Lines.end())
      continue;
    auto L = It->second.lower_bound(F->loc.line);
    if (L != It->second.end() && *L <= std::max(F->endLine, F->loc.line))
      Out.push_back(F);
  }
  return Out;
}

/// Is the finding in one of the touched functions: that function's name, inside its body?
/// (Names alone would match a same-named function in another file.)
bool inTouched(const Finding &X, const std::vector<const FunctionFact *> &Touched) {
  return std::any_of(Touched.begin(), Touched.end(), [&X](const FunctionFact *F) {
    return F->name == X.function && F->loc.file == X.loc.file && X.loc.line >= F->loc.line &&
           X.loc.line <= std::max(F->endLine, F->loc.line);
  });
}

/// How much of the program depends on G; "hot" as the rules see it (annotations and the
/// configurations' hot: globs).
ReachEntry reachOf(const ProgramModel &M, const FunctionFact &G,
                   const std::vector<std::string> &HotGlobs) {
  ReachEntry E;
  E.function = G.name;
  E.loc = G.loc;
  E.fromHot = isHotFunction(G, HotGlobs);
  auto Direct = M.callersOf(G);
  for (const auto &[F, S] : Direct)
    if (!F->isLambda || !S->calleeIsLambda)
      ++E.callSites;
  std::set<const FunctionFact *> Seen{&G};
  std::deque<const FunctionFact *> Work{&G};
  while (!Work.empty() && Seen.size() < 20000) {
    const FunctionFact *Cur = Work.front();
    Work.pop_front();
    for (const auto &[F, S] : M.callersOf(*Cur)) {
      if (S->loop >= 0)
        E.fromLoop = true;
      if (!E.fromHot && isHotFunction(*F, HotGlobs))
        E.fromHot = true;
      if (Seen.insert(F).second)
        Work.push_back(F);
    }
  }
  return E;
}

} // namespace

ScanOutcome runDiff(const DiffOptions &O) {
  auto Start = std::chrono::steady_clock::now();
  ScanOutcome Out;
  ScanReport &R = Out.report;
  std::optional<std::string> Top = gitTopLevel(O.cwd);
  if (!Top) {
    Out.fatal = O.cwd + ": not inside a git repository (riskgate diff compares revisions with git)";
    return Out;
  }
  R.rootDir = *Top;

  Change C;
  bool Ok = O.mode == DiffOptions::Mode::Patch ? changeFromPatch(O, *Top, C, Out.fatal)
                                               : changeFromGit(O, *Top, C, Out.fatal);
  if (!Ok)
    return Out;
  if (C.files.empty()) {
    // Nothing staged, an empty patch, a range with no change: one answer for all, and
    // nothing parsed.
    DiffSummary D;
    D.description = C.description + ": no file changed, nothing to analyze";
    D.failOn = O.failOn;
    D.score.explanation = {"= 0: the change is empty"};
    R.diff = std::move(D);
    return Out;
  }

  ScanOptions SO = O.scan;
  if (SO.buildDir.empty() && !SO.fixedArgs &&
      !llvm::sys::fs::exists(O.cwd + "/compile_commands.json") &&
      !llvm::sys::fs::exists(O.cwd + "/build/compile_commands.json")) {
    if (llvm::sys::fs::exists(*Top + "/compile_commands.json"))
      SO.buildDir = *Top;
    else if (llvm::sys::fs::exists(*Top + "/build/compile_commands.json"))
      SO.buildDir = *Top + "/build";
  }
  SO.rootDir = *Top;
  if (SO.untrusted) {
    // Untrusted mode trusts nothing of the change but its sources: every configuration the
    // change touched is read as the base revision has it.
    Overlay Pinned;
    for (const auto &[Path, Text] : C.base)
      if (llvm::sys::path::filename(Path) == ".riskgate.yaml")
        Pinned[Path] = Text;
    for (const FileDiff &F : C.files)
      if (F.status == FileDiff::Added && llvm::sys::path::filename(F.newPath) == ".riskgate.yaml")
        Pinned[joinPath(*Top, F.newPath)] = std::nullopt;
    SO.configOverlay = std::move(Pinned);
  }
  Baseline B;
  if (!SO.baselineFile.empty() &&
      !readBaseline(SO.baselineFile, B, Out.fatal, SO.untrusted ? &C.base : nullptr))
    return Out;
  Pipeline P;
  if (!preparePipeline(SO, P, Out.fatal)) {
    Out.warnings = P.warnings;
    return Out;
  }
  Out.warnings = P.warnings;
  // A submodule's new commit brings code riskgate does not see: say so.
  for (const FileDiff &F : C.files) {
    std::string From, To;
    for (const Hunk &H : F.hunks)
      for (const std::string &L : H.lines) {
        llvm::StringRef Line(L);
        if (Line.consume_front("-Subproject commit "))
          From = Line.take_front(12).str();
        else if (Line.consume_front("+Subproject commit "))
          To = Line.take_front(12).str();
      }
    if (!From.empty() || !To.empty())
      Out.warnings.push_back(
          F.newPath + ": submodule moved" + (From.empty() ? "" : " from " + From) +
          (To.empty() ? "" : " to " + To) + "; the code it brings is not analyzed (not seen)");
  }

  // A source file the change touches with no entry of its own (a new .cpp committed before
  // CMake re-ran): analyzed with the flags of the closest entry, and said.
  if (SO.files.empty())
    for (const FileDiff &F : C.files) {
      if (F.status == FileDiff::Deleted)
        continue;
      llvm::StringRef Ext = llvm::sys::path::extension(F.newPath);
      if (Ext != ".cpp" && Ext != ".cc" && Ext != ".cxx" && Ext != ".c" && Ext != ".C")
        continue;
      std::string Abs = joinPath(*Top, F.newPath);
      if (std::find(P.inputs.files.begin(), P.inputs.files.end(), Abs) != P.inputs.files.end())
        continue;
      size_t Before = P.inputs.borrowed.size();
      if (borrowCompileCommand(P.inputs, Abs) && P.inputs.borrowed.size() > Before)
        Out.warnings.push_back(P.inputs.borrowed.back());
    }

  std::vector<std::string> HeadFiles, BaseFiles;
  for (const std::string &F : P.inputs.files) {
    // A file neither revision overlays is the disk's in both: one stat for the two.
    auto InHead = C.head.find(F), InBase = C.base.find(F);
    bool OnDisk = (InHead == C.head.end() || InBase == C.base.end()) && llvm::sys::fs::exists(F);
    if (InHead == C.head.end() ? OnDisk : InHead->second.has_value())
      HeadFiles.push_back(F);
    if (InBase == C.base.end() ? OnDisk : InBase->second.has_value())
      BaseFiles.push_back(F);
  }
  // The hook's cost follows the change: with a current fact index, only the units the change
  // can affect are loaded (change/Slice.h), and only the findings that can differ compared.
  std::optional<DiffSlice> Slice;
  size_t ProgramUnits = HeadFiles.size();
  const Overlay *HeadOver = C.head.empty() ? nullptr : &C.head;
  if (!O.all && !O.wholeProgram && SO.files.empty() && !SO.fixedArgs && SO.factsInputs.empty()) {
    std::set<std::string> Changed;
    for (const FileDiff &F : C.files) {
      if (!F.newPath.empty())
        Changed.insert(joinPath(*Top, F.newPath));
      if (!F.oldPath.empty())
        Changed.insert(joinPath(*Top, F.oldPath));
    }
    Slice = sliceChange(P, Changed, HeadFiles, BaseFiles, HeadOver, &C.base);
  }
  if (Slice) {
    std::set<std::string> Units(Slice->units.begin(), Slice->units.end());
    auto Outside = [&Units](const std::string &F) { return Units.count(F) == 0; };
    HeadFiles.erase(std::remove_if(HeadFiles.begin(), HeadFiles.end(), Outside), HeadFiles.end());
    BaseFiles.erase(std::remove_if(BaseFiles.begin(), BaseFiles.end(), Outside), BaseFiles.end());
  }
  auto Head = analyzeRevision(P, HeadFiles, HeadOver, Slice ? &Slice->head : nullptr);
  auto Base = analyzeRevision(P, BaseFiles, &C.base, Slice ? &Slice->base : nullptr);
  if (Slice) {
    keepFocus(Head->findings, *Head->model, Slice->focus);
    keepFocus(Base->findings, *Base->model, Slice->focus);
  }
  if (P.index && SO.files.empty() && !SO.fixedArgs)
    P.index->prune(P.inputs.files);

  std::vector<Finding> HeadSuppressed, BaseSuppressed;
  std::vector<std::string> BaseWarnings;
  std::set<std::pair<std::string, unsigned>> Used;
  applySuppressions(Head->findings, HeadSuppressed, Out.warnings,
                    C.head.empty() ? nullptr : &C.head, *Top, &Used);
  {
    // Suppressions that silence nothing, in the files the change touched (as the change
    // leaves them).
    std::vector<std::string> Changed;
    for (const FileDiff &F : C.files)
      if (F.status != FileDiff::Deleted)
        Changed.push_back(joinPath(*Top, F.newPath));
    R.unusedSuppressions =
        unusedSuppressions(Changed, Used, P.rules, &P.configs, C.head.empty() ? nullptr : &C.head);
  }
  applySuppressions(Base->findings, BaseSuppressed, BaseWarnings, &C.base, *Top);
  mergeSites(Head->findings); // one diagnostic per site on each side, then compared
  mergeSites(Base->findings);

  // Changed lines in the head (added lines and deletion points), by absolute path.
  std::map<std::string, std::set<unsigned>> HeadLines;
  DiffSummary D;
  D.description = C.description;
  D.failOn = O.failOn;
  for (const FileDiff &F : C.files) {
    D.changedFiles.push_back(F.status == FileDiff::Deleted ? F.oldPath : F.newPath);
    if (F.status != FileDiff::Deleted) {
      auto &L = HeadLines[joinPath(*Top, F.newPath)];
      for (unsigned N : F.addedLines())
        L.insert(N);
      for (unsigned N : F.deletionPoints())
        L.insert(N);
    }
  }
  // A deletion leaves a deletion point in the head's lines: the head's touched functions
  // are every function the change touched that still exists.
  std::vector<const FunctionFact *> TouchedHead = touchedFunctions(*Head, HeadLines);

  const auto [BasePaired, HeadPaired] = pairFindings(Base->findings, Head->findings);
  std::set<std::string> BaseIdentities;
  for (const Finding &F : Base->findings)
    BaseIdentities.insert(identityOf(F));
  for (size_t I = 0; I < Head->findings.size(); ++I)
    Head->findings[I].status = HeadPaired[I] ? "preexisting" : "introduced";
  if (!SO.baselineFile.empty())
    applyBaseline(Head->findings, Head->findings, B, Out.warnings);
  for (Finding &F : Head->findings) {
    if (F.status == "introduced")
      ++D.introduced;
    else
      ++D.preexisting;
    if (O.all || F.status == "introduced" || inTouched(F, TouchedHead))
      R.findings.push_back(std::move(F));
    else
      ++D.hiddenPreexisting;
  }
  for (size_t I = 0; I < Base->findings.size(); ++I) {
    if (BasePaired[I])
      continue;
    Finding &F = Base->findings[I];
    F.status = "fixed";
    ++D.fixed;
    R.findings.push_back(std::move(F));
  }
  std::stable_sort(R.findings.begin(), R.findings.end(), [](const Finding &A, const Finding &B) {
    auto Rank = [](const std::string &S) {
      return S == "introduced" ? 0 : S == "preexisting" ? 1 : 2;
    };
    return Rank(A.status) < Rank(B.status);
  });
  for (Finding &F : HeadSuppressed)
    F.status = BaseIdentities.count(identityOf(F)) ? "preexisting" : "introduced";
  R.suppressed = std::move(HeadSuppressed);

  std::set<std::string> ReachSeen;
  for (const FunctionFact *F : TouchedHead)
    if (!F->isLambda && ReachSeen.insert(F->usr).second)
      D.reach.push_back(reachOf(*Head->model, *F, P.configs.hotGlobs()));
  std::sort(D.reach.begin(), D.reach.end(),
            [](const ReachEntry &A, const ReachEntry &B) { return A.function < B.function; });
  D.score = computeRiskScore(R.findings, D.reach, *Top);
  if (Slice) {
    D.sliceUnits = HeadFiles.size();
    D.programUnits = ProgramUnits;
  }
  R.diff = std::move(D);

  for (const TuFacts &U : Head->units)
    R.errors.insert(R.errors.end(), U.errors.begin(), U.errors.end());
  R.droppedFlags = Head->droppedFlags;
  R.droppedFlags.insert(Base->droppedFlags.begin(), Base->droppedFlags.end());
  Out.warnings.insert(Out.warnings.end(), Head->warnings.begin(), Head->warnings.end());
  R.stats.sqlSkipped = Head->sqlSkipped;
  std::set<std::string> Unknown = Head->unknownFlags;
  Unknown.insert(Base->unknownFlags.begin(), Base->unknownFlags.end());
  R.stats.unknownFlags.assign(Unknown.begin(), Unknown.end());
  RunStatistics &S = R.stats;
  S.units = HeadFiles.size();
  S.programUnits = Slice ? ProgramUnits : 0;
  S.fromFacts = !SO.factsInputs.empty();
  S.parsed = Head->extract.parsed + Base->extract.parsed;
  S.reused = Head->extract.reused + Base->extract.reused;
  S.sharedPrefixes = Head->extract.sharedPrefixes + Base->extract.sharedPrefixes;
  S.sharedUnits = Head->extract.sharedUnits + Base->extract.sharedUnits;
  S.unsharedUnits = Head->extract.unsharedUnits + Base->extract.unsharedUnits;
  S.failed = Head->extract.failed;
  S.functions = Head->model->stats().functions;
  S.callEdges = Head->model->stats().callEdges;
  S.unresolvedCalls = Head->model->stats().unresolvedCalls;
  S.virtualCalls = Head->model->stats().virtualCalls;
  S.extractSeconds = Head->extract.seconds + Base->extract.seconds;
  S.modelSeconds = Head->modelSeconds + Base->modelSeconds;
  S.rulesSeconds = Head->rulesSeconds + Base->rulesSeconds;
  S.totalSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
  return Out;
}

} // namespace riskgate
