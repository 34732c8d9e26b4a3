#include "facts/SharedPrefix.h"

#include "clang/AST/Decl.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/Utils.h"
#include "clang/Lex/HeaderSearchOptions.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace riskgate {
namespace {

std::string absoluteIn(llvm::StringRef Path, llvm::StringRef Directory) {
  llvm::SmallString<256> P(Path);
  if (!llvm::sys::path::is_absolute(P)) {
    llvm::SmallString<256> D(Directory);
    llvm::sys::path::append(D, P);
    P = D;
  }
  llvm::sys::path::remove_dots(P, true);
  std::string S = P.str().str();
  while (S.size() > 1 && S.back() == '/')
    S.pop_back();
  return S;
}

/// Diagnostics of the driver and of the PCH's parse: counted, not printed.
class CountErrors : public clang::DiagnosticConsumer {
public:
  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level >= clang::DiagnosticsEngine::Error && First.empty()) {
      llvm::SmallString<128> Text;
      Info.FormatDiagnostic(Text);
      First = Text.str().str();
    }
  }
  std::string First;
};

std::shared_ptr<clang::CompilerInvocation> invocationFor(const std::vector<std::string> &Command,
                                                         const std::string &Directory,
                                                         clang::DiagnosticConsumer &Diags) {
  std::vector<const char *> Argv;
  for (const std::string &A : Command)
    Argv.push_back(A.c_str());
  Argv.push_back("-fsyntax-only");
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS = llvm::vfs::createPhysicalFileSystem();
  FS->setCurrentWorkingDirectory(Directory);
  clang::CreateInvocationOptions O;
  O.Diags = clang::CompilerInstance::createDiagnostics(new clang::DiagnosticOptions, &Diags,
                                                       /*ShouldOwnClient=*/false);
  O.VFS = FS;
  std::unique_ptr<clang::CompilerInvocation> Inv = clang::createInvocation(Argv, O);
  if (!Inv || Inv->getFrontendOpts().Inputs.size() != 1)
    return nullptr;
  return std::shared_ptr<clang::CompilerInvocation>(std::move(Inv));
}

/// A command that already puts something before the unit, or reads Clang modules (whose
/// module maps change what an include does), shares nothing. (LangOptions::Modules is on for
/// every C++20 unit: the module maps are what says Clang modules are in use.)
bool sharable(const clang::CompilerInvocation &Inv) {
  const clang::PreprocessorOptions &PP = Inv.getPreprocessorOpts();
  const clang::FrontendOptions &FO = Inv.getFrontendOpts();
  const clang::HeaderSearchOptions &HS = Inv.getHeaderSearchOpts();
  return PP.Includes.empty() && PP.MacroIncludes.empty() && PP.ImplicitPCHInclude.empty() &&
         !HS.ImplicitModuleMaps && FO.ModuleMapFiles.empty() && FO.ModuleFiles.empty() &&
         HS.PrebuiltModuleFiles.empty() && !Inv.getLangOpts().ObjC;
}

// ---------------------------------------------------------------------------------------
// The scan: directives read as text, enough of the code between them to know the brace
// depth. Anything it does not understand ends the prefix, which is always safe.

class Scanner {
public:
  Scanner(const HeaderPaths &Paths, const Overlay *Files) : Paths(Paths), Files(Files) {}

  std::vector<PrefixHeader> run(const std::string &Main) {
    Entered.insert(Main);
    scanFile(Main, /*IsMain=*/true, 0);
    return std::move(Out);
  }

private:
  const HeaderPaths &Paths;
  const Overlay *Files;
  std::vector<PrefixHeader> Out;
  std::set<std::string> Library, Entered, Guarded;
  int Depth = 0; // braces open in project code

  bool read(const std::string &Path, std::string &Text) {
    if (Files) {
      auto It = Files->find(Path);
      if (It != Files->end()) {
        if (!It->second)
          return false;
        Text = *It->second;
        return true;
      }
    }
    auto Buf =
        llvm::MemoryBuffer::getFile(Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
    if (!Buf || (*Buf)->getBufferSize() > (8u << 20))
      return false;
    Text = (*Buf)->getBuffer().str();
    return true;
  }

  std::string find(llvm::StringRef Name, bool Angled, llvm::StringRef Includer) {
    auto Try = [&](llvm::StringRef Dir) -> std::string {
      llvm::SmallString<256> P(Dir);
      llvm::sys::path::append(P, Name);
      if (llvm::sys::fs::is_regular_file(P))
        return absoluteIn(P, "/");
      return "";
    };
    if (llvm::sys::path::is_absolute(Name))
      return llvm::sys::fs::is_regular_file(Name) ? absoluteIn(Name, "/") : "";
    if (!Angled) {
      if (std::string F = Try(llvm::sys::path::parent_path(Includer)); !F.empty())
        return F;
      for (const std::string &D : Paths.quoted)
        if (std::string F = Try(D); !F.empty())
          return F;
    }
    for (const auto *List : {&Paths.angled, &Paths.system})
      for (const std::string &D : *List)
        if (std::string F = Try(D); !F.empty())
          return F;
    return "";
  }

  /// One logical line of a directive starting at I (just after '#'): continuations joined,
  /// comments removed. I ends after its newline.
  static std::string directiveLine(const std::string &T, size_t &I) {
    std::string L;
    while (I < T.size() && T[I] != '\n') {
      if (T[I] == '\\' && I + 1 < T.size() && T[I + 1] == '\n') {
        I += 2;
        continue;
      }
      if (T[I] == '/' && I + 1 < T.size() && T[I + 1] == '/') {
        while (I < T.size() && T[I] != '\n')
          ++I;
        break;
      }
      if (T[I] == '/' && I + 1 < T.size() && T[I + 1] == '*') {
        size_t E = T.find("*/", I + 2);
        I = E == std::string::npos ? T.size() : E + 2;
        L += ' ';
        continue;
      }
      L += T[I++];
    }
    if (I < T.size())
      ++I;
    return L;
  }

  static llvm::StringRef word(llvm::StringRef &S) {
    S = S.ltrim();
    size_t N = 0;
    while (N < S.size() && (llvm::isAlnum(S[N]) || S[N] == '_'))
      ++N;
    llvm::StringRef W = S.take_front(N);
    S = S.drop_front(N).ltrim();
    return W;
  }

  /// Skips code from I to the next line that starts with '#', tracking braces. False when
  /// the code cannot be followed (an unterminated literal or comment).
  bool skipCode(const std::string &T, size_t &I, bool &AtLineStart) {
    while (I < T.size()) {
      char C = T[I];
      if (C == '\n') {
        AtLineStart = true;
        ++I;
        continue;
      }
      if (C == ' ' || C == '\t' || C == '\r' || C == '\f' || C == '\v') {
        ++I;
        continue;
      }
      if (C == '\\' && I + 1 < T.size() && T[I + 1] == '\n') {
        I += 2;
        continue;
      }
      if (C == '/' && I + 1 < T.size() && T[I + 1] == '/') {
        while (I < T.size() && T[I] != '\n') {
          if (T[I] == '\\' && I + 1 < T.size() && T[I + 1] == '\n')
            ++I;
          ++I;
        }
        continue;
      }
      if (C == '/' && I + 1 < T.size() && T[I + 1] == '*') {
        size_t E = T.find("*/", I + 2);
        if (E == std::string::npos)
          return false;
        I = E + 2;
        continue;
      }
      if (C == '#' && AtLineStart)
        return true;
      AtLineStart = false;
      if (llvm::isAlpha(C) || C == '_') {
        size_t S = I;
        while (I < T.size() && (llvm::isAlnum(T[I]) || T[I] == '_'))
          ++I;
        llvm::StringRef Id(T.data() + S, I - S);
        if (I < T.size() && T[I] == '"' && Id.ends_with("R") &&
            (Id == "R" || Id == "LR" || Id == "uR" || Id == "UR" || Id == "u8R")) {
          size_t Open = T.find('(', I + 1);
          if (Open == std::string::npos || Open - I > 17)
            return false;
          std::string End = ")" + T.substr(I + 1, Open - I - 1) + "\"";
          size_t E = T.find(End, Open + 1);
          if (E == std::string::npos)
            return false;
          I = E + End.size();
        }
        continue;
      }
      if (llvm::isDigit(C) || (C == '.' && I + 1 < T.size() && llvm::isDigit(T[I + 1]))) {
        // A pp-number, digit separators and exponent signs included.
        ++I;
        while (I < T.size()) {
          char D = T[I];
          if ((D == '+' || D == '-') &&
              (T[I - 1] == 'e' || T[I - 1] == 'E' || T[I - 1] == 'p' || T[I - 1] == 'P')) {
            ++I;
            continue;
          }
          if (llvm::isAlnum(D) || D == '_' || D == '.' ||
              (D == '\'' && I + 1 < T.size() && llvm::isAlnum(T[I + 1]))) {
            ++I;
            continue;
          }
          break;
        }
        continue;
      }
      if (C == '"' || C == '\'') {
        ++I;
        while (I < T.size() && T[I] != C) {
          if (T[I] == '\n')
            return false;
          I += T[I] == '\\' ? 2 : 1;
        }
        if (I >= T.size())
          return false;
        ++I;
        continue;
      }
      if (C == '{')
        ++Depth;
      if (C == '}' && --Depth < 0)
        return false;
      ++I;
    }
    return true;
  }

  /// False when the prefix ends inside this file (Stop says where and why).
  bool scanFile(const std::string &Path, bool IsMain, int Nesting) {
    std::string T;
    if (Nesting > 64 || !read(Path, T))
      return stop(Path, "", 0, "cannot read the file, or includes nest too deep");
    size_t I = 0;
    if (llvm::StringRef(T).starts_with("\xEF\xBB\xBF"))
      I = 3; // a UTF-8 byte order mark, which Clang skips
    bool AtLineStart = true;
    int Directives = 0, OnceLines = 0; // directives so far, `#pragma once` lines opening the file
    std::string GuardName;             // an #ifndef that opened the file, until its #define
    int Open = 0;                      // the include guard's conditional, once confirmed
    for (;;) {
      if (!skipCode(T, I, AtLineStart))
        return stop(Path, T, I, "code the scan cannot follow");
      if (I >= T.size())
        return Open == 0 || stop(Path, T, I, "an unterminated include guard");
      size_t At = I++; // '#'
      std::string Line = directiveLine(T, I);
      AtLineStart = true;
      llvm::StringRef Rest(Line);
      llvm::StringRef Name = word(Rest);
      ++Directives;
      if (Name.empty() && Rest.empty())
        continue; // the null directive
      if (!GuardName.empty()) {
        // The directive after a file's first #ifndef must define the same name, empty.
        llvm::StringRef Defined = Name == "define" ? word(Rest) : "";
        if (Defined != GuardName || !Rest.empty())
          return stop(Path, T, At, "a conditional that is not an include guard");
        GuardName.clear();
        Open = 1;
        Guarded.insert(Path);
        continue;
      }
      if (Name == "pragma") {
        if (word(Rest) != "once" || !Rest.empty())
          return stop(Path, T, At, "a pragma");
        Guarded.insert(Path);
        OnceLines += Directives == OnceLines + 1;
        continue;
      }
      if (Name == "ifndef" && !IsMain && Directives == OnceLines + 1 && Depth == 0) {
        GuardName = word(Rest).str();
        if (GuardName.empty() || !Rest.empty())
          return stop(Path, T, At, "a conditional that is not an include guard");
        continue;
      }
      if (Name == "endif" && Open == 1) {
        Open = 0;
        continue;
      }
      if (Name != "include") // #define, #if..., #include_next, #import, #line, #error...
        return stop(Path, T, At, "#" + Name.str());
      if (Depth != 0)
        return stop(Path, T, At, "an include inside braces");
      bool Angled = Rest.starts_with("<");
      if (Rest.size() < 3 || (!Angled && !Rest.starts_with("\"")))
        return stop(Path, T, At, "a macro names the header");
      size_t E = Rest.find(Angled ? '>' : '"', 1);
      if (E == llvm::StringRef::npos || !Rest.drop_front(E + 1).trim().empty())
        return stop(Path, T, At, "a malformed include");
      llvm::StringRef Spelled = Rest.slice(1, E);
      std::string Found = find(Spelled, Angled, Path);
      if (Found.empty())
        return stop(Path, T, At, "a header not found");
      if (insideAny(Found, Paths.library)) {
        // Written as <...> in the PCH's header: a quoted name must find the same file so.
        if (!Angled && find(Spelled, true, Path) != Found)
          return stop(Path, T, At, "a library header named in quotes");
        if (Library.insert(Found).second)
          Out.push_back({Spelled.str(), Found});
        continue;
      }
      if (Entered.count(Found)) {
        if (Guarded.count(Found))
          continue;
        return stop(Path, T, At, "a project header without a guard, included again");
      }
      Entered.insert(Found);
      if (!scanFile(Found, false, Nesting + 1))
        return false;
    }
  }

  bool stop(const std::string &Path, const std::string &T, size_t At, const std::string &Why) {
    size_t Line = 1 + std::count(T.begin(), T.begin() + std::min(At, T.size()), '\n');
    Stop = Path + ":" + std::to_string(Line) + ": " + Why;
    return false;
  }

public:
  std::string Stop = "the end of the unit";
};

// ---------------------------------------------------------------------------------------

class RecordIncludes : public clang::PPCallbacks {
public:
  RecordIncludes(clang::SourceManager &SM, std::vector<std::string> &Found)
      : SM(SM), Found(Found) {}
  void InclusionDirective(clang::SourceLocation HashLoc, const clang::Token &, llvm::StringRef,
                          bool, clang::CharSourceRange, clang::OptionalFileEntryRef File,
                          llvm::StringRef, llvm::StringRef, const clang::Module *, bool,
                          clang::SrcMgr::CharacteristicKind) override {
    if (!SM.isWrittenInMainFile(HashLoc))
      return;
    llvm::SmallString<256> P(File ? File->getName() : "");
    if (File)
      SM.getFileManager().makeAbsolutePath(P);
    Found.push_back(absoluteIn(P, "/"));
  }

private:
  clang::SourceManager &SM;
  std::vector<std::string> &Found;
};

class PrefixPchAction : public clang::GeneratePCHAction {
public:
  explicit PrefixPchAction(SharedPrefix &Prefix) : Prefix(Prefix) {}
  bool BeginSourceFileAction(clang::CompilerInstance &CI) override {
    CI.getPreprocessor().addPPCallbacks(
        std::make_unique<RecordIncludes>(CI.getSourceManager(), Prefix.found));
    return GeneratePCHAction::BeginSourceFileAction(CI);
  }
  void EndSourceFileAction() override {
    // The files a unit's own parse would have listed among its project inputs (see
    // Extractor::collectIncludes): Clang's user characteristic, the PCH's header aside.
    clang::CompilerInstance &CI = getCompilerInstance();
    clang::SourceManager &SM = CI.getSourceManager();
    std::set<std::string> Seen;
    for (unsigned I = 0, N = SM.local_sloc_entry_size(); I < N; ++I) {
      const clang::SrcMgr::SLocEntry &E = SM.getLocalSLocEntry(I);
      if (!E.isFile() || E.getFile().getFileCharacteristic() != clang::SrcMgr::C_User)
        continue;
      if (auto FE = E.getFile().getContentCache().OrigEntry) {
        if (FE == SM.getFileEntryForID(SM.getMainFileID()))
          continue;
        llvm::SmallString<256> Path(FE->getName());
        SM.getFileManager().makeAbsolutePath(Path);
        llvm::sys::path::remove_dots(Path, true);
        Seen.insert(Path.str().str());
      }
    }
    Seen.insert(Prefix.userFiles.begin(), Prefix.userFiles.end());
    Prefix.userFiles.assign(Seen.begin(), Seen.end());
    GeneratePCHAction::EndSourceFileAction();
  }

private:
  SharedPrefix &Prefix;
};

class Checker : public clang::PPCallbacks {
public:
  Checker(clang::CompilerInstance &CI, std::vector<std::string> Expected,
          const std::vector<std::string> &Library, PrefixCheck &R)
      : PP(CI.getPreprocessor()), SM(CI.getSourceManager()), Expected(std::move(Expected)),
        Library(Library), R(R) {
    R.held = false;
    if (this->Expected.empty()) {
      Done = true;
      return;
    }
    // The braces the unit has opened when a library include comes: a macro can open a
    // namespace or an extern "C" block that a scan of the text does not see. Every token
    // before the prefix's last header is the unit's own or its project headers'.
    PP.setTokenWatcher([this](const clang::Token &T) {
      if (T.is(clang::tok::l_brace))
        ++Braces;
      else if (T.is(clang::tok::r_brace))
        --Braces;
    });
  }

  void InclusionDirective(clang::SourceLocation HashLoc, const clang::Token &IncludeTok,
                          llvm::StringRef, bool, clang::CharSourceRange,
                          clang::OptionalFileEntryRef File, llvm::StringRef, llvm::StringRef,
                          const clang::Module *, bool, clang::SrcMgr::CharacteristicKind) override {
    clang::FileID F;
    if (pragmaPending() || !project(HashLoc, F))
      return;
    if (Pending.count(F))
      return fail("an include under a conditional");
    if (!IncludeTok.getIdentifierInfo() || IncludeTok.getIdentifierInfo()->getName() != "include")
      return fail("an #include_next or #import");
    if (!File)
      return fail("an include that was not found");
    llvm::SmallString<256> P(File->getName());
    SM.getFileManager().makeAbsolutePath(P);
    std::string Path = absoluteIn(P, "/");
    if (!insideAny(Path, Library) || Matched.count(Path))
      return;
    if (Braces != 0)
      return fail("a library include inside braces");
    if (Path != Expected[Matched.size()])
      return fail("the unit includes '" + Path + "' where the prefix has '" +
                  Expected[Matched.size()] + "'");
    Matched.insert(Path);
    if (Matched.size() == Expected.size()) {
      Done = true;
      R.held = true;
      PP.setTokenWatcher(nullptr);
    }
  }
  void MacroDefined(const clang::Token &Name, const clang::MacroDirective *MD) override {
    clang::FileID F;
    if (pragmaPending() || !project(Name.getLocation(), F))
      return;
    auto It = Pending.find(F);
    const clang::MacroInfo *MI = MD ? MD->getMacroInfo() : nullptr;
    if (It != Pending.end() && Name.getIdentifierInfo() &&
        It->second == Name.getIdentifierInfo()->getName() && MI && MI->getNumTokens() == 0 &&
        !MI->isFunctionLike()) {
      Pending.erase(It);
      return;
    }
    fail("a macro defined before the prefix's last header");
  }
  void MacroUndefined(const clang::Token &Name, const clang::MacroDefinition &,
                      const clang::MacroDirective *) override {
    clang::FileID F;
    if (!pragmaPending() && project(Name.getLocation(), F))
      fail("a macro undefined before the prefix's last header");
  }
  void Ifndef(clang::SourceLocation Loc, const clang::Token &Name,
              const clang::MacroDefinition &) override {
    clang::FileID F;
    if (pragmaPending() || !project(Loc, F))
      return;
    if (Pending.count(F) || !Name.getIdentifierInfo())
      return fail("a conditional before the prefix's last header");
    Pending[F] = Name.getIdentifierInfo()->getName().str();
  }
  void If(clang::SourceLocation Loc, clang::SourceRange, ConditionValueKind) override {
    conditional(Loc);
  }
  void Elif(clang::SourceLocation Loc, clang::SourceRange, ConditionValueKind,
            clang::SourceLocation) override {
    conditional(Loc);
  }
  void Ifdef(clang::SourceLocation Loc, const clang::Token &,
             const clang::MacroDefinition &) override {
    conditional(Loc);
  }
  void Else(clang::SourceLocation Loc, clang::SourceLocation) override { conditional(Loc); }
  void Endif(clang::SourceLocation Loc, clang::SourceLocation) override {
    clang::FileID F;
    if (!pragmaPending() && project(Loc, F) && Pending.count(F))
      fail("a conditional before the prefix's last header");
  }
  void PragmaDirective(clang::SourceLocation Loc, clang::PragmaIntroducerKind Introducer) override {
    clang::FileID F;
    if (Done || !project(Loc, F) || pragmaPending())
      return;
    if (Introducer == clang::PIK_HashPragma) {
      bool Invalid = false;
      llvm::StringRef Text = SM.getCharacterData(SM.getSpellingLoc(Loc), &Invalid);
      if (!Invalid) {
        Text = Text.take_until([](char C) { return C == '\n'; });
        Text = Text.ltrim().drop_while([](char C) { return C == '#'; }).ltrim();
        if (Text.consume_front("pragma")) {
          Text = Text.ltrim();
          if (Text.consume_front("once") &&
              (Text.empty() || !(llvm::isAlnum(Text.front()) || Text.front() == '_')))
            return;
        }
      }
    }
    // Decided by the pragma's own callback, which comes next: a diagnostic pragma (as Qt's
    // Q_OBJECT expands to) changes no declaration; any other might (pack, visibility...).
    PragmaPending = true;
  }
  void PragmaDiagnosticPush(clang::SourceLocation, llvm::StringRef) override { benign(); }
  void PragmaDiagnosticPop(clang::SourceLocation, llvm::StringRef) override { benign(); }
  void PragmaDiagnostic(clang::SourceLocation, llvm::StringRef, clang::diag::Severity,
                        llvm::StringRef) override {
    benign();
  }
  void PragmaWarning(clang::SourceLocation, PragmaWarningSpecifier, llvm::ArrayRef<int>) override {
    benign();
  }
  void PragmaWarningPush(clang::SourceLocation, int) override { benign(); }
  void PragmaWarningPop(clang::SourceLocation) override { benign(); }
  void PragmaMessage(clang::SourceLocation, llvm::StringRef, PragmaMessageKind,
                     llvm::StringRef) override {
    benign();
  }
  void PragmaMark(clang::SourceLocation, llvm::StringRef) override { benign(); }

private:
  clang::Preprocessor &PP;
  clang::SourceManager &SM;
  std::vector<std::string> Expected;
  std::vector<std::string> Library;
  PrefixCheck &R;
  std::set<std::string> Matched;
  std::map<clang::FileID, std::string> Pending; // an #ifndef waiting for its guard's #define
  std::map<clang::FileID, bool> ProjectFile;
  bool Done = false;
  int Braces = 0;
  bool PragmaPending = false; // a pragma whose callback has not said it is harmless

  void benign() { PragmaPending = false; }
  /// A pragma before this event that no harmless pragma's callback claimed: fails.
  bool pragmaPending() {
    if (PragmaPending)
      fail("a pragma before the prefix's last header");
    return Done;
  }

  void fail(std::string Why) {
    if (Done)
      return;
    Done = true;
    PP.setTokenWatcher(nullptr);
    R.held = false;
    R.why = std::move(Why);
  }
  void conditional(clang::SourceLocation Loc) {
    clang::FileID F;
    if (!pragmaPending() && project(Loc, F))
      fail("a conditional before the prefix's last header");
  }
  /// A location in a file of the project (not a library's, not the command line's).
  bool project(clang::SourceLocation Loc, clang::FileID &F) {
    if (Loc.isInvalid())
      return false;
    F = SM.getFileID(SM.getExpansionLoc(Loc));
    auto It = ProjectFile.find(F);
    if (It != ProjectFile.end())
      return It->second;
    bool Project = false;
    if (auto FE = SM.getFileEntryRefForID(F)) {
      llvm::SmallString<256> P(FE->getName());
      SM.getFileManager().makeAbsolutePath(P);
      Project = !insideAny(absoluteIn(P, "/"), Library);
    }
    ProjectFile[F] = Project;
    return Project;
  }
};

} // namespace

bool insideAny(const std::string &Path, const std::vector<std::string> &Dirs) {
  for (const std::string &D : Dirs)
    if (Path.size() > D.size() && Path.compare(0, D.size(), D) == 0 && Path[D.size()] == '/')
      return true;
  return false;
}

bool headerPathsFor(const std::vector<std::string> &Command, const std::string &Directory,
                    HeaderPaths &Out) {
  CountErrors Diags;
  auto Inv = invocationFor(Command, Directory, Diags);
  if (!Inv || !sharable(*Inv))
    return false;
  const clang::HeaderSearchOptions &HS = Inv->getHeaderSearchOpts();
  bool Cxx = Inv->getLangOpts().CPlusPlus;
  std::set<std::string> System;
  for (const auto &E : HS.UserEntries) {
    if (E.IsFramework)
      continue;
    std::string P = E.Path;
    if (!E.IgnoreSysRoot && !HS.Sysroot.empty() && HS.Sysroot != "/" &&
        llvm::sys::path::is_absolute(P))
      P = HS.Sysroot + P;
    P = absoluteIn(P, Directory);
    switch (E.Group) {
    case clang::frontend::Quoted:
      Out.quoted.push_back(P);
      break;
    case clang::frontend::Angled:
      Out.angled.push_back(P);
      break;
    case clang::frontend::CSystem:
      if (!Cxx && System.insert(P).second)
        Out.system.push_back(P);
      break;
    case clang::frontend::CXXSystem:
      if (Cxx && System.insert(P).second)
        Out.system.push_back(P);
      break;
    case clang::frontend::ObjCSystem:
    case clang::frontend::ObjCXXSystem:
      break;
    default:
      if (System.insert(P).second)
        Out.system.push_back(P);
    }
  }
  // Clang drops a user folder that is also a system one: it is searched as a system folder.
  auto NotSystem = [&](const std::string &P) { return System.count(P) != 0; };
  Out.quoted.erase(std::remove_if(Out.quoted.begin(), Out.quoted.end(), NotSystem),
                   Out.quoted.end());
  Out.angled.erase(std::remove_if(Out.angled.begin(), Out.angled.end(), NotSystem),
                   Out.angled.end());
  Out.library = Out.system;
  Out.library.push_back(absoluteIn(HS.ResourceDir + "/include", Directory));
  return true;
}

std::vector<PrefixHeader> scanLibraryPrefix(const std::string &MainFile, const HeaderPaths &Paths,
                                            const Overlay *Files, std::string *Stop) {
  Scanner S(Paths, Files);
  std::vector<PrefixHeader> Out = S.run(absoluteIn(MainFile, "/"));
  if (Stop)
    *Stop = S.Stop;
  return Out;
}

namespace {

/// One link of the chain: the PCH of Headers over Base (the previous link's PCH, or none).
std::string buildLink(const std::vector<std::string> &Command, const std::string &Directory,
                      const std::vector<PrefixHeader> &Headers, const std::string &Base,
                      const std::string &Stem, SharedPrefix &Prefix,
                      const std::function<void(const std::string &)> &Creating) {
  CountErrors Diags;
  auto Inv = invocationFor(Command, Directory, Diags);
  if (!Inv || !sharable(*Inv))
    return "the command makes no invocation";
  std::string Header = Stem + ".h", Pch = Stem + ".pch";
  Creating(Header);
  Creating(Pch);
  {
    std::string Text;
    for (const PrefixHeader &H : Headers)
      Text += "#include <" + H.spelled + ">\n";
    std::error_code EC;
    llvm::raw_fd_ostream OS(Header, EC);
    if (EC)
      return "cannot write " + Header + ": " + EC.message();
    OS << Text;
  }
  clang::FrontendOptions &FO = Inv->getFrontendOpts();
  clang::InputKind Kind = FO.Inputs.front().getKind().getHeader();
  FO.Inputs.clear();
  FO.Inputs.emplace_back(Header, Kind);
  FO.ProgramAction = clang::frontend::GeneratePCH;
  FO.OutputFile = Pch;
  FO.SkipFunctionBodies = true; // every body in it is a library's
  FO.DisableFree = false;
  Inv->getPreprocessorOpts().ImplicitPCHInclude = Base; // a chained PCH over the last link
  Inv->getDependencyOutputOpts() = clang::DependencyOutputOptions();
  Inv->getDiagnosticOpts().Warnings.push_back("no-everything");

  clang::CompilerInstance CI(std::make_shared<clang::PCHContainerOperations>());
  CI.setInvocation(Inv);
  CI.createDiagnostics(&Diags, /*ShouldOwnClient=*/false);
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS = llvm::vfs::createPhysicalFileSystem();
  FS->setCurrentWorkingDirectory(Directory);
  CI.createFileManager(FS);
  PrefixPchAction Action(Prefix);
  bool Ok = CI.ExecuteAction(Action);
  if (!Ok || Diags.getNumErrors())
    return Diags.First.empty() ? "the PCH could not be built" : Diags.First;
  Prefix.pchPath = Pch;
  return "";
}

} // namespace

std::string buildPrefixPch(const std::vector<std::string> &Command, const std::string &Directory,
                           const std::string &Stem, SharedPrefix &Prefix,
                           const std::function<void(const std::string &)> &Creating) {
  Prefix.found.clear();
  Prefix.userFiles.clear();
  Prefix.pchPath.clear();
  // Built as a chain of links of a few headers each, every link over the last: writing a
  // PCH holds its whole serialized form besides the AST, and a link only writes its own
  // headers, so building never needs more memory than parsing a unit does.
  std::string Base;
  for (size_t From = 0, Link = 0; From < Prefix.headers.size(); From += PrefixLinkHeaders, ++Link) {
    std::vector<PrefixHeader> Part(Prefix.headers.begin() + From,
                                   Prefix.headers.begin() +
                                       std::min(Prefix.headers.size(), From + PrefixLinkHeaders));
    std::string Error = buildLink(Command, Directory, Part, Base, Stem + "-" + std::to_string(Link),
                                  Prefix, Creating);
    if (!Error.empty()) {
      Prefix.pchPath.clear();
      return Error;
    }
    Base = Prefix.pchPath;
  }
  std::vector<std::string> Scanned;
  for (const PrefixHeader &H : Prefix.headers)
    Scanned.push_back(H.path);
  if (Prefix.found != Scanned) {
    Prefix.pchPath.clear();
    return "the prefix's headers resolved to other files than the scan found";
  }
  return "";
}

std::unique_ptr<clang::PPCallbacks> prefixChecker(clang::CompilerInstance &CI,
                                                  const std::vector<std::string> &Expected,
                                                  const std::vector<std::string> &LibraryDirs,
                                                  PrefixCheck &Result) {
  return std::make_unique<Checker>(CI, Expected, LibraryDirs, Result);
}

} // namespace riskgate
