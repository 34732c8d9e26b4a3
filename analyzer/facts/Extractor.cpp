// Where things are and what they are called: locations, USRs, qualified names, variable
// keys, constant text, pack matches, the headers a unit includes.
#include "facts/Walker.h"

#include <cctype>

namespace riskgate::extract {

bool isComparison(BinaryOperatorKind Op) { return BinaryOperator::isComparisonOp(Op); }

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

SourceLoc Extractor::loc(SourceLocation L) {
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

std::string Extractor::fileName(FileID FID) {
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

bool Extractor::inSystemHeader(SourceLocation L) {
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

const std::string &Extractor::usr(const Decl *D) {
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
  // Clang names a file-local declaration by its file's base name (a `static` function) or not
  // at all (a member of an anonymous namespace): `namespace { void save(...) }` in a/store.cpp
  // and in b/store.cpp would be one function, and a call in b would run a's body. The path of
  // the file that declares it first tells them apart; a header's stays shared by its units.
  if (auto *ND = dyn_cast<NamedDecl>(D); ND && !S.empty() && !ND->isExternallyVisible())
    if (std::string File =
            fileName(SM.getFileID(SM.getFileLoc(ND->getCanonicalDecl()->getLocation())));
        !File.empty())
      S += "@" + File;
  return S;
}

std::string Extractor::qualifiedName(const NamedDecl *D) {
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

std::optional<PackSet::Match> Extractor::packMatch(const FunctionDecl *FD) {
  auto It = Matches.find(FD);
  if (It != Matches.end())
    return It->second;
  auto M = Packs.match(qualifiedName(FD), declFile(FD), static_cast<int>(FD->getNumParams()));
  Matches[FD] = M;
  return M;
}

std::string Extractor::varKey(const Expr *E) {
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
  // A smart pointer's `->` and `*` (`table->clear()` on a std::unique_ptr): the object is
  // the one the pointer variable holds.
  if (auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
      OC && OC->getNumArgs() == 1 &&
      (OC->getOperator() == OO_Arrow || OC->getOperator() == OO_Star))
    return varKey(OC->getArg(0));
  return {};
}

std::string Extractor::constantString(const Expr *E, int Depth) {
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
                              "fromUtf16", "fromRawData", "fromStdU16String", "qMakeStringPrivate",
                              "qMakeByteArrayPrivate"},
                             FD->getName()))
        return constantString(CE->getArg(0), Depth + 1);
    return {};
  }
  if (auto *CE = dyn_cast<CXXConstructExpr>(E))
    return CE->getNumArgs() >= 1 ? constantString(CE->getArg(0), Depth + 1) : std::string();
  if (auto *DR = dyn_cast<DeclRefExpr>(E))
    if (auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
      // A static member's constant sits on its in-class declaration; the expression may
      // name the out-of-line one (`constexpr const char *Table::NAME;`).
      if (const Expr *Init = VD->getAnyInitializer(); Init && fixedByInitializer(VD))
        return constantString(Init, Depth + 1);
  return {};
}

namespace {
/// The globals a unit writes: assigned, incremented, address taken, bound to a non-const
/// reference (a call that may write them).
class GlobalWrites : public RecursiveASTVisitor<GlobalWrites> {
public:
  GlobalWrites(Extractor &X, std::set<const VarDecl *> &Out) : X(X), Out(Out) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseDecl(Decl *D) {
    if (D && (D->isFromASTFile() ||
              (!isa<TranslationUnitDecl>(D) && X.inSystemHeader(D->getLocation()))))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  void note(const Expr *E) {
    E = E ? E->IgnoreParenImpCasts() : nullptr;
    if (auto *DR = dyn_cast_or_null<DeclRefExpr>(E))
      if (auto *VD = dyn_cast<VarDecl>(DR->getDecl()); VD && VD->hasGlobalStorage())
        Out.insert(VD->getCanonicalDecl());
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp())
      note(BO->getLHS());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf)
      note(U->getSubExpr());
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *OC) {
    if (OC->isAssignmentOp() && OC->getNumArgs() >= 1)
      note(OC->getArg(0));
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) { // `auto &r = global;`
    if (VD->getType()->isReferenceType() && !VD->getType().getNonReferenceType().isConstQualified())
      note(VD->getInit());
    return true;
  }
  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *FD = CE->getDirectCallee();
    // A method that may change its object (`tables.push_back(t)`).
    if (auto *MC = dyn_cast<CXXMemberCallExpr>(CE))
      if (auto *MD = MC->getMethodDecl(); MD && !MD->isConst())
        note(MC->getImplicitObjectArgument());
    for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
      QualType T = FD && I < FD->getNumParams() ? FD->getParamDecl(I)->getType() : QualType();
      const Expr *A = CE->getArg(I)->IgnoreParenImpCasts();
      bool ByRef =
          !T.isNull() && T->isReferenceType() && !T.getNonReferenceType().isConstQualified();
      // An array handed to a pointer that may write through it (`strcpy(name, ...)`).
      bool IntoArray =
          A->getType()->isArrayType() &&
          (T.isNull() || (T->isPointerType() && !T->getPointeeType().isConstQualified()));
      if (ByRef || IntoArray)
        note(A);
    }
    return true;
  }

private:
  Extractor &X;
  std::set<const VarDecl *> &Out;
};
} // namespace

bool Extractor::fixedByInitializer(const VarDecl *VD) {
  if (VD->isConstexpr() || VD->getType().isConstQualified())
    return true;
  if (!VD->hasGlobalStorage() || VD->isStaticLocal() || VD->getType().isVolatileQualified() ||
      !VD->getAnyInitializer() || VD->isExternallyVisible())
    return false;
  if (!WrittenScanned) {
    WrittenScanned = true;
    GlobalWrites W(*this, WrittenGlobals);
    W.TraverseDecl(Ctx.getTranslationUnitDecl());
  }
  return WrittenGlobals.count(VD->getCanonicalDecl()) == 0;
}

void Extractor::macroNames(SourceLocation L, std::vector<std::string> &Out) {
  for (int Guard = 0; L.isMacroID() && Guard < 8; ++Guard) {
    llvm::StringRef Name = Lexer::getImmediateMacroName(L, SM, Ctx.getLangOpts());
    if (!Name.empty() && std::find(Out.begin(), Out.end(), Name.str()) == Out.end())
      Out.push_back(Name.str());
    L = SM.getImmediateMacroCallerLoc(L);
  }
}

bool Extractor::isCollection(QualType T) {
  T = T.getNonReferenceType();
  auto *RD = T->isPointerType() ? nullptr : T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition() || !RD->getIdentifier())
    return false;
  llvm::StringRef N = RD->getName();
  if (N == "basic_string" || N == "basic_string_view" || N == "QString" || N == "QByteArray")
    return false;
  return !RD->lookup(&RD->getASTContext().Idents.get("begin")).empty();
}

bool Extractor::isDataType(QualType T) {
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

/// The words of an identifier, lower case: `useTransactions_` -> use, transactions.
std::vector<std::string> identifierWords(llvm::StringRef N) {
  std::vector<std::string> Words;
  std::string Cur;
  for (size_t I = 0; I < N.size(); ++I) {
    char C = N[I];
    bool Boundary = !std::isalnum(static_cast<unsigned char>(C)) ||
                    (std::isupper(static_cast<unsigned char>(C)) && I > 0 &&
                     std::islower(static_cast<unsigned char>(N[I - 1])));
    if (Boundary && !Cur.empty()) {
      Words.push_back(Cur);
      Cur.clear();
    }
    if (std::isalnum(static_cast<unsigned char>(C)))
      Cur += static_cast<char>(std::tolower(static_cast<unsigned char>(C)));
  }
  if (!Cur.empty())
    Words.push_back(Cur);
  return Words;
}

bool Extractor::isRequestType(QualType T) {
  QualType Pointee = T->isReferenceType() ? T.getNonReferenceType()
                     : T->isPointerType() ? T->getPointeeType()
                                          : QualType();
  if (Pointee.isNull())
    return false;
  const CXXRecordDecl *RD = Pointee->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier() || RD->isInStdNamespace())
    return false;
  // Named for what it is (`request`, `HttpRequest`, `Cutelyst::Request`, `RequestContext`):
  // a class handed in read-only is as often the program's own value (a table's definition,
  // a list of files) whose size a caller chose. A network packet (`AppPacket`,
  // `EQApplicationPacket`) is what a peer sent, read-only or not (reading one often moves
  // its read position).
  // Not one the program builds to send (`PacketBuilder`, `OutgoingPacket`, `PacketWriter`).
  llvm::StringRef N = RD->getName();
  if (Pointee.isConstQualified() && N.contains_insensitive("request"))
    return true;
  std::vector<std::string> Words = identifierWords(N);
  static const std::set<std::string> Sending = {"builder",  "writer", "out",    "outgoing",
                                                "outbound", "send",   "sender", "serializer",
                                                "queue",    "pool",   "factory"};
  return std::find(Words.begin(), Words.end(), "packet") != Words.end() &&
         std::none_of(Words.begin(), Words.end(),
                      [](const std::string &W) { return Sending.count(W) > 0; });
}

void Extractor::collectIncludes() {
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

} // namespace riskgate::extract
