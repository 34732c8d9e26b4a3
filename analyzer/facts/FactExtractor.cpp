#include "facts/FactExtractor.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>
#include <set>

namespace riskgate {
namespace {

using namespace clang;

/// Visits S and the statements below it in pre-order without recursion (the input shapes
/// the depth: a 30,000-operand `<<` chain is 30,000 levels). Visit returns false to skip a
/// statement's children. At most Budget statements are visited: every call in such a chain
/// walks its arguments, so an unbounded walk is quadratic in the chain's length. Returns
/// false when the budget ran out before the walk ended.
template <typename Fn> bool walkPreOrder(const Stmt *S, Fn Visit, size_t Budget = 4096) {
  llvm::SmallVector<const Stmt *, 32> Stack;
  if (S)
    Stack.push_back(S);
  while (!Stack.empty()) {
    if (Budget-- == 0)
      return false;
    const Stmt *Cur = Stack.pop_back_val();
    if (!Visit(Cur))
      continue;
    size_t Mark = Stack.size();
    for (const Stmt *C : Cur->children())
      if (C)
        Stack.push_back(C);
    std::reverse(Stack.begin() + Mark, Stack.end());
  }
  return true;
}

bool isComparison(BinaryOperatorKind Op) { return BinaryOperator::isComparisonOp(Op); }

/// Peels the wrappers that do not change which value an expression denotes.
const Expr *strip(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (auto *U = dyn_cast<UnaryOperator>(Next)) {
      if (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref) {
        E = U->getSubExpr();
        continue;
      }
    }
    if (auto *C = dyn_cast<ExplicitCastExpr>(Next)) {
      E = C->getSubExpr();
      continue;
    }
    if (auto *M = dyn_cast<MaterializeTemporaryExpr>(Next)) {
      E = M->getSubExpr();
      continue;
    }
    if (auto *B = dyn_cast<CXXBindTemporaryExpr>(Next)) {
      E = B->getSubExpr();
      continue;
    }
    if (auto *W = dyn_cast<ExprWithCleanups>(Next)) {
      E = W->getSubExpr();
      continue;
    }
    return Next;
  }
  return E;
}

/// Everything the facts stage needs about one translation unit while it walks it.
class Extractor {
public:
  Extractor(ASTContext &Ctx, const PackSet &Packs, TuFacts &Out)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Packs(Packs), Out(Out) {}

  ASTContext &Ctx;
  SourceManager &SM;
  const PackSet &Packs;
  TuFacts &Out;

  SourceLoc loc(SourceLocation L) {
    SourceLoc R;
    if (L.isInvalid())
      return R;
    L = SM.getFileLoc(L);
    FileID FID = SM.getFileID(L);
    R.file = fileName(FID);
    R.line = SM.getSpellingLineNumber(L);
    R.column = SM.getSpellingColumnNumber(L);
    return R;
  }

  std::string fileName(FileID FID) {
    if (FID.isInvalid()) // builtins and implicit declarations; also DenseMap's empty key
      return {};
    auto It = FileNames.find(FID);
    if (It != FileNames.end())
      return It->second;
    std::string Name;
    if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID)) {
      llvm::SmallString<256> Path(FE->getName());
      SM.getFileManager().makeAbsolutePath(Path);
      llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
      Name = Path.str().str();
    }
    FileNames[FID] = Name;
    return Name;
  }

  /// Is L in a library's header? Decided by where the file lives (the system include
  /// folders), never by what it says about itself: `#pragma clang system_header` and `# 1
  /// "f" 3` line markers would let a project file hide its code.
  bool inSystemHeader(SourceLocation L) {
    if (!L.isValid())
      return false;
    SourceLocation E = SM.getExpansionLoc(L);
    if (!SystemDirs)
      return SM.isInSystemHeader(E);
    std::string Name = fileName(SM.getFileID(E));
    if (Name.empty()) // builtins and the command line
      return SM.isInSystemHeader(E);
    auto It = SystemByFile.find(Name);
    if (It != SystemByFile.end())
      return It->second;
    bool System = false;
    for (const std::string &D : *SystemDirs)
      if (Name.size() > D.size() && Name.compare(0, D.size(), D) == 0 && Name[D.size()] == '/')
        System = true;
    SystemByFile[Name] = System;
    return System;
  }
  const std::vector<std::string> *SystemDirs = nullptr;
  std::map<std::string, bool> SystemByFile;

  const std::string &usr(const Decl *D) {
    auto It = Usrs.find(D);
    if (It != Usrs.end())
      return It->second;
    std::string &S = Usrs[D];
    if (auto *MD = dyn_cast<CXXMethodDecl>(D); MD && MD->getParent()->isLambda()) {
      S = lambdaKey(MD->getParent());
      return S;
    }
    llvm::SmallString<128> Buf;
    if (!index::generateUSRForDecl(D, Buf))
      S = Buf.str().str();
    return S;
  }

  std::string lambdaKey(const CXXRecordDecl *Closure) {
    SourceLoc L = loc(Closure->getBeginLoc());
    return "lambda@" + L.file + ":" + std::to_string(L.line) + ":" + std::to_string(L.column);
  }

  /// Qualified name without template arguments or inline namespaces: the form packs use.
  std::string qualifiedName(const NamedDecl *D) {
    auto It = Names.find(D);
    if (It != Names.end())
      return It->second;
    std::vector<std::string> Parts;
    if (auto *MD = dyn_cast<CXXMethodDecl>(D); MD && MD->getParent()->isLambda())
      Parts.push_back("(lambda)");
    else
      Parts.push_back(D->getDeclName().getAsString());
    const DeclContext *DC = D->getDeclContext();
    if (auto *MD = dyn_cast<CXXMethodDecl>(D); MD && MD->getParent()->isLambda())
      DC = MD->getParent()->getDeclContext();
    for (; DC; DC = DC->getParent()) {
      if (auto *NS = dyn_cast<NamespaceDecl>(DC)) {
        if (NS->isInline())
          continue;
        Parts.push_back(NS->isAnonymousNamespace() ? "(anonymous)" : NS->getName().str());
      } else if (auto *RD = dyn_cast<CXXRecordDecl>(DC)) {
        if (RD->isLambda())
          Parts.push_back("(lambda)");
        else
          Parts.push_back(RD->getName().empty() ? "(anonymous)" : RD->getName().str());
      } else if (auto *RD2 = dyn_cast<RecordDecl>(DC)) {
        Parts.push_back(RD2->getName().empty() ? "(anonymous)" : RD2->getName().str());
      } else if (auto *FD = dyn_cast<FunctionDecl>(DC)) {
        Parts.push_back(qualifiedName(FD));
        break;
      }
    }
    std::string S;
    for (auto P = Parts.rbegin(); P != Parts.rend(); ++P)
      S += (S.empty() ? "" : "::") + *P;
    Names[D] = S;
    return S;
  }

  std::string declFile(const Decl *D) {
    SourceLocation L = SM.getExpansionLoc(D->getCanonicalDecl()->getLocation());
    return fileName(SM.getFileID(L));
  }

  std::optional<PackSet::Match> packMatch(const FunctionDecl *FD) {
    auto It = Matches.find(FD);
    if (It != Matches.end())
      return It->second;
    auto M = Packs.match(qualifiedName(FD), declFile(FD), static_cast<int>(FD->getNumParams()));
    Matches[FD] = M;
    return M;
  }

  std::string declKey(const ValueDecl *VD) {
    SourceLoc L = loc(VD->getLocation());
    return VD->getName().str() + "#" + std::to_string(L.line) + ":" + std::to_string(L.column);
  }

  /// A key for the variable an expression names, unique within one function.
  std::string varKey(const Expr *E) {
    E = strip(E);
    if (!E)
      return {};
    if (auto *DR = dyn_cast<DeclRefExpr>(E)) {
      if (auto *VD = dyn_cast<ValueDecl>(DR->getDecl()))
        return declKey(VD);
    }
    if (auto *ME = dyn_cast<MemberExpr>(E)) {
      std::string Base = varKey(ME->getBase());
      if (Base.empty())
        Base = "?";
      return Base + "." + ME->getMemberDecl()->getName().str();
    }
    if (isa<CXXThisExpr>(E))
      return "this";
    return {};
  }

  /// Constant string text of an expression, when the source fixes it.
  std::string constantString(const Expr *E, int Depth = 0) {
    E = strip(E);
    if (!E || Depth > 4)
      return {};
    if (auto *SL = dyn_cast<StringLiteral>(E)) {
      if (SL->isOrdinary() || SL->isUTF8())
        return SL->getString().str();
      // u"..." (QStringLiteral, u"..."_s), U"...", L"...": SQL is text, read it as UTF-8.
      std::string Out;
      for (unsigned I = 0, N = SL->getLength(); I < N; ++I) {
        uint32_t C = SL->getCodeUnit(I);
        if (C < 0x80) {
          Out += static_cast<char>(C);
        } else if (C < 0x800) {
          Out += static_cast<char>(0xC0 | (C >> 6));
          Out += static_cast<char>(0x80 | (C & 0x3F));
        } else if (C < 0x10000 && (C < 0xD800 || C > 0xDFFF)) {
          Out += static_cast<char>(0xE0 | (C >> 12));
          Out += static_cast<char>(0x80 | ((C >> 6) & 0x3F));
          Out += static_cast<char>(0x80 | (C & 0x3F));
        } else {
          Out += "\xEF\xBF\xBD"; // a surrogate or beyond: U+FFFD stands in
        }
      }
      return Out;
    }
    if (auto *UL = dyn_cast<UserDefinedLiteral>(E)) // "..."_s, "..."_L1, u"..."_s
      return constantString(UL->getCookedLiteral(), Depth + 1);
    if (auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      // Conversions that keep the text: .c_str(), .toUtf8(), .toStdString(), ...
      if (auto *MD = MC->getMethodDecl())
        if (MD->getIdentifier() &&
            llvm::is_contained({"c_str", "data", "constData", "toUtf8", "toLatin1", "toLocal8Bit",
                                "toStdString", "toString", "str"},
                               MD->getName()))
          return constantString(MC->getImplicitObjectArgument(), Depth + 1);
      // QString("UPDATE %1 SET ...").arg(x): the template, each %N a parameter in it.
      if (auto *MD = MC->getMethodDecl(); MD && MD->getIdentifier() && MD->getName() == "arg")
        return constantString(MC->getImplicitObjectArgument(), Depth + 1);
      return {};
    }
    if (auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      // "SELECT a " + "FROM t" spelled with string classes: both sides constant.
      if (OC->getOperator() == OO_Plus && OC->getNumArgs() == 2) {
        std::string L = constantString(OC->getArg(0), Depth + 1);
        std::string R = L.empty() ? std::string() : constantString(OC->getArg(1), Depth + 1);
        return L.empty() || R.empty() ? std::string() : L + R;
      }
      return {};
    }
    if (auto *CE = dyn_cast<CallExpr>(E)) {
      // Factories that make a string object from a literal: QString::fromLatin1/fromUtf8,
      // QByteArrayLiteral, Qt 6's QStringLiteral (QtPrivate::qMakeStringPrivate(u"...")).
      if (const FunctionDecl *FD = CE->getDirectCallee();
          FD && FD->getIdentifier() && CE->getNumArgs() >= 1)
        if (llvm::is_contained({"fromLatin1", "fromUtf8", "fromLocal8Bit", "fromStdString",
                                "fromUtf16", "fromRawData", "fromStdU16String",
                                "qMakeStringPrivate", "qMakeByteArrayPrivate"},
                               FD->getName()))
          return constantString(CE->getArg(0), Depth + 1);
      return {};
    }
    if (auto *CE = dyn_cast<CXXConstructExpr>(E))
      return CE->getNumArgs() >= 1 ? constantString(CE->getArg(0), Depth + 1) : std::string();
    if (auto *DR = dyn_cast<DeclRefExpr>(E))
      if (auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
        if (VD->getInit() && (VD->isConstexpr() || VD->getType().isConstQualified()))
          return constantString(VD->getInit(), Depth + 1);
    return {};
  }

  /// Names of the macros whose expansion produced L (SQLITE_BUSY, ...), outermost last.
  void macroNames(SourceLocation L, std::vector<std::string> &Out) {
    for (int Guard = 0; L.isMacroID() && Guard < 8; ++Guard) {
      llvm::StringRef Name = Lexer::getImmediateMacroName(L, SM, Ctx.getLangOpts());
      if (!Name.empty() && std::find(Out.begin(), Out.end(), Name.str()) == Out.end())
        Out.push_back(Name.str());
      L = SM.getImmediateMacroCallerLoc(L);
    }
  }

  /// A class with begin() (a container, a row of values), not a pointer or a string.
  static bool isCollection(QualType T) {
    T = T.getNonReferenceType();
    auto *RD = T->isPointerType() ? nullptr : T->getAsCXXRecordDecl();
    if (!RD || !RD->hasDefinition() || !RD->getIdentifier())
      return false;
    llvm::StringRef N = RD->getName();
    if (N == "basic_string" || N == "basic_string_view" || N == "QString" || N == "QByteArray")
      return false;
    return !RD->lookup(&RD->getASTContext().Idents.get("begin")).empty();
  }

  /// Values a request carries (numbers, strings, standard containers of them), as opposed
  /// to the services a handler is given (connections, repositories).
  static bool isDataType(QualType T) {
    // A request or a context handed in read-only (`const Request &`, `const Ctx *`): its
    // members and getters vary per request. Services come in mutable (`Db &`).
    QualType Pointee = T->isReferenceType() ? T.getNonReferenceType()
                       : T->isPointerType() ? T->getPointeeType()
                                            : QualType();
    if (!Pointee.isNull() && Pointee.isConstQualified() && Pointee->getAsCXXRecordDecl())
      return true;
    T = T.getNonReferenceType();
    if (T->isArithmeticType() || T->isEnumeralType())
      return true;
    if (T->isPointerType())
      return T->getPointeeType()->isCharType();
    if (auto *RD = T->getAsCXXRecordDecl())
      return RD->isInStdNamespace();
    return false;
  }

  void extractFunction(const FunctionDecl *FD);
  void extractLambda(const LambdaExpr *LE, const std::string &Key);

  void collectIncludes() {
    std::set<std::string> Seen;
    for (unsigned I = 0, N = SM.local_sloc_entry_size(); I < N; ++I) {
      const SrcMgr::SLocEntry &E = SM.getLocalSLocEntry(I);
      if (!E.isFile() || E.getFile().getFileCharacteristic() != SrcMgr::C_User)
        continue;
      if (auto FE = E.getFile().getContentCache().OrigEntry) {
        llvm::SmallString<256> Path(FE->getName());
        SM.getFileManager().makeAbsolutePath(Path);
        llvm::sys::path::remove_dots(Path, true);
        Seen.insert(Path.str().str());
      }
    }
    Out.includedFiles.assign(Seen.begin(), Seen.end());
  }

private:
  llvm::DenseMap<FileID, std::string> FileNames;
  llvm::DenseMap<const Decl *, std::string> Usrs;
  llvm::DenseMap<const Decl *, std::string> Names;
  llvm::DenseMap<const FunctionDecl *, std::optional<PackSet::Match>> Matches;
  std::set<std::string> LambdasDone;
};

/// Walks one function body: loops as a stack, every call as a CallSite.
class BodyWalker : public RecursiveASTVisitor<BodyWalker> {
  using Base = RecursiveASTVisitor<BodyWalker>;

public:
  BodyWalker(Extractor &X, FunctionFact &F) : X(X), F(F) {
    // A function named for migration runs on a schema upgrade: migrateTables, migrate,
    // upgradeDatabase, UpgradeDBSchema.
    llvm::StringRef N(F.name);
    if (N.contains_insensitive("migrat") ||
        (N.contains_insensitive("upgrade") &&
         (N.contains_insensitive("db") || N.contains_insensitive("database") ||
          N.contains_insensitive("schema") || N.contains_insensitive("table"))))
      UpgradeDepth = 1;
  }

  bool shouldVisitTemplateInstantiations() const { return true; }

  // Loops ---------------------------------------------------------------------------------

  bool TraverseForStmt(ForStmt *S) {
    TraverseStmt(S->getInit());
    int Id = pushLoop(LoopKind::For, S->getForLoc(), "for");
    LoopStmts[Id] = S;
    F.loops[Id].hasIncrement = S->getInc() != nullptr;
    F.loops[Id].tripCount = forTripCount(S);
    if (auto *Inc = dyn_cast_or_null<CompoundAssignOperator>(S->getInc())) {
      auto Step = intConstant(Inc->getRHS());
      if (Inc->getOpcode() == BO_AddAssign && (!Step || *Step > 1))
        F.loops[Id].chunked = true;
    }
    if (S->getInc()) {
      std::vector<std::string> Changing;
      collectVars(S->getInc(), Changing);
      for (const std::string &V : Changing)
        addModified(Id, V);
    }
    markDiscarded(S->getBody());
    traverseCondition(Id, S->getConditionVariableDeclStmt());
    traverseCondition(Id, S->getCond());
    BreakTargets.push_back(Id);
    TraverseStmt(S->getBody());
    BreakTargets.pop_back();
    TraverseStmt(S->getInc());
    analyzeExits(Id, S->getCond(), S->getBody());
    Loops.pop_back();
    return true;
  }

  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    TraverseStmt(S->getInit());
    TraverseStmt(S->getRangeInit());
    int Id = pushLoop(LoopKind::RangeFor, S->getForLoc(), "range-for");
    LoopStmts[Id] = S;
    F.loops[Id].tripCount = rangeTripCount(S);
    if (const VarDecl *LV = S->getLoopVariable()) {
      addModified(Id, X.declKey(LV));
      std::vector<std::string> From; // the element comes from the range
      collectVars(S->getRangeInit(), From);
      for (const std::string &V : From)
        F.varDeps.emplace_back(X.declKey(LV), V);
      RangeFrom[Id] = From;
    }
    markDiscarded(S->getBody());
    BreakTargets.push_back(Id);
    TraverseStmt(S->getBody());
    BreakTargets.pop_back();
    // Each element is a batch when the body walks the element in a loop of its own (the
    // rows of a chunk go into one statement). An element that is merely a collection type
    // (a row of a result held as a vector of strings, a QString) is one item.
    if (const VarDecl *LV = S->getLoopVariable(); LV && X.isCollection(LV->getType())) {
      std::string Key = X.declKey(LV);
      for (size_t Inner = static_cast<size_t>(Id) + 1; Inner < F.loops.size(); ++Inner) {
        auto It = RangeFrom.find(static_cast<int>(Inner));
        if (It != RangeFrom.end() && F.loopWithin(static_cast<int>(Inner), Id) &&
            std::find(It->second.begin(), It->second.end(), Key) != It->second.end())
          F.loops[Id].chunked = true;
      }
    }
    analyzeExits(Id, nullptr, S->getBody());
    Loops.pop_back();
    return true;
  }

  bool TraverseWhileStmt(WhileStmt *S) {
    int Id = pushLoop(LoopKind::While, S->getWhileLoc(), "while");
    LoopStmts[Id] = S;
    markDiscarded(S->getBody());
    traverseCondition(Id, S->getConditionVariableDeclStmt());
    traverseCondition(Id, S->getCond());
    BreakTargets.push_back(Id);
    TraverseStmt(S->getBody());
    BreakTargets.pop_back();
    analyzeExits(Id, S->getCond(), S->getBody());
    Loops.pop_back();
    return true;
  }

  bool TraverseDoStmt(DoStmt *S) {
    int Id = pushLoop(LoopKind::Do, S->getDoLoc(), "do");
    LoopStmts[Id] = S;
    markDiscarded(S->getBody());
    BreakTargets.push_back(Id);
    TraverseStmt(S->getBody());
    BreakTargets.pop_back();
    traverseCondition(Id, S->getCond());
    analyzeExits(Id, S->getCond(), S->getBody());
    Loops.pop_back();
    return true;
  }

  // Exit paths ----------------------------------------------------------------------------
  // A statement followed, in its block, by `return`, `throw`, a [[noreturn]] call or a
  // `break` runs at most once per iteration of what lies outside the loops that jump leaves.

  /// The loops a jump statement leaves, or nullopt if S is not one.
  std::optional<std::vector<int>> loopsLeftBy(const Stmt *S) {
    if (!S)
      return std::nullopt;
    if (isa<ReturnStmt>(S) || isa<CXXThrowExpr>(S) || isa<CoreturnStmt>(S))
      return std::vector<int>(Loops.begin(), Loops.end());
    if (auto *EWC = dyn_cast<ExprWithCleanups>(S))
      return loopsLeftBy(EWC->getSubExpr());
    if (auto *CE = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *FD = CE->getDirectCallee(); FD && FD->isNoReturn())
        return std::vector<int>(Loops.begin(), Loops.end());
    if (isa<BreakStmt>(S) && !BreakTargets.empty() && BreakTargets.back() >= 0)
      return std::vector<int>{BreakTargets.back()};
    return std::nullopt;
  }

  /// A `throw` or a call of a [[noreturn]] function: the path leaves by an exception (or
  /// ends the program).
  static bool throwsOut(const Stmt *S) {
    if (auto *EWC = dyn_cast_or_null<ExprWithCleanups>(S))
      S = EWC->getSubExpr();
    if (isa_and_nonnull<CXXThrowExpr>(S))
      return true;
    if (auto *CE = dyn_cast_or_null<CallExpr>(S))
      if (const FunctionDecl *FD = CE->getDirectCallee(); FD && FD->isNoReturn())
        return true;
    return false;
  }

  bool TraverseCompoundStmt(CompoundStmt *CS) {
    if (!WalkUpFromCompoundStmt(CS)) // the Visit* of a block (discarded results) still run
      return false;
    std::vector<const Stmt *> Body(CS->body_begin(), CS->body_end());
    // Exits[I]: the loops left by the first jump after statement I (none past a continue);
    // Throws[I]: that jump is a throw (or a [[noreturn]] call).
    std::vector<std::optional<std::vector<int>>> Exits(Body.size());
    std::vector<bool> Throws(Body.size(), false);
    std::optional<std::vector<int>> Next;
    bool NextThrows = false;
    for (size_t I = Body.size(); I-- > 0;) {
      Exits[I] = Next;
      Throws[I] = NextThrows;
      if (isa<ContinueStmt>(Body[I])) {
        Next.reset();
        NextThrows = false;
      } else if (auto L = loopsLeftBy(Body[I])) {
        Next = L;
        NextThrows = throwsOut(Body[I]);
      }
    }
    for (size_t I = 0; I < Body.size(); ++I) {
      if (Exits[I])
        ExitStack.push_back(*Exits[I]);
      if (Exits[I])
        NextJumpThrows.push_back(Throws[I]);
      TraverseStmt(const_cast<Stmt *>(Body[I]));
      if (Exits[I]) {
        NextJumpThrows.pop_back();
        ExitStack.pop_back();
      }
    }
    return true;
  }

  // A try block whose handlers do not all end by throwing again catches what its body
  // throws: a throw there does not leave the function.
  bool TraverseCXXTryStmt(CXXTryStmt *S) {
    bool Catches = false;
    for (unsigned I = 0; I < S->getNumHandlers(); ++I) {
      auto *Block = dyn_cast_or_null<CompoundStmt>(S->getHandler(I)->getHandlerBlock());
      if (!Block || Block->body_empty() || !throwsOut(Block->body_back()))
        Catches = true;
    }
    CatchingDepth += Catches;
    TraverseStmt(S->getTryBlock());
    CatchingDepth -= Catches;
    for (unsigned I = 0; I < S->getNumHandlers(); ++I)
      TraverseStmt(S->getHandler(I));
    return true;
  }

  // The initializer of a static local runs once per run of the program.
  bool TraverseVarDecl(VarDecl *VD) {
    bool Once = VD->isStaticLocal() && VD->hasInit();
    if (Once) {
      ++OnceDepth;
      ExitStack.push_back(std::vector<int>(Loops.begin(), Loops.end()));
    }
    bool Ok = Base::TraverseVarDecl(VD);
    if (Once) {
      ExitStack.pop_back();
      --OnceDepth;
    }
    return Ok;
  }

  bool TraverseReturnStmt(ReturnStmt *S) {
    ExitStack.push_back(std::vector<int>(Loops.begin(), Loops.end()));
    NextJumpThrows.push_back(false);
    bool Ok = Base::TraverseReturnStmt(S);
    NextJumpThrows.pop_back();
    ExitStack.pop_back();
    return Ok;
  }

  bool TraverseCXXThrowExpr(CXXThrowExpr *S) {
    ExitStack.push_back(std::vector<int>(Loops.begin(), Loops.end()));
    NextJumpThrows.push_back(true);
    bool Ok = Base::TraverseCXXThrowExpr(S);
    NextJumpThrows.pop_back();
    ExitStack.pop_back();
    return Ok;
  }

  bool TraverseSwitchStmt(SwitchStmt *S) {
    BreakTargets.push_back(-1); // a break in a switch leaves the switch, not a loop
    bool Ok = Base::TraverseSwitchStmt(S);
    BreakTargets.pop_back();
    return Ok;
  }

  std::vector<int> exitedLoops() const {
    std::vector<int> Out;
    for (const std::vector<int> &E : ExitStack)
      for (int L : E)
        if (std::find(Out.begin(), Out.end(), L) == Out.end())
          Out.push_back(L);
    return Out;
  }

  // Lambdas are functions of their own; the enclosing function calls them where they are
  // passed to an iterating algorithm, called, or (conservatively) where they are written.
  bool TraverseLambdaExpr(LambdaExpr *LE) {
    std::string Key = X.lambdaKey(LE->getLambdaClass());
    X.extractLambda(LE, Key);
    auto It = IterateLambdas.find(LE);
    CallSite S;
    S.loc = X.loc(LE->getBeginLoc());
    S.calleeUsr = Key;
    S.calleeName = "lambda";
    S.calleeIsLambda = true;
    S.loop = It != IterateLambdas.end() ? It->second : currentLoop();
    addSite(std::move(S), nullptr);
    return true;
  }

  // Result variables: `T v = call()` and `v = call()` -------------------------------------

  bool VisitVarDecl(VarDecl *VD) {
    DeclLoopDepth[VD] = Loops.size();
    if (const Expr *Init = VD->getInit()) {
      std::string Key = X.declKey(VD);
      if (auto *CC = dyn_cast_or_null<CXXConstructExpr>(strip(Init)))
        Constructed[CC] = Key; // `SQLite::Statement q(db, sql)`: q is the statement
      markResult(Init, Key);
      std::vector<std::string> Reads;
      collectVars(Init, Reads);
      for (const std::string &R : Reads)
        F.varDeps.emplace_back(Key, R);
      VarDefs[Key].push_back(Init);
      // Declared inside a loop from anything but constants, it is defined inside the loop:
      // a new value each iteration as far as invariance goes (`Job j = pending.back();`
      // before `pending.pop_back();`, `row = rows[i]`, `x = q.front()`).
      if (!Reads.empty() || hasOpaqueCall(Init))
        for (int L : Loops)
          addModified(L, Key);
    }
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp()) {
      std::string Key = X.varKey(BO->getLHS());
      markResult(BO->getRHS(), Key);
      assigned(Key, BO->getRHS());
    }
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf)
      assigned(X.varKey(U->getSubExpr()), nullptr);
    return true;
  }

  bool VisitCompoundStmt(CompoundStmt *CS) {
    for (Stmt *C : CS->body())
      markDiscarded(C);
    return true;
  }

  bool TraverseIfStmt(IfStmt *S) {
    TraverseStmt(S->getInit());
    TraverseStmt(S->getConditionVariableDeclStmt());
    TraverseStmt(S->getCond());
    std::string Id = "i" + std::to_string(++IfCounter);
    Branch.push_back(Id + ".0");
    markDiscarded(S->getThen());
    bool Upgrade = isVersionCheck(S->getCond(), 0);
    // A branch guarded by a flag it flips runs at most once in the loops the flag outlives
    // (`if (first) { first = false; ... }`, `if (!done) { done = true; ... }`,
    // `if (seen) ... else { seen = true; ... }`): as for a path that leaves the loop.
    // Guarded by a static local (`static T *p = nullptr; if (!p) p = new T;`), it runs once
    // per run of the program.
    auto Once = onceBranch(S);
    auto Enter = [&](int Which) {
      if (!Once || Once->which != Which)
        return;
      ExitStack.push_back(Once->loops);
      OnceDepth += Once->perProgram;
    };
    auto Leave = [&](int Which) {
      if (!Once || Once->which != Which)
        return;
      ExitStack.pop_back();
      OnceDepth -= Once->perProgram;
    };
    UpgradeDepth += Upgrade;
    Enter(0);
    TraverseStmt(S->getThen());
    Leave(0);
    UpgradeDepth -= Upgrade;
    Branch.back() = Id + ".1";
    markDiscarded(S->getElse());
    Enter(1);
    TraverseStmt(S->getElse());
    Leave(1);
    Branch.pop_back();
    return true;
  }

  /// The truth of a constant a flag is compared with or set to: a bool literal, or a null
  /// pointer (`nullptr`, `0`, `NULL`) as false. Nothing for anything else.
  static std::optional<bool> truthOf(const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (auto *L = dyn_cast<CXXBoolLiteralExpr>(E))
      return L->getValue();
    if (isa<CXXNullPtrLiteralExpr>(E) || isa<GNUNullExpr>(E))
      return false;
    if (auto *I = dyn_cast<IntegerLiteral>(E); I && I->getValue() == 0)
      return false;
    return std::nullopt;
  }

  /// The flag (a bool or a pointer, variable or member) a condition tests, and the value it
  /// runs on: `first` -> (first, true); `!done`, `done == false`, `p == nullptr` ->
  /// (done, false).
  static const ValueDecl *flagTest(const Expr *C, bool &Want) {
    if (!C)
      return nullptr;
    C = C->IgnoreParenImpCasts();
    Want = true;
    if (auto *U = dyn_cast<UnaryOperator>(C); U && U->getOpcode() == UO_LNot) {
      Want = false;
      return flagOf(U->getSubExpr());
    }
    if (auto *B = dyn_cast<BinaryOperator>(C);
        B && (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE)) {
      const Expr *Flag = B->getLHS();
      std::optional<bool> Value = truthOf(B->getRHS());
      if (!Value) {
        Flag = B->getRHS();
        Value = truthOf(B->getLHS());
      }
      if (!Value)
        return nullptr;
      Want = *Value == (B->getOpcode() == BO_EQ);
      return flagOf(Flag);
    }
    return flagOf(C);
  }
  static const ValueDecl *flagOf(const Expr *E) {
    E = E->IgnoreParenImpCasts();
    const ValueDecl *D = nullptr;
    if (auto *DR = dyn_cast<DeclRefExpr>(E))
      D = DR->getDecl();
    else if (auto *ME = dyn_cast<MemberExpr>(E);
             ME && isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      D = ME->getMemberDecl();
    if (!D || !(isa<VarDecl>(D) || isa<FieldDecl>(D)) ||
        !(D->getType()->isBooleanType() || D->getType()->isPointerType()))
      return nullptr;
    return D;
  }
  /// The statement `D = Value;` standing unconditionally in Branch (the branch itself, or a
  /// statement of its block): the flip that makes the branch run once. A pointer set to
  /// anything but null (`p = new T`) is set to true.
  static const Stmt *unconditionalFlip(const Stmt *Branch, const ValueDecl *D, bool Value) {
    auto IsFlip = [&](const Stmt *S) {
      auto *B = dyn_cast_or_null<BinaryOperator>(S);
      if (auto *E = dyn_cast_or_null<ExprWithCleanups>(S))
        B = dyn_cast<BinaryOperator>(E->getSubExpr());
      if (!B || B->getOpcode() != BO_Assign || flagOf(B->getLHS()) != D)
        return false;
      std::optional<bool> Set = truthOf(B->getRHS());
      if (!Set && D->getType()->isPointerType())
        Set = true;
      return Set && *Set == Value;
    };
    if (IsFlip(Branch))
      return Branch;
    if (auto *CS = dyn_cast_or_null<CompoundStmt>(Branch))
      for (const Stmt *S : CS->body())
        if (IsFlip(S))
          return S;
    return nullptr;
  }
  /// Is D written anywhere in S but by Except (an assignment of any value, `++`, `&D`, D
  /// handed to a call, which may take it by reference)? A walk cut short counts as yes.
  static bool writtenElsewhere(const Stmt *S, const ValueDecl *D, const Stmt *Except) {
    bool Found = false;
    auto Names = [&](const Expr *E) { return E && flagOf(E) == D; };
    bool Complete = walkPreOrder(
        S,
        [&](const Stmt *Cur) {
          if (Cur == Except)
            return false;
          if (auto *E = dyn_cast<ExprWithCleanups>(Cur); E && E->getSubExpr() == Except)
            return false;
          if (auto *B = dyn_cast<BinaryOperator>(Cur);
              B && B->isAssignmentOp() && Names(B->getLHS()))
            Found = true;
          if (auto *U = dyn_cast<UnaryOperator>(Cur);
              U && (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf) &&
              Names(U->getSubExpr()))
            Found = true;
          if (auto *C = dyn_cast<CallExpr>(Cur))
            for (const Expr *A : C->arguments())
              if (Names(A))
                Found = true;
          return !Found;
        },
        1 << 20);
    return Found || !Complete;
  }
  /// What a branch guarded by a flag it flips runs at most once in.
  struct OnceBranch {
    int which = 0;           // 0: the then branch, 1: the else branch
    std::vector<int> loops;  // the loops of this function it runs at most once in
    bool perProgram = false; // the flag is a static local: once per run of the program
  };
  /// For `if (flag)` S: which branch flips the flag it runs on, and the loops that branch
  /// then runs at most once in (those entered after the flag was declared; every loop for
  /// a static local, which also makes it once per program). Nothing when anything else
  /// re-arms the flag in those loops (in the function, for a static local).
  std::optional<OnceBranch> onceBranch(const IfStmt *S) {
    bool Want = true;
    const ValueDecl *D = flagTest(S->getCond(), Want);
    // Locals only: a member or a global may be re-armed by any call in the loop.
    auto *VD = dyn_cast_or_null<VarDecl>(D);
    if (!VD || !(VD->hasLocalStorage() || VD->isStaticLocal()) || !Root)
      return std::nullopt;
    OnceBranch Out;
    const Stmt *Flip = nullptr;
    if ((Flip = unconditionalFlip(S->getThen(), D, !Want)))
      Out.which = 0; // runs while the flag is Want, and flips it
    else if ((Flip = unconditionalFlip(S->getElse(), D, Want)))
      Out.which = 1; // runs while the flag is !Want, and flips it
    else
      return std::nullopt;
    if (VD->isStaticLocal()) {
      if (writtenElsewhere(Root, D, Flip))
        return std::nullopt;
      Out.loops.assign(Loops.begin(), Loops.end());
      Out.perProgram = true;
      return Out;
    }
    auto It = DeclLoopDepth.find(VD);
    if (It == DeclLoopDepth.end())
      return std::nullopt; // a parameter: set by the caller, maybe each time
    size_t Depth = It->second;
    if (Depth >= Loops.size())
      return std::nullopt;
    // A write before the outermost of those loops (`first = managed;`) does not re-arm it.
    auto Scope = LoopStmts.find(Loops[Depth]);
    if (writtenElsewhere(Scope != LoopStmts.end() ? Scope->second : Root, D, Flip))
      return std::nullopt; // re-armed, toggled, or handed to a call
    Out.loops.assign(Loops.begin() + Depth, Loops.end());
    return Out;
  }

  /// A comparison of a schema version (`dbversion < 12`, `m_schemaVersion <= 3`,
  /// `db.userVersion() < kCurrent`): the branch it guards runs on an upgrade.
  /// Only "the stored version is below a target" counts (`v < K`, `v <= K`, `K > v`,
  /// `K >= v`), alone or in an `&&`: not two versions compared (`remote.version >
  /// local.version`), not a version above something (`clientVersion >= 2`), not an `||`
  /// (`hot || dbversion < 3` runs on the normal path too).
  static bool isVersionCheck(const Stmt *S, int Depth) {
    if (!S || Depth > 6)
      return false;
    if (auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (BO->getOpcode() == BO_LAnd)
        return isVersionCheck(BO->getLHS(), Depth + 1) || isVersionCheck(BO->getRHS(), Depth + 1);
      bool Below = BO->getOpcode() == BO_LT || BO->getOpcode() == BO_LE;
      bool Above = BO->getOpcode() == BO_GT || BO->getOpcode() == BO_GE;
      if (!Below && !Above)
        return false;
      const Expr *Stored = Below ? BO->getLHS() : BO->getRHS();
      const Expr *Target = Below ? BO->getRHS() : BO->getLHS();
      return namesVersion(Stored) && (!namesVersion(Target) || isConstantRef(Target));
    }
    if (auto *PE = dyn_cast<ParenExpr>(S))
      return isVersionCheck(PE->getSubExpr(), Depth + 1);
    if (auto *CE = dyn_cast<ImplicitCastExpr>(S))
      return isVersionCheck(CE->getSubExpr(), Depth + 1);
    return false;
  }
  /// A literal, an enumerator or a const variable (`kSchemaVersion`, `DB_VERSION`): a target.
  static bool isConstantRef(const Expr *E) {
    E = strip(E);
    if (isa_and_nonnull<IntegerLiteral>(E))
      return true;
    if (auto *DR = dyn_cast_or_null<DeclRefExpr>(E)) {
      if (isa<EnumConstantDecl>(DR->getDecl()))
        return true;
      if (auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
        return VD->getType().isConstQualified() || VD->isConstexpr();
    }
    return false;
  }
  static bool namesVersion(const Expr *E) {
    E = strip(E);
    const NamedDecl *D = nullptr;
    if (auto *DR = dyn_cast_or_null<DeclRefExpr>(E))
      D = DR->getDecl();
    else if (auto *ME = dyn_cast_or_null<MemberExpr>(E))
      D = ME->getMemberDecl();
    else if (auto *CE = dyn_cast_or_null<CallExpr>(E))
      D = CE->getDirectCallee();
    return D && D->getIdentifier() && D->getName().contains_insensitive("version");
  }

  /// The parameter a printf-style call used as its format, for text made by it:
  /// `char *q = sqlite3_vmprintf(fmt, args); query(q);` -> fmt.
  const ParmVarDecl *formatParamBehind(const Expr *E, int Depth) {
    E = strip(E);
    if (!E || Depth > 3)
      return nullptr;
    if (auto *MC = dyn_cast<CXXMemberCallExpr>(E)) // q.c_str(), q.data()
      if (MC->getNumArgs() == 0)
        return formatParamBehind(MC->getImplicitObjectArgument(), Depth + 1);
    if (auto *CC = dyn_cast<CXXConstructExpr>(E); CC && CC->getNumArgs() >= 1)
      return formatParamBehind(CC->getArg(0), Depth + 1);
    if (auto *DR = dyn_cast<DeclRefExpr>(E)) {
      auto *VD = dyn_cast<VarDecl>(DR->getDecl());
      if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD))
        return nullptr;
      auto It = VarDefs.find(X.declKey(VD));
      if (It != VarDefs.end() && It->second.size() == 1)
        return formatParamBehind(It->second.front(), Depth + 1);
      return VD->getInit() ? formatParamBehind(VD->getInit(), Depth + 1) : nullptr;
    }
    if (auto *CE = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *FD = CE->getDirectCallee();
      if (!FD || !FD->getIdentifier())
        return nullptr;
      llvm::StringRef N = FD->getName();
      if (!N.contains_insensitive("mprintf") && !N.contains_insensitive("asprintf") &&
          N != "format" && N != "vformat")
        return nullptr;
      for (const Expr *A : CE->arguments())
        if (const ParmVarDecl *PV = parameterBehind(A))
          return PV;
    }
    return nullptr;
  }

  // Calls ---------------------------------------------------------------------------------

  /// The parameter an argument passes on unchanged, through the conversions wrappers use to
  /// hand a string to a C API: `sql.c_str()`, `sql.data()`, `q.toUtf8().constData()`,
  /// `std::string(sql)`, `QString(sql)`.
  static const ParmVarDecl *parameterBehind(const Expr *E) {
    const Expr *Inner = behindConversions(E);
    auto *DR = dyn_cast_or_null<DeclRefExpr>(Inner);
    return DR ? dyn_cast<ParmVarDecl>(DR->getDecl()) : nullptr;
  }

  /// A function that returns text read from outside the program.
  bool isInput(const FunctionDecl *FD) {
    if (!FD || !FD->getIdentifier())
      return false;
    static const char *const Inputs[] = {"getenv",
                                         "secure_getenv",
                                         "qgetenv",
                                         "qEnvironmentVariable",
                                         "QLineEdit::text",
                                         "QTextEdit::toPlainText",
                                         "QPlainTextEdit::toPlainText",
                                         "QComboBox::currentText",
                                         "QInputDialog::getText",
                                         "QIODevice::readAll",
                                         "QIODevice::readLine",
                                         "QIODevice::read",
                                         "QUrlQuery::queryItemValue",
                                         "QUrl::query",
                                         "QProcessEnvironment::value"};
    std::string Q = X.qualifiedName(FD);
    for (const char *In : Inputs)
      if (Q == In)
        return true;
    return false;
  }

  /// What an argument is once the conversions that keep the text are peeled off.
  static const Expr *behindConversions(const Expr *E) {
    for (int Depth = 0; E && Depth < 6; ++Depth) {
      E = strip(E);
      if (isa_and_nonnull<DeclRefExpr>(E))
        return E;
      if (auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(E)) {
        const CXXMethodDecl *MD = MC->getMethodDecl();
        if (!MD || !MD->getIdentifier() || MC->getNumArgs() != 0)
          return E;
        llvm::StringRef N = MD->getName();
        if (N != "c_str" && N != "data" && N != "constData" && N != "toUtf8" && N != "toLatin1" &&
            N != "toLocal8Bit" && N != "toStdString" && N != "utf16" && N != "str")
          return E;
        E = MC->getImplicitObjectArgument();
        continue;
      }
      if (auto *CE = dyn_cast_or_null<CXXConstructExpr>(E)) {
        if (CE->getNumArgs() < 1)
          return E;
        E = CE->getArg(0);
        continue;
      }
      if (auto *FC = dyn_cast_or_null<CXXFunctionalCastExpr>(E)) {
        E = FC->getSubExpr();
        continue;
      }
      return E;
    }
    return E;
  }

  /// The stream at the bottom of a `<<` chain: `(os << a) << b` is os. Remembered for every
  /// link on the way down, so that visiting each link of a long chain stays linear.
  const Expr *streamOf(const CXXOperatorCallExpr *Top) {
    llvm::SmallVector<const CXXOperatorCallExpr *, 16> Path;
    const Expr *Target = Top->getArg(0);
    const CXXOperatorCallExpr *Link = Top;
    while (true) {
      auto Known = StreamOf.find(Link);
      if (Known != StreamOf.end()) {
        Target = Known->second;
        break;
      }
      Path.push_back(Link);
      Target = Link->getArg(0);
      auto *Inner = dyn_cast_or_null<CXXOperatorCallExpr>(strip(Target));
      if (!Inner || Inner->getOperator() != OO_LessLess || Inner->getNumArgs() != 2)
        break;
      Link = Inner;
    }
    for (const CXXOperatorCallExpr *L : Path)
      StreamOf[L] = Target;
    return Target;
  }
  llvm::DenseMap<const CXXOperatorCallExpr *, const Expr *> StreamOf;

  bool VisitCallExpr(CallExpr *E) {
    if (auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (OC->getOperator() == OO_Equal && OC->getNumArgs() == 2)
        markResult(OC->getArg(1), X.varKey(OC->getArg(0)));
      OverloadedOperatorKind K = OC->getOperator();
      if ((K == OO_Equal || K == OO_PlusEqual || K == OO_LessLess) && OC->getNumArgs() == 2 &&
          !OC->getArg(0)->getType()->isIntegerType()) {
        // `os << a << b` is `(os << a) << b`: the stream is at the bottom of the chain.
        const Expr *Target = OC->getArg(0);
        if (K == OO_LessLess)
          Target = streamOf(OC);
        assigned(X.varKey(Target),
                 K == OO_LessLess ? static_cast<const Expr *>(OC) : OC->getArg(1));
      }
      auto *MD = dyn_cast_or_null<CXXMethodDecl>(OC->getDirectCallee());
      if (MD && !MD->isStatic() && OC->getNumArgs() >= 1) {
        llvm::SmallVector<const Expr *, 4> Args(OC->arg_begin() + 1, OC->arg_end());
        recordCall(E, MD, MD->isVirtual(), Args, OC->getArg(0));
        return true;
      }
    }
    if (auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      CXXMethodDecl *MD = MC->getMethodDecl();
      if (!MD) {
        recordUnresolved(E, "pointer to member");
        return true;
      }
      bool Qualified = false;
      if (auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()))
        Qualified = ME->hasQualifier();
      bool Virtual = MD->isVirtual() && !Qualified && !MD->hasAttr<FinalAttr>() &&
                     !MD->getParent()->hasAttr<FinalAttr>();
      llvm::SmallVector<const Expr *, 4> Args(MC->arg_begin(), MC->arg_end());
      recordCall(E, MD, Virtual, Args, MC->getImplicitObjectArgument());
      return true;
    }
    const FunctionDecl *Callee = E->getDirectCallee();
    if (!Callee) {
      if (!E->isTypeDependent())
        recordUnresolved(E, "function pointer");
      return true;
    }
    llvm::SmallVector<const Expr *, 4> Args(E->arg_begin(), E->arg_end());
    recordCall(E, Callee, false, Args, nullptr);
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *E) {
    llvm::SmallVector<const Expr *, 4> Args(E->arg_begin(), E->arg_end());
    recordCall(E, E->getConstructor(), false, Args, nullptr);
    return true;
  }

private:
  int currentLoop() const { return Loops.empty() ? -1 : Loops.back(); }

  int pushLoop(LoopKind K, SourceLocation L, std::string Label) {
    LoopFact LF;
    LF.id = static_cast<int>(F.loops.size());
    LF.parent = currentLoop();
    LF.kind = K;
    LF.loc = X.loc(L);
    LF.label = std::move(Label);
    LF.upgradeOnly = UpgradeDepth > 0;
    F.loops.push_back(std::move(LF));
    Loops.push_back(F.loops.back().id);
    return F.loops.back().id;
  }

  void traverseCondition(int Id, Stmt *S) {
    if (!S)
      return;
    int Saved = CondLoop;
    CondLoop = Id;
    TraverseStmt(S);
    CondLoop = Saved;
  }

  /// Records which variables and macros decide when loop Id ends: its condition and the
  /// conditions of `if (...) break;`/`return` statements directly in its body.
  void analyzeExits(int Id, const Expr *Cond, const Stmt *Body) {
    LoopFact &L = F.loops[Id];
    if (Cond)
      collectConditionVars(Cond, false, L);
    auto Exits = [](const Stmt *S) {
      if (!S)
        return false;
      if (isa<BreakStmt>(S) || isa<ReturnStmt>(S))
        return true;
      if (auto *CS = dyn_cast<CompoundStmt>(S))
        for (const Stmt *C : CS->body())
          if (isa<BreakStmt>(C) || isa<ReturnStmt>(C))
            return true;
      return false;
    };
    auto *CS = dyn_cast_or_null<CompoundStmt>(Body);
    if (!CS)
      return;
    for (const Stmt *C : CS->body())
      if (auto *If = dyn_cast<IfStmt>(C))
        if (Exits(If->getThen()) || Exits(If->getElse()))
          collectConditionVars(If->getCond(), false, L);
  }

  void collectConditionVars(const Stmt *Root, bool RootComparedToConstant, LoopFact &L) {
    // Explicit stack: the condition's depth is the input's to choose.
    llvm::SmallVector<std::pair<const Stmt *, bool>, 16> Stack;
    if (Root)
      Stack.push_back({Root, RootComparedToConstant});
    while (!Stack.empty()) {
      auto [S, ComparedToConstant] = Stack.pop_back_val();
      if (auto *E = dyn_cast<Expr>(S))
        if (E->getBeginLoc().isMacroID())
          X.macroNames(E->getBeginLoc(), L.conditionMacros);
      if (auto *BO = dyn_cast<BinaryOperator>(S); BO && isComparison(BO->getOpcode())) {
        bool LConst = isConstant(BO->getLHS()), RConst = isConstant(BO->getRHS());
        Stack.push_back({BO->getRHS(), LConst});
        Stack.push_back({BO->getLHS(), RConst});
        continue;
      }
      if (auto *DR = dyn_cast<DeclRefExpr>(S)) {
        if (isa<VarDecl>(DR->getDecl())) {
          std::string K = X.varKey(DR);
          auto It = std::find_if(L.conditionVars.begin(), L.conditionVars.end(),
                                 [&](const ConditionVar &V) { return V.var == K; });
          if (It == L.conditionVars.end())
            L.conditionVars.push_back({K, ComparedToConstant});
          else
            It->comparedToConstant = It->comparedToConstant && ComparedToConstant;
        }
        continue;
      }
      if (isa<LambdaExpr>(S))
        continue;
      size_t Mark = Stack.size();
      for (const Stmt *C : S->children())
        if (C)
          Stack.push_back({C, ComparedToConstant});
      std::reverse(Stack.begin() + Mark, Stack.end());
    }
  }

  bool isConstant(const Expr *E) {
    if (E->isValueDependent() || E->isTypeDependent())
      return false;
    return E->isIntegerConstantExpr(X.Ctx) || isa<CXXNullPtrLiteralExpr>(E->IgnoreImpCasts()) ||
           isa<GNUNullExpr>(E->IgnoreImpCasts());
  }

  std::optional<int64_t> intConstant(const Expr *E) {
    if (!E || E->isValueDependent() || E->isTypeDependent())
      return std::nullopt;
    // (`npos`, SIZE_MAX: an unsigned value past INT64_MAX is no trip count to reason about,
    // and APSInt::getExtValue asserts on it.)
    if (auto V = E->getIntegerConstantExpr(X.Ctx); V && V->isRepresentableByInt64())
      return V->getExtValue();
    return std::nullopt;
  }

  /// `for (int i = A; i < B; ++i)` with constant A and B.
  std::optional<int64_t> forTripCount(const ForStmt *S) {
    auto *DS = dyn_cast_or_null<DeclStmt>(S->getInit());
    auto *BO = dyn_cast_or_null<BinaryOperator>(S->getCond() ? S->getCond()->IgnoreParenImpCasts()
                                                             : nullptr);
    if (!DS || !DS->isSingleDecl() || !BO || !S->getInc())
      return std::nullopt;
    auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl());
    if (!VD || !VD->getInit())
      return std::nullopt;
    auto *LHS = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts());
    if (!LHS || LHS->getDecl() != VD)
      return std::nullopt;
    auto From = intConstant(VD->getInit()), To = intConstant(BO->getRHS());
    if (!From || !To)
      return std::nullopt;
    if (BO->getOpcode() == BO_LT)
      return std::max<int64_t>(0, *To - *From);
    if (BO->getOpcode() == BO_LE)
      return std::max<int64_t>(0, *To - *From + 1);
    return std::nullopt;
  }

  std::optional<int64_t> rangeTripCount(const CXXForRangeStmt *S) {
    return fixedSize(S->getRangeInit(), 0);
  }

  /// The element count of a range fixed in the source: a braced list, an array, a
  /// std::array, or a constant container initialized from a braced list
  /// (`static const std::vector<std::string> kTables = {"a", "b"}`).
  std::optional<int64_t> fixedSize(const Expr *E, int Depth) {
    const Expr *R = strip(E);
    if (!R || Depth > 3)
      return std::nullopt;
    if (auto *CE = dyn_cast<CXXStdInitializerListExpr>(R))
      R = strip(CE->getSubExpr());
    if (auto *IL = dyn_cast_or_null<InitListExpr>(R))
      return IL->getNumInits();
    if (!R)
      return std::nullopt;
    if (auto *AT = X.Ctx.getAsConstantArrayType(R->getType()))
      return AT->getZExtSize();
    if (auto *TS = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
            R->getType().getNonReferenceType()->getAsCXXRecordDecl()))
      if (TS->getName() == "array" && TS->isInStdNamespace() && TS->getTemplateArgs().size() == 2 &&
          TS->getTemplateArgs()[1].getKind() == TemplateArgument::Integral)
        if (const llvm::APSInt &N = TS->getTemplateArgs()[1].getAsIntegral();
            N.isRepresentableByInt64())
          return N.getExtValue();
    if (auto *CC = dyn_cast<CXXConstructExpr>(R);
        CC && CC->getNumArgs() >= 1 && isa<CXXStdInitializerListExpr>(strip(CC->getArg(0))))
      return fixedSize(CC->getArg(0), Depth + 1);
    if (auto *DR = dyn_cast<DeclRefExpr>(R))
      if (auto *VD = dyn_cast<VarDecl>(DR->getDecl());
          VD && VD->getInit() && (VD->isConstexpr() || VD->getType().isConstQualified()))
        return fixedSize(VD->getInit(), Depth + 1);
    return std::nullopt;
  }

  void markResult(const Expr *RHS, const std::string &Key) {
    if (Key.empty() || !RHS)
      return;
    // The calls whose value flows into the variable: through parentheses, casts, `!`,
    // comparisons and single-argument conversions.
    const Expr *E = strip(RHS);
    if (!E)
      return;
    if (auto *CE = dyn_cast<CallExpr>(E)) {
      ResultVars[CE] = Key;
      return;
    }
    if (auto *CC = dyn_cast<CXXConstructExpr>(E)) {
      if (CC->getNumArgs() == 1)
        markResult(CC->getArg(0), Key);
      return;
    }
    if (auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_LNot) {
      markResult(U->getSubExpr(), Key);
      return;
    }
    if (auto *BO = dyn_cast<BinaryOperator>(E); BO && isComparison(BO->getOpcode())) {
      markResult(BO->getLHS(), Key);
      markResult(BO->getRHS(), Key);
    }
  }

  void recordUnresolved(const CallExpr *E, const char *What) {
    CallSite S;
    S.loc = X.loc(E->getBeginLoc());
    S.calleeName = std::string("(") + What + ")";
    S.unresolved = true;
    S.loop = currentLoop();
    addSite(std::move(S), E);
  }

  void recordCall(const Expr *E, const FunctionDecl *Callee, bool Virtual,
                  llvm::ArrayRef<const Expr *> Args, const Expr *Object) {
    if (!Callee)
      return;
    auto Match = X.packMatch(Callee);
    if (Match && Match->api->kind == AccessKind::None)
      Match.reset(); // `kind: ignore`: a name a later glob would take, that is no access
    if (Match && Match->api->kind == AccessKind::Iterate) {
      recordIteration(E, Match->api->name, Args);
      return;
    }
    if (!Match && recordQueuedCall(E, Callee, Args))
      return;
    auto *MD = dyn_cast<CXXMethodDecl>(Callee);
    bool LambdaCall = MD && MD->getParent()->isLambda();
    if (!Match && !LambdaCall && X.inSystemHeader(Callee->getLocation())) {
      noteWrites(E, Callee, Args, Object, false); // v.push_back(x) still changes v
      return; // library code no pack describes: not part of the program model
    }
    CallSite S;
    S.loc = X.loc(E->getBeginLoc());
    if (auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
      S.loc = X.loc(OC->getOperatorLoc());
    else if (auto *MC = dyn_cast<CXXMemberCallExpr>(E))
      if (auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()))
        S.loc = X.loc(ME->getMemberLoc());
    S.calleeName = X.qualifiedName(Callee);
    S.calleeUsr = X.usr(Callee);
    // An explicit call of a lambda is an ordinary call edge; only the implicit ones (a
    // lambda handed to an algorithm, or written inline) are inlined into the caller.
    S.virtualDispatch = Virtual;
    S.loop = currentLoop();
    if (Match) {
      const ApiEntry &A = *Match->api;
      S.kind = A.kind;
      S.latency = A.latency;
      S.pack = Match->pack->name;
      S.api = S.calleeName;
      if (A.kind == AccessKind::Indirect) {
        S.unresolved = true;
        S.kind = AccessKind::None;
        S.calleeUsr.clear();
      }
      auto ArgExpr = [&](ArgRef R) -> const Expr * {
        if (R.index == ArgRef::This)
          return Object;
        if (R.index >= 0 && static_cast<size_t>(R.index) < Args.size())
          return Args[R.index];
        return nullptr;
      };
      S.failure = static_cast<uint8_t>(A.failure);
      if (const Expr *SqlE = ArgExpr(A.sqlArg)) {
        S.sql = constantText(SqlE);
        if (S.sql.empty())
          S.sqlPrefix = leadingText(SqlE);
        std::set<std::string> Seen;
        auto [Origin, Taint] = classify(SqlE, 0, Seen);
        S.sqlOrigin = Origin;
        S.sqlTaint = Taint;
        if (const ParmVarDecl *PV = parameterBehind(SqlE))
          S.sqlParam = static_cast<int>(PV->getFunctionScopeIndex());
        // The whole statement read from input (an editor's text): not spliced, run as is.
        if (auto *In = dyn_cast_or_null<CallExpr>(behindConversions(SqlE));
            In && isInput(In->getDirectCallee()))
          S.sqlTaint = "whole " + S.sqlTaint;
        else if (const ParmVarDecl *Fmt = formatParamBehind(SqlE, 0))
          S.sqlFormatParam = static_cast<int>(Fmt->getFunctionScopeIndex());
      }
      if (const Expr *DrvE = ArgExpr(A.driverArg))
        S.argStrings.push_back(constantText(DrvE)); // empty: chosen at run time
      if (const Expr *CmdE = ArgExpr(A.commandArg)) {
        // A cache command (Redis GET / SET): the call is a cache read or fill.
        std::string Cmd = constantText(CmdE);
        std::string Word;
        for (char C : Cmd) {
          if (C == ' ')
            break;
          Word += static_cast<char>(toupper(static_cast<unsigned char>(C)));
        }
        const RulePack &P = *Match->pack;
        if (llvm::is_contained(P.cacheReadCommands, Word))
          S.cacheRole = 1; // still a round trip of its own: a GET per key is an N+1 too
        else if (llvm::is_contained(P.cacheWriteCommands, Word))
          S.cacheRole = 2;
      }
      if (A.statementArg.index == ArgRef::This && isa<CXXConstructExpr>(E)) {
        auto It = Constructed.find(cast<CXXConstructExpr>(E));
        if (It != Constructed.end())
          S.statementVar = It->second;
      } else if (const Expr *StE = ArgExpr(A.statementArg)) {
        S.statementVar = X.varKey(StE);
        // Clearing a result straight away drops it unchecked: PQclear(PQexec(...)).
        if (A.kind == AccessKind::Finalize)
          if (auto *Inner = dyn_cast_or_null<CallExpr>(strip(StE)))
            Discarded.insert(Inner);
      }
    } else {
      for (const Expr *Arg : Args) {
        std::set<std::string> Seen;
        auto [Origin, Taint] = classify(Arg, 0, Seen);
        if (Origin == SqlOrigin::Strings && parameterBehind(Arg)) {
          Origin = SqlOrigin::Passed;
        } else if (Origin == SqlOrigin::Strings) {
          if (const ParmVarDecl *Fmt = formatParamBehind(Arg, 0)) {
            Origin = SqlOrigin::FormatOf;
            Taint = "parameter '" + Fmt->getName().str() + "'";
          }
        }
        S.argOrigins.push_back(static_cast<uint8_t>(Origin));
        S.argTaints.push_back(Taint);
        S.argStrings.push_back(constantText(Arg));
      }
    }
    for (const Expr *Arg : Args)
      collectVars(Arg, S.argVars);
    if (Object)
      collectVars(Object, S.argVars);
    for (const Expr *Arg : Args)
      if (hasOpaqueCall(Arg)) {
        S.argVars.push_back("<call>"); // a value computed by a call may change each time
        break;
      }
    S.argsText = argsText(Object, Args);
    addSite(std::move(S), E);
    // A container insert changes its container like any non-const call; other pack APIs
    // (q.exec()) do not make their object a different value.
    bool IsApi = Match.has_value() && Match->api->kind != AccessKind::Insert;
    noteWrites(E, Callee, Args, Object, IsApi, F.calls.back().seq);
  }

  /// Qt's queued call by name, `QMetaObject::invokeMethod(obj, "refresh", ...)`, with a
  /// literal name on a receiver whose class is known: a call edge to that method (the
  /// class's own or a base's; the first overload declared).
  bool recordQueuedCall(const Expr *E, const FunctionDecl *Callee,
                        llvm::ArrayRef<const Expr *> Args) {
    if (Args.size() < 2 || X.qualifiedName(Callee) != "QMetaObject::invokeMethod")
      return false;
    std::string Name = X.constantString(Args[1]);
    const Expr *Receiver = strip(Args[0]);
    if (Name.empty() || !Receiver)
      return false;
    QualType T = Receiver->getType();
    if (T->isPointerType())
      T = T->getPointeeType();
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (!RD || !RD->hasDefinition())
      return false;
    const CXXMethodDecl *Target = nullptr;
    std::vector<const CXXRecordDecl *> Work{RD->getDefinition()};
    for (size_t I = 0; I < Work.size() && !Target && I < 32; ++I) {
      for (const CXXMethodDecl *M : Work[I]->methods())
        if (M->getIdentifier() && M->getName() == Name) {
          Target = M;
          break;
        }
      for (const CXXBaseSpecifier &B : Work[I]->bases())
        if (const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl())
          if (Base->hasDefinition())
            Work.push_back(Base->getDefinition());
    }
    if (!Target)
      return false;
    const FunctionDecl *Body = Target;
    if (const FunctionDecl *Def = Target->getDefinition())
      Body = Def;
    CallSite S;
    S.loc = X.loc(E->getBeginLoc());
    S.calleeName = X.qualifiedName(Body);
    S.calleeUsr = X.usr(Body);
    S.virtualDispatch = Target->isVirtual();
    S.loop = currentLoop();
    addSite(std::move(S), E);
    return true;
  }

  /// std::for_each and friends: a loop of their own around each callable argument.
  void recordIteration(const Expr *E, const std::string &Api, llvm::ArrayRef<const Expr *> Args) {
    int Id = -1;
    for (const Expr *A : Args) {
      const Expr *S = strip(A);
      if (!S)
        continue;
      std::string Callee, Name;
      bool IsLambda = false;
      if (auto *LE = dyn_cast<LambdaExpr>(S)) {
        if (Id < 0)
          Id = pushIterateLoop(E, Api);
        IterateLambdas[LE] = Id;
        continue; // the site is added when the lambda itself is traversed
      }
      if (auto *DR = dyn_cast<DeclRefExpr>(S)) {
        if (auto *FD = dyn_cast<FunctionDecl>(DR->getDecl())) {
          Callee = X.usr(FD);
          Name = X.qualifiedName(FD);
        } else if (auto *VD = dyn_cast<VarDecl>(DR->getDecl())) {
          if (auto *LE = dyn_cast_or_null<LambdaExpr>(strip(VD->getInit()))) {
            Callee = X.lambdaKey(LE->getLambdaClass());
            Name = "lambda";
            IsLambda = true;
          }
        }
      }
      if (Callee.empty())
        continue;
      if (Id < 0)
        Id = pushIterateLoop(E, Api);
      CallSite Site;
      Site.loc = X.loc(S->getBeginLoc());
      Site.calleeUsr = Callee;
      Site.calleeName = Name;
      Site.calleeIsLambda = IsLambda;
      Site.loop = Id;
      addSite(std::move(Site), nullptr);
    }
  }

  int pushIterateLoop(const Expr *E, const std::string &Api) {
    int Id = pushLoop(LoopKind::Algorithm, E->getBeginLoc(), Api);
    Loops.pop_back(); // the loop covers only the callable, not the rest of the statement
    return Id;
  }

  void addSite(CallSite S, const Expr *E) {
    S.id = static_cast<int>(F.calls.size());
    S.exitedLoops = exitedLoops();
    S.inLoopCondition = CondLoop >= 0 && CondLoop == S.loop;
    S.upgradeOnly = UpgradeDepth > 0;
    S.runsOnce = OnceDepth > 0;
    S.leavesByException = !NextJumpThrows.empty() && NextJumpThrows.back() && CatchingDepth == 0;
    S.seq = ++Seq;
    for (const std::string &B : Branch)
      S.branch += (S.branch.empty() ? "" : "/") + B;
    if (E)
      S.resultDiscarded = Discarded.count(E) != 0;
    if (E) {
      auto It = ResultVars.find(E);
      if (It != ResultVars.end())
        S.resultVar = It->second;
    }
    F.calls.push_back(std::move(S));
  }

  // Data flow ---------------------------------------------------------------------------

  void collectVars(const Stmt *Root, std::vector<std::string> &Out) {
    walkPreOrder(Root, [&](const Stmt *S) {
      if (isa<LambdaExpr>(S))
        return false;
      std::string K;
      if (auto *DR = dyn_cast<DeclRefExpr>(S)) {
        if (isa<VarDecl>(DR->getDecl()))
          K = X.varKey(DR);
      } else if (auto *ME = dyn_cast<MemberExpr>(S)) {
        if (isa<FieldDecl>(ME->getMemberDecl()))
          K = X.varKey(ME);
      }
      if (!K.empty() && std::find(Out.begin(), Out.end(), K) == Out.end())
        Out.push_back(K);
      return true;
    });
  }

  /// A call in an argument whose result may differ from one evaluation to the next: any
  /// but const methods, operators and constructors.
  bool hasOpaqueCall(const Stmt *Root) {
    bool Found = false;
    // An expression too large to look through counts as opaque.
    bool Complete = walkPreOrder(Root, [&](const Stmt *S) {
      if (Found || isa<LambdaExpr>(S))
        return false;
      if (auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
        if (!MC->getMethodDecl() || !MC->getMethodDecl()->isConst())
          Found = true;
      } else if (isa<CallExpr>(S) && !isa<CXXOperatorCallExpr>(S)) {
        const FunctionDecl *FD = cast<CallExpr>(S)->getDirectCallee();
        if (!FD || !FD->isConstexpr())
          Found = true;
      }
      return !Found;
    });
    return Found || !Complete;
  }

  bool isModified(int L, const std::string &V) const {
    const auto &M = F.loops[L].modifiedVars;
    return std::find(M.begin(), M.end(), V) != M.end();
  }

  void addModified(int L, const std::string &V) {
    if (!V.empty() && !isModified(L, V))
      F.loops[L].modifiedVars.push_back(V);
  }

  /// Key is written: by an assignment from RHS (may be null), ++, &, a non-const reference.
  /// AtSeq: the sequence point of the call that writes (0: a new one).
  void assigned(const std::string &Key, const Expr *RHS, int AtSeq = 0) {
    if (Key.empty())
      return;
    F.assignments.emplace_back(Key, AtSeq ? AtSeq : ++Seq);
    for (int L : Loops)
      addModified(L, Key);
    // A member written: so is the object it belongs to, for the rules' purposes.
    size_t Dot = Key.rfind('.');
    if (Dot != std::string::npos)
      for (int L : Loops)
        addModified(L, Key.substr(0, Dot));
    if (RHS) {
      VarDefs[Key].push_back(RHS);
      std::vector<std::string> Reads;
      collectVars(RHS, Reads);
      for (const std::string &R : Reads)
        F.varDeps.emplace_back(Key, R);
    }
  }

  /// A mutex or another lock: locking it (lock_guard, m.lock()) changes no data the rules
  /// follow. Without this, a helper that locks a member mutex before a query under an `if`
  /// looked like a buffer that flushes behind a condition.
  static bool isSynchronization(const Expr *E) {
    if (!E)
      return false;
    const CXXRecordDecl *RD = E->getType().getNonReferenceType()->getAsCXXRecordDecl();
    if (!RD || !RD->getIdentifier())
      return false;
    llvm::StringRef N = RD->getName();
    return N.contains_insensitive("mutex") || N.contains_insensitive("spinlock") ||
           N.contains_insensitive("critical_section") || N == "CriticalSection" ||
           N.contains_insensitive("semaphore");
  }

  /// Objects a call may change: the object of a non-const method, variables passed by
  /// non-const reference, arrays passed to non-const pointers (snprintf's buffer).
  void noteWrites(const Expr *E, const FunctionDecl *Callee, llvm::ArrayRef<const Expr *> Args,
                  const Expr *Object, bool IsApi, int AtSeq = 0) {
    auto *MD = dyn_cast<CXXMethodDecl>(Callee);
    if (Object && MD && !MD->isConst() && !IsApi && !isa<CXXOperatorCallExpr>(E) &&
        !isSynchronization(strip(Object)))
      assigned(X.varKey(Object), E, AtSeq);
    for (size_t I = 0; I < Args.size() && I < Callee->getNumParams(); ++I) {
      QualType T = Callee->getParamDecl(I)->getType();
      bool ByRef = T->isLValueReferenceType() && !T.getNonReferenceType().isConstQualified();
      bool IntoArray = T->isPointerType() && !T->getPointeeType().isConstQualified() &&
                       strip(Args[I]) && strip(Args[I])->getType()->isConstantArrayType();
      if ((ByRef || IntoArray) && !isSynchronization(strip(Args[I])))
        assigned(X.varKey(Args[I]), E, AtSeq);
    }
  }

  void markDiscarded(const Stmt *S) {
    auto *E = dyn_cast_or_null<Expr>(S);
    if (!E)
      return;
    if (auto *W = dyn_cast<ExprWithCleanups>(E))
      E = W->getSubExpr();
    E = E->IgnoreParens();
    if (auto *CE = dyn_cast<CallExpr>(E))
      Discarded.insert(CE);
  }

  static constexpr unsigned MaxArgTextBytes = 4096;

  std::string argsText(const Expr *Object, llvm::ArrayRef<const Expr *> Args) {
    std::string Out;
    auto Text = [&](const Expr *A) {
      if (!A)
        return std::string();
      CharSourceRange R = CharSourceRange::getTokenRange(A->getSourceRange());
      // An argument thousands of characters long (a generated `<<` chain) stands for itself
      // by position: copying its text at every call of the chain would be quadratic.
      SourceLocation B = X.SM.getFileLoc(R.getBegin()), E = X.SM.getFileLoc(R.getEnd());
      if (B.isValid() && E.isValid() && X.SM.getFileID(B) == X.SM.getFileID(E) &&
          X.SM.getFileOffset(E) > X.SM.getFileOffset(B) + MaxArgTextBytes)
        return "<" + std::to_string(X.SM.getFileOffset(B)) + "-" +
               std::to_string(X.SM.getFileOffset(E)) + ">";
      std::string T = Lexer::getSourceText(R, X.SM, X.Ctx.getLangOpts()).str();
      std::string Folded;
      for (char C : T)
        if (!isspace(static_cast<unsigned char>(C)))
          Folded += C;
      return Folded;
    };
    if (Object)
      Out = Text(Object) + "|";
    for (size_t I = 0; I < Args.size(); ++I)
      Out += (I ? "," : "") + Text(Args[I]);
    return Out;
  }

  /// Constant text of an expression: literals, constants, and local strings defined once
  /// from those (`std::string sql = "SELECT ..."; run(sql.c_str())`).
  std::string constantText(const Expr *E, int Depth = 0) {
    std::string T = X.constantString(E);
    if (!T.empty() || Depth > 3)
      return T;
    const Expr *S = strip(E);
    if (auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(S))
      if (auto *MD = MC->getMethodDecl();
          MD && MD->getIdentifier() && (MD->getName() == "c_str" || MD->getName() == "data"))
        S = strip(MC->getImplicitObjectArgument());
    auto *DR = dyn_cast_or_null<DeclRefExpr>(S);
    auto *VD = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
    if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD))
      return {};
    auto It = VarDefs.find(X.declKey(VD));
    if (It == VarDefs.end() || It->second.size() != 1)
      return {};
    return constantText(It->second.front(), Depth + 1);
  }

  /// The literal a string built at run time starts with: `"UPDATE t SET " + x` -> "UPDATE t SET ".
  std::string leadingText(const Expr *E, int Depth = 0) {
    const Expr *S = strip(E);
    if (!S || Depth > 6)
      return {};
    std::string T = constantText(S);
    if (!T.empty())
      return T;
    if (auto *MC = dyn_cast<CXXMemberCallExpr>(S))
      return leadingText(MC->getImplicitObjectArgument(), Depth + 1);
    if (auto *OC = dyn_cast<CXXOperatorCallExpr>(S); OC && OC->getNumArgs() >= 1)
      return leadingText(OC->getArg(0), Depth + 1);
    if (auto *CC = dyn_cast<CXXConstructExpr>(S); CC && CC->getNumArgs() >= 1)
      return leadingText(CC->getArg(0), Depth + 1);
    if (auto *DR = dyn_cast<DeclRefExpr>(S))
      if (auto *VD = dyn_cast<VarDecl>(DR->getDecl()); VD && VD->hasLocalStorage()) {
        auto It = VarDefs.find(X.declKey(VD));
        if (It != VarDefs.end() && !It->second.empty())
          return leadingText(It->second.front(), Depth + 1);
      }
    return {};
  }

  /// How a string was built (dynamic-sql): literals only, integers formatted in, or other
  /// strings, following local variables to their definitions.
  std::pair<SqlOrigin, std::string> classify(const Expr *E, int Depth,
                                             std::set<std::string> &Seen) {
    E = strip(E);
    if (!E || Depth > 8)
      return {SqlOrigin::Unknown, ""};
    if (isa<StringLiteral>(E) || isa<UserDefinedLiteral>(E) || isa<CXXDefaultArgExpr>(E))
      return {SqlOrigin::Constant, ""}; // "..."_s; a default argument the caller never wrote
    QualType T = E->getType();
    if (!T.isNull() && (T->isIntegerType() || T->isRealFloatingType() || T->isEnumeralType()))
      return {SqlOrigin::Integers, ""};
    if (isa<CXXNullPtrLiteralExpr>(E) || isa<GNUNullExpr>(E))
      return {SqlOrigin::Constant, ""};
    auto Combine = [&](std::pair<SqlOrigin, std::string> &Acc,
                       std::pair<SqlOrigin, std::string> V) {
      // Among strings, a parameter wins: it can be followed to the callers, where outside
      // data may enter; a member or a call's result is only "unknown".
      if (V.first > Acc.first ||
          (V.first == SqlOrigin::Strings && Acc.first == SqlOrigin::Strings &&
           V.second.rfind("parameter '", 0) == 0 && Acc.second.rfind("parameter '", 0) != 0))
        Acc = V;
    };
    if (auto *DR = dyn_cast<DeclRefExpr>(E)) {
      auto *VD = dyn_cast<VarDecl>(DR->getDecl());
      if (!VD)
        return {SqlOrigin::Unknown, ""};
      if (isa<ParmVarDecl>(VD))
        return {SqlOrigin::Strings, "parameter '" + VD->getName().str() + "'"};
      if (!VD->hasLocalStorage() && !VD->isStaticLocal()) {
        if (VD->getInit() && (VD->isConstexpr() || VD->getType().isConstQualified()))
          return classify(VD->getInit(), Depth + 1, Seen);
        return {SqlOrigin::Strings, "global '" + VD->getName().str() + "'"};
      }
      std::string Key = X.declKey(VD);
      if (!Seen.insert(Key).second)
        return {SqlOrigin::Unknown, ""};
      std::pair<SqlOrigin, std::string> Acc{SqlOrigin::Constant, ""};
      auto It = VarDefs.find(Key);
      if (It != VarDefs.end())
        for (const Expr *D : It->second)
          Combine(Acc, classify(D, Depth + 1, Seen));
      else if (VD->getInit()) // a loop variable, or a declaration not walked
        Combine(Acc, classify(VD->getInit(), Depth + 1, Seen));
      else if (VD->isStaticLocal())
        Combine(Acc, {SqlOrigin::Strings, "static local '" + VD->getName().str() + "'"});
      // Text that reaches the variable only through a macro's internals (Qt's foreach
      // container): name the variable the user wrote, not the macro's fields.
      if (Acc.first == SqlOrigin::Strings && Acc.second.rfind("parameter '", 0) != 0) {
        bool Internal = true;
        if (It != VarDefs.end())
          for (const Expr *D : It->second)
            Internal = Internal && D->getBeginLoc().isMacroID();
        else
          Internal = VD->getInit() && VD->getInit()->getBeginLoc().isMacroID();
        if (Internal)
          Acc.second = "variable '" + VD->getName().str() + "'";
      }
      return Acc;
    }
    if (auto *ME = dyn_cast<MemberExpr>(E))
      if (isa<FieldDecl>(ME->getMemberDecl()))
        return {SqlOrigin::Strings, "member '" + ME->getMemberDecl()->getName().str() + "'"};
    if (auto *CE = dyn_cast<CallExpr>(E)) {
      // Escaped or quoted by a function made for it (PQescapeLiteral, escapeIdentifier,
      // QSqlDriver::escapeIdentifier, a project's quoteString): safe to splice in.
      if (const FunctionDecl *FD = CE->getDirectCallee(); FD && FD->getIdentifier()) {
        llvm::StringRef N = FD->getName();
        if (N.contains_insensitive("escape") || N.contains_insensitive("quote"))
          return {SqlOrigin::Constant, ""};
      }
      // Text read from outside the program: the environment, a file, a socket, a widget
      // the user types into, a network reply, a URL's query.
      if (const FunctionDecl *FD = CE->getDirectCallee(); isInput(FD))
        return {SqlOrigin::Strings, "input from '" + X.qualifiedName(FD) + "'"};
      // A call builds its string from its arguments (and its object): std::string's +,
      // std::to_string, std::format, QString::arg, snprintf, stream << ..., .c_str().
      std::pair<SqlOrigin, std::string> Acc{SqlOrigin::Constant, ""};
      bool Any = false;
      if (auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
        Combine(Acc, classify(MC->getImplicitObjectArgument(), Depth + 1, Seen));
        Any = true;
      }
      for (const Expr *A : CE->arguments()) {
        Combine(Acc, classify(A, Depth + 1, Seen));
        Any = true;
      }
      if (!Any) {
        const FunctionDecl *FD = CE->getDirectCallee();
        return {SqlOrigin::Strings,
                "the result of '" + (FD ? X.qualifiedName(FD) : std::string("a call")) + "'"};
      }
      return Acc;
    }
    if (auto *CC = dyn_cast<CXXConstructExpr>(E)) {
      std::pair<SqlOrigin, std::string> Acc{SqlOrigin::Constant, ""};
      for (const Expr *A : CC->arguments())
        Combine(Acc, classify(A, Depth + 1, Seen));
      return Acc;
    }
    if (auto *BO = dyn_cast<BinaryOperator>(E)) {
      std::pair<SqlOrigin, std::string> Acc{SqlOrigin::Constant, ""};
      Combine(Acc, classify(BO->getLHS(), Depth + 1, Seen));
      Combine(Acc, classify(BO->getRHS(), Depth + 1, Seen));
      return Acc;
    }
    if (auto *CO = dyn_cast<ConditionalOperator>(E)) {
      std::pair<SqlOrigin, std::string> Acc{SqlOrigin::Constant, ""};
      Combine(Acc, classify(CO->getTrueExpr(), Depth + 1, Seen));
      Combine(Acc, classify(CO->getFalseExpr(), Depth + 1, Seen));
      return Acc;
    }
    if (auto *AS = dyn_cast<ArraySubscriptExpr>(E))
      return classify(AS->getBase(), Depth + 1, Seen);
    return {SqlOrigin::Unknown, ""};
  }

  Extractor &X;
  FunctionFact &F;
  std::vector<int> Loops;
  std::vector<int> BreakTargets; // innermost last: a loop id, or -1 for a switch
  std::map<int, std::vector<std::string>> RangeFrom; // range-for id -> variables of its range
  std::map<int, const Stmt *> LoopStmts;             // loop id -> its statement
  std::vector<std::vector<int>> ExitStack; // loops left by jumps after the current statement
  std::map<const VarDecl *, size_t>
      DeclLoopDepth; // how many loops were open at a local's declaration

public:
  const Stmt *Root = nullptr; // the body walked: where a flag could be re-armed

private:
  int CondLoop = -1;
  int UpgradeDepth = 0; // inside a branch that runs on a schema upgrade
  int OnceDepth = 0;    // inside what runs once per program (a static local's set-up)
  // Per statement with a jump after it, innermost last: is that jump a throw (or a
  // [[noreturn]] call)?
  std::vector<bool> NextJumpThrows;
  int CatchingDepth = 0; // inside a try block of this function that catches
  int Seq = 0;
  int IfCounter = 0;
  std::vector<std::string> Branch;
  llvm::DenseSet<const Expr *> Discarded;
  llvm::DenseMap<const CXXConstructExpr *, std::string> Constructed;
  std::map<std::string, std::vector<const Expr *>> VarDefs;
  llvm::DenseMap<const Expr *, std::string> ResultVars;
  llvm::DenseMap<const LambdaExpr *, int> IterateLambdas;
};

void Extractor::extractFunction(const FunctionDecl *FD) {
  FunctionFact F;
  F.usr = usr(FD);
  if (F.usr.empty())
    return;
  F.name = qualifiedName(FD);
  F.loc = loc(FD->getLocation());
  F.endLine = loc(FD->getEndLoc()).line;
  if (auto *TL = FD->getTemplateInstantiationPattern()) // a template's body is where it is written
    F.endLine = loc(TL->getEndLoc()).line;
  for (const auto *A : FD->specific_attrs<AnnotateAttr>())
    if (A->getAnnotation() == "riskgate:hot")
      F.hot = true;
  if (auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
    std::vector<const CXXMethodDecl *> Work(MD->begin_overridden_methods(),
                                            MD->end_overridden_methods());
    std::set<std::string> Seen;
    while (!Work.empty()) {
      const CXXMethodDecl *O = Work.back();
      Work.pop_back();
      if (Seen.insert(usr(O)).second)
        Work.insert(Work.end(), O->begin_overridden_methods(), O->end_overridden_methods());
    }
    F.overrides.assign(Seen.begin(), Seen.end());
  }
  for (const ParmVarDecl *P : FD->parameters()) {
    F.params.push_back(declKey(P));
    if (isDataType(P->getType()))
      F.dataParams.push_back(declKey(P));
  }
  BodyWalker W(*this, F);
  if (auto *CD = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *Init : CD->inits())
      if (Init->isWritten())
        W.TraverseStmt(Init->getInit());
  W.Root = FD->getBody();
  W.TraverseStmt(FD->getBody());
  Out.functions.push_back(std::move(F));
}

void Extractor::extractLambda(const LambdaExpr *LE, const std::string &Key) {
  if (!LambdasDone.insert(Key).second)
    return;
  FunctionFact F;
  F.usr = Key;
  F.isLambda = true;
  const CXXMethodDecl *Op = LE->getCallOperator();
  F.name = Op ? qualifiedName(Op) : "(lambda)";
  F.loc = loc(LE->getBeginLoc());
  F.endLine = loc(LE->getEndLoc()).line;
  if (Op)
    for (const ParmVarDecl *P : Op->parameters())
      F.params.push_back(declKey(P));
  BodyWalker W(*this, F);
  W.Root = LE->getBody();
  W.TraverseStmt(LE->getBody());
  Out.functions.push_back(std::move(F));
}

/// Finds the function definitions of the translation unit; bodies are left to BodyWalker.
class FunctionCollector : public RecursiveASTVisitor<FunctionCollector> {
public:
  explicit FunctionCollector(Extractor &X) : X(X) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseStmt(Stmt *) { return true; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (!FD->doesThisDeclarationHaveABody() || FD->isImplicit() || FD->isDeleted())
      return true;
    if (auto *MD = dyn_cast<CXXMethodDecl>(FD); MD && MD->getParent()->isLambda())
      return true;
    if (X.inSystemHeader(FD->getLocation()))
      return true;
    X.extractFunction(FD);
    return true;
  }

private:
  Extractor &X;
};

} // namespace

void extractFacts(clang::ASTContext &Ctx, const PackSet &Packs, TuFacts &Out,
                  const std::vector<std::string> *SystemDirs) {
  Extractor X(Ctx, Packs, Out);
  X.SystemDirs = SystemDirs;
  FunctionCollector C(X);
  C.TraverseDecl(Ctx.getTranslationUnitDecl());
  X.collectIncludes();
}

} // namespace riskgate
