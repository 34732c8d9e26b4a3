// Where SQL text comes from: constants, printf-style formats, streams, parameters handed
// on, and input from outside the program.
#include "core/PrintfFormat.h"
#include "facts/Walker.h"

#include "clang/AST/ParentMapContext.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <set>

namespace riskgate::extract {

std::optional<BufferWrite> bufferWrite(const Expr *E) {
  auto *CE = dyn_cast_or_null<CallExpr>(E);
  const FunctionDecl *FD = CE ? CE->getDirectCallee() : nullptr;
  if (!FD || !FD->getIdentifier())
    return std::nullopt;
  llvm::StringRef N = FD->getName();
  N.consume_front("__builtin_");
  bool Checked = N.consume_front("__"); // _FORTIFY_SOURCE's __snprintf_chk and friends
  if (Checked && !N.consume_back("_chk"))
    return std::nullopt;
  BufferWrite W;
  // The checked forms take a flag and the buffer's size after the buffer (and its length).
  int Extra = Checked ? 2 : 0;
  if (N == "snprintf" || N == "vsnprintf")
    W.format = 2 + Extra;
  else if (N == "sprintf" || N == "vsprintf")
    W.format = 1 + Extra;
  else if (N == "strcpy" || N == "strncpy" || N == "strlcpy" || N == "stpcpy" || N == "stpncpy")
    W.source = 1;
  else if (N == "strcat" || N == "strncat" || N == "strlcat") {
    W.source = 1;
    W.append = true;
  } else if (N == "memset" || N == "bzero" || N == "explicit_bzero") {
    W.clears = true;
  } else {
    return std::nullopt;
  }
  unsigned Needed = static_cast<unsigned>(std::max(W.format, W.source) + 1);
  if (CE->getNumArgs() < Needed)
    return std::nullopt;
  W.values = W.format >= 0 ? W.format + 1 : -1;
  return W;
}

const ParmVarDecl *BodyWalker::formatParamBehind(const Expr *E, int Depth) {
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
    // `vsnprintf(buf, sizeof buf, fmt, ap)`: the buffer holds what fmt makes of the values.
    if (auto W = bufferWrite(CE); W && W->format >= 0)
      return parameterBehind(CE->getArg(static_cast<unsigned>(W->format)));
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD || !FD->getIdentifier())
      return nullptr;
    llvm::StringRef N = FD->getName();
    if (!N.contains_insensitive("mprintf") && !N.contains_insensitive("asprintf") &&
        N != "format" && N != "vformat")
      return nullptr;
    // The format is the first argument but asprintf's output pointer (`char **`); the
    // arguments formatted into it (`format("... {}", id)`) are values, not the format.
    for (const Expr *A : CE->arguments()) {
      QualType T = A->getType().getNonReferenceType();
      if (T->isPointerType() && T->getPointeeType()->isPointerType())
        continue;
      if (const auto *RD = T->getAsCXXRecordDecl();
          RD && RD->getIdentifier() && RD->getName() == "locale")
        continue; // std::format(loc, fmt, ...)
      return parameterBehind(A);
    }
  }
  return nullptr;
}

const ParmVarDecl *BodyWalker::parameterBehind(const Expr *E) {
  const Expr *Inner = behindConversions(E);
  auto *DR = dyn_cast_or_null<DeclRefExpr>(Inner);
  return DR ? dyn_cast<ParmVarDecl>(DR->getDecl()) : nullptr;
}

bool BodyWalker::isInput(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier())
    return false;
  static const char *const Inputs[] = {
      "getenv", "secure_getenv", "qgetenv", "qEnvironmentVariable", "QLineEdit::text",
      "QTextEdit::toPlainText", "QPlainTextEdit::toPlainText", "QComboBox::currentText",
      "QInputDialog::getText", "QIODevice::readAll", "QIODevice::readLine", "QIODevice::read",
      "QUrlQuery::queryItemValue", "QUrl::query", "QProcessEnvironment::value", "std::getline",
      "fgets", "fread", "recv", "recvfrom",
      // a parsed document's elements: as many as its producer (a file, a server) put in
      "QDomDocument::elementsByTagName", "QDomElement::elementsByTagName", "QDomNode::childNodes",
      "QJsonDocument::fromJson", "QJsonDocument::array", "QJsonValue::toArray",
      // a directory's listing: as many names as it holds
      "QDir::entryList", "QDir::entryInfoList", "QDirIterator::next", "QDirIterator::nextFileInfo",
      "readdir", "scandir", "glob"};
  std::string Q = X.qualifiedName(FD);
  for (const char *In : Inputs)
    if (Q == In)
      return true;
  return false;
}

const Expr *BodyWalker::behindConversions(const Expr *E) {
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
    // QString's own conversions from bytes: QString::fromUtf8(script).
    if (auto *CE = dyn_cast_or_null<CallExpr>(E); CE && CE->getNumArgs() >= 1) {
      const FunctionDecl *FD = CE->getDirectCallee();
      auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
      if (!MD || !MD->isStatic() || !MD->getIdentifier() || !MD->getParent()->getIdentifier() ||
          MD->getParent()->getName() != "QString")
        return E;
      llvm::StringRef N = MD->getName();
      if (N != "fromUtf8" && N != "fromLatin1" && N != "fromLocal8Bit" && N != "fromStdString" &&
          N != "fromUtf16")
        return E;
      E = CE->getArg(0);
      continue;
    }
    return E;
  }
  return E;
}

const Expr *BodyWalker::streamOf(const CXXOperatorCallExpr *Top) {
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

void BodyWalker::noteStreamChain(const CXXOperatorCallExpr *Top) {
  llvm::SmallVector<const Expr *, 4> Above;
  const CXXOperatorCallExpr *Link = Top;
  while (true) {
    auto *Inner = dyn_cast_or_null<CXXOperatorCallExpr>(strip(Link->getArg(0)));
    if (!Inner || Inner->getOperator() != OO_LessLess || Inner->getNumArgs() != 2)
      break;
    Above.push_back(Link->getArg(1));
    StreamLinks.insert(Inner);
    Link = Inner;
  }
  if (Above.empty())
    return;
  std::reverse(Above.begin(), Above.end());
  StreamTail[Link] = std::move(Above);
}

void BodyWalker::streamedSql(CallSite &S, const Expr *First, llvm::ArrayRef<const Expr *> Tail) {
  llvm::SmallVector<const Expr *, 8> Pieces{First};
  Pieces.append(Tail.begin(), Tail.end());
  std::string Text;
  bool Whole = true; // every piece so far is constant text
  bool Unknown = false;
  std::pair<SqlOrigin, std::string> Acc{SqlOrigin::Constant, ""};
  for (const Expr *P : Pieces) {
    std::set<std::string> Seen;
    auto V = classify(P, 0, Seen);
    if (V.first == SqlOrigin::Passed || V.first == SqlOrigin::FormatOf)
      V.first = SqlOrigin::Strings; // spliced in with other text, not handed on whole
    Unknown = Unknown || V.first == SqlOrigin::Unknown;
    if (V.first > Acc.first ||
        (V.first == SqlOrigin::Strings && Acc.first == SqlOrigin::Strings &&
         Acc.second.rfind("parameter '", 0) != 0 && V.second.rfind("parameter '", 0) == 0))
      Acc = V;
    if (!Whole)
      continue;
    std::string T = constantText(P);
    if (!T.empty() || isa_and_nonnull<StringLiteral>(strip(P))) {
      Text += T;
      continue;
    }
    Whole = false;
    Text += leadingText(P);
    if (const Expr *Next = firstRunTimePiece(P)) // `m_name + "\""`: m_name
      S.sqlNext = pieceVar(Next);
  }
  if (Whole)
    S.sql = Text;
  else
    S.sqlPrefix = Text;
  // A piece riskgate cannot trace leaves the text unknown, never constant.
  S.sqlOrigin = Whole                                         ? SqlOrigin::Constant
                : Acc.first == SqlOrigin::Constant && Unknown ? SqlOrigin::Unknown
                                                              : Acc.first;
  S.sqlTaint = Whole ? std::string() : Acc.second;
  // Text that starts with a parameter (`sql_ << query << " LIMIT 1"`) runs what the caller
  // hands in, as a wrapper does.
  if (const ParmVarDecl *PV = parameterBehind(First))
    S.sqlParam = static_cast<int>(PV->getFunctionScopeIndex());
}

namespace {
/// The two sides of a concatenation written with `+` (built in, or an overloaded operator
/// such as std::string's and QString's), or nulls.
std::pair<const Expr *, const Expr *> sumOperands(const Expr *Sum) {
  if (auto *BO = dyn_cast<BinaryOperator>(Sum); BO && BO->getOpcode() == BO_Add)
    return {BO->getLHS(), BO->getRHS()};
  if (auto *OC = dyn_cast<CXXOperatorCallExpr>(Sum);
      OC && OC->getOperator() == OO_Plus && OC->getNumArgs() == 2)
    return {OC->getArg(0), OC->getArg(1)};
  return {nullptr, nullptr};
}
} // namespace

const Expr *BodyWalker::firstRunTimePiece(const Expr *E, int Depth) {
  const Expr *S = behindConversions(E);
  if (!S || Depth > 6 || !constantText(S).empty() || isa<StringLiteral>(S))
    return nullptr;
  if (auto [L, R] = sumOperands(S); L && R) {
    if (const Expr *P = firstRunTimePiece(L, Depth + 1))
      return P;
    return firstRunTimePiece(R, Depth + 1);
  }
  if (const Expr *Def = onlyDefinition(S))
    return firstRunTimePiece(Def, Depth + 1);
  return S;
}

std::string BodyWalker::pieceVar(const Expr *Piece) {
  const Expr *S = behindConversions(Piece);
  for (int I = 0; I < 3 && S; ++I) {
    auto *MC = dyn_cast<CXXMemberCallExpr>(S);
    auto *MD = MC ? MC->getMethodDecl() : nullptr;
    if (!MD || !MD->getIdentifier() || MC->getNumArgs() != 0 ||
        (MD->getName() != "c_str" && MD->getName() != "data" && MD->getName() != "toStdString" &&
         MD->getName() != "toUtf8"))
      break;
    S = behindConversions(MC->getImplicitObjectArgument());
  }
  return X.varKey(S);
}

std::string BodyWalker::argsText(const Expr *Object, llvm::ArrayRef<const Expr *> Args) {
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

/// The string object behind `s.c_str()` or `s.data()` (stripped), else S itself.
static const Expr *behindCharAccess(const Expr *S) {
  if (auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(S))
    if (auto *MD = MC->getMethodDecl();
        MD && MD->getIdentifier() && (MD->getName() == "c_str" || MD->getName() == "data"))
      return strip(MC->getImplicitObjectArgument());
  return S;
}

std::string BodyWalker::constantText(const Expr *E, int Depth) {
  std::string T = X.constantString(E);
  if (!T.empty() || Depth > 3)
    return T;
  const Expr *S = strip(E);
  if (auto W = bufferWrite(S))
    return bufferText(cast<CallExpr>(S), *W, Depth);
  S = behindCharAccess(S);
  auto *DR = dyn_cast_or_null<DeclRefExpr>(S);
  auto *VD = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
  if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD))
    return {};
  auto It = VarDefs.find(X.declKey(VD));
  if (It == VarDefs.end())
    return {};
  // One text, however many times it is written: `STRCPY(buf, "...")` copies it on one of
  // two paths, after the buffer is cleared; a C string's terminator stored into it.
  std::string Text;
  for (const Expr *Def : It->second) {
    if (emptyConstruction(Def) || isTerminator(Def))
      continue;
    std::string D = constantText(Def, Depth + 1);
    if (D.empty() || (!Text.empty() && D != Text))
      return {};
    Text = std::move(D);
  }
  return Text;
}

bool BodyWalker::isTerminator(const Expr *Def) {
  const Expr *S = strip(Def);
  auto *Lit = S ? dyn_cast<IntegerLiteral>(S) : nullptr;
  if (auto *C = S ? dyn_cast<CharacterLiteral>(S) : nullptr)
    return C->getValue() == 0;
  return Lit && Lit->getValue() == 0;
}

std::vector<std::string> BodyWalker::constantCandidates(const Expr *E) {
  if (std::string T = constantText(E); !T.empty())
    return {T};
  auto *DR = dyn_cast_or_null<DeclRefExpr>(strip(E));
  auto *VD = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
  if (!VD || !VD->isLocalVarDecl())
    return {};
  auto It = VarDefs.find(X.declKey(VD));
  if (It == VarDefs.end())
    return {};
  std::vector<std::string> Out;
  for (const Expr *Def : It->second) {
    if (emptyConstruction(Def))
      continue; // declared empty, set below
    std::vector<std::string> Arms;
    if (auto *C = dyn_cast_or_null<ConditionalOperator>(strip(Def)))
      Arms = {constantText(C->getTrueExpr()), constantText(C->getFalseExpr())};
    else
      Arms = {constantText(Def)};
    for (std::string &A : Arms) {
      if (A.empty())
        return {};
      if (!llvm::is_contained(Out, A))
        Out.push_back(std::move(A));
    }
  }
  return Out;
}

std::vector<std::string> BodyWalker::sqlCandidates(const Expr *E) {
  const Expr *S = behindCharAccess(strip(E));
  std::vector<std::string> Out;
  auto Add = [&Out](std::string T) {
    if (!llvm::is_contained(Out, T))
      Out.push_back(std::move(T));
  };
  if (auto *CO = dyn_cast_or_null<ConditionalOperator>(S)) {
    for (const Expr *Arm : {CO->getTrueExpr(), CO->getFalseExpr()}) {
      std::string T = constantText(Arm);
      if (T.empty())
        return {};
      Add(std::move(T));
    }
  } else if (auto *AS = dyn_cast_or_null<ArraySubscriptExpr>(S)) {
    Out = arrayCandidates(AS->getBase());
  } else if (auto *DR = dyn_cast_or_null<DeclRefExpr>(S)) {
    // The element of a range-for over such an array (`for (const char *sql : kSchema)`).
    auto *VD = dyn_cast<VarDecl>(DR->getDecl());
    auto It = VD ? RangeOf.find(VD) : RangeOf.end();
    if (It != RangeOf.end() && !VarDefs.count(X.declKey(VD))) // not set again in the body
      Out = arrayCandidates(It->second);
  }
  return Out.size() > 1 ? Out : std::vector<std::string>{};
}

bool BodyWalker::onlyReadElements(const VarDecl *Array) {
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Array->getParentFunctionOrMethod());
  if (!FD || !FD->getBody())
    return false;
  auto ParentOf = [this](const Stmt &S) -> DynTypedNode {
    auto Parents = X.Ctx.getParents(S);
    return Parents.empty() ? DynTypedNode() : Parents[0];
  };
  // Every use: an element read (`a[i]`, not assigned, incremented or addressed), or the
  // range of a range-for (its hidden range variable's initializer).
  std::function<bool(const Stmt *)> Reads = [&](const Stmt *S) -> bool {
    if (!S)
      return true;
    if (auto *DR = dyn_cast<DeclRefExpr>(S); DR && DR->getDecl() == Array) {
      const Stmt *Use = DR;
      DynTypedNode P = ParentOf(*Use);
      while (P.get<ImplicitCastExpr>() || P.get<ParenExpr>()) {
        Use = P.get<Stmt>();
        P = ParentOf(*Use);
      }
      if (const auto *RV = P.get<VarDecl>())
        return RV->isImplicit(); // `for (x : array)`
      const auto *AS = P.get<ArraySubscriptExpr>();
      if (!AS || AS->getBase()->IgnoreParenImpCasts() != DR)
        return false; // handed to a call, its address taken, ...
      const Stmt *Element = AS;
      DynTypedNode Q = ParentOf(*Element);
      while (Q.get<ParenExpr>()) {
        Element = Q.get<Stmt>();
        Q = ParentOf(*Element);
      }
      if (const auto *BO = Q.get<BinaryOperator>(); BO && BO->isAssignmentOp())
        return BO->getLHS()->IgnoreParens() != Element;
      if (const auto *UO = Q.get<UnaryOperator>())
        return !UO->isIncrementDecrementOp() && UO->getOpcode() != UO_AddrOf;
      if (const auto *IC = Q.get<ImplicitCastExpr>())
        return IC->getCastKind() == CK_LValueToRValue || IC->getCastKind() == CK_NoOp ||
               IC->getCastKind() == CK_ArrayToPointerDecay;
      return false;
    }
    for (const Stmt *C : S->children())
      if (!Reads(C))
        return false;
    return true;
  };
  return Reads(FD->getBody());
}

std::vector<std::string> BodyWalker::arrayCandidates(const Expr *E) {
  auto *DR = dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
  auto *VD = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
  const VarDecl *Def = VD ? VD->getDefinition() : nullptr;
  if (!Def)
    Def = VD;
  // Only an array nothing writes: its elements are const (`const char *const k[]`, `const
  // std::string k[]`, a constexpr array), or it is a local array of this function whose
  // only definition is its initializer (not assigned to, nor handed to a call that may).
  if (!Def || !Def->getType()->isArrayType())
    return {};
  bool Const = X.Ctx.getBaseElementType(Def->getType()).isConstQualified();
  if (!Const && !(Def->hasLocalStorage() && onlyReadElements(Def)))
    return {};
  auto *Init = dyn_cast_or_null<InitListExpr>(Def->getInit());
  if (!Init)
    return {};
  std::vector<std::string> Out;
  for (const Expr *El : Init->inits()) {
    if (El->isNullPointerConstant(X.Ctx, Expr::NPC_ValueDependentIsNotNull))
      continue; // the end of the list (nullptr, NULL in C or C++)
    std::string T = constantText(El);
    if (T.empty())
      return {};
    if (!llvm::is_contained(Out, T))
      Out.push_back(std::move(T));
  }
  return Out;
}

namespace {
/// A number's type: what is formatted into SQL as digits (an enum as its value).
bool isNumber(QualType T) {
  return !T.isNull() && (T->isIntegerType() || T->isRealFloatingType() || T->isEnumeralType());
}
} // namespace

namespace {
/// The text of a brace-style format (std::format, fmt) before the placeholder of value K
/// (0-based): `{}` takes the next value, `{N}` (or `{N:...}`) value N. Empty if none.
std::string beforeBracePlaceholder(const std::string &Fmt, size_t K) {
  size_t Next = 0;
  for (size_t I = 0; I < Fmt.size(); ++I) {
    if (Fmt[I] != '{')
      continue;
    if (I + 1 < Fmt.size() && Fmt[I + 1] == '{') {
      ++I; // `{{` is the character itself
      continue;
    }
    size_t J = I + 1, Index = 0;
    bool Numbered = false;
    while (J < Fmt.size() && isdigit(static_cast<unsigned char>(Fmt[J]))) {
      Index = Index * 10 + static_cast<size_t>(Fmt[J] - '0');
      Numbered = true;
      ++J;
    }
    if (!Numbered)
      Index = Next++;
    if (Index == K)
      return Fmt.substr(0, I);
  }
  return {};
}

/// The text of a printf-style format before the conversion that takes value K.
std::string beforePrintfPlaceholder(const std::string &Fmt, size_t K) {
  std::string Before;
  printfValues(Fmt, [&](size_t V, char C, size_t At) {
    if (V == K && C != '*')
      Before = Fmt.substr(0, At);
    return V >= K;
  });
  return Before;
}

/// Does SQL text end with a keyword that a whole condition or assignment list follows
/// (WHERE, AND, OR, HAVING, SET)? Not the AND of a `BETWEEN a AND`, nor CHARACTER SET. A
/// sort key (ORDER BY, GROUP BY) is left out: a column picked by a user is the classic
/// injection through it.
bool endsWithClauseKeyword(const std::string &Before) {
  std::string T;
  for (char C : Before)
    T += static_cast<char>(toupper(static_cast<unsigned char>(C)));
  while (!T.empty() && isspace(static_cast<unsigned char>(T.back())))
    T.pop_back();
  auto EndsWithWord = [&](const std::string &Text, const char *K) {
    size_t N = strlen(K);
    return Text.size() >= N && Text.compare(Text.size() - N, N, K) == 0 &&
           (Text.size() == N || isspace(static_cast<unsigned char>(Text[Text.size() - N - 1])));
  };
  for (const char *K : {"WHERE", "AND", "OR", "HAVING", "SET"}) {
    if (!EndsWithWord(T, K))
      continue;
    std::string Rest = T.substr(0, T.size() - strlen(K));
    while (!Rest.empty() && isspace(static_cast<unsigned char>(Rest.back())))
      Rest.pop_back();
    if (std::string(K) == "SET" && EndsWithWord(Rest, "CHARACTER"))
      return false;
    if (std::string(K) == "AND") {
      // `x BETWEEN 1 AND ` + value: the AND of the BETWEEN, when no AND or WHERE follows it.
      size_t Between = Rest.rfind(" BETWEEN ");
      size_t Cut = std::max(Rest.rfind(" AND "), Rest.rfind("WHERE "));
      if (Between != std::string::npos && (Cut == std::string::npos || Cut < Between))
        return false;
    }
    return true;
  }
  return false;
}
} // namespace

std::string BodyWalker::bufferText(const CallExpr *CE, const BufferWrite &W, int Depth) {
  if (W.append || W.clears)
    return {};
  if (W.source >= 0)
    return constantText(CE->getArg(static_cast<unsigned>(W.source)), Depth + 1);
  // A format with no conversions and no values: the format, its `%%` a percent sign.
  std::string Fmt = constantText(CE->getArg(static_cast<unsigned>(W.format)), Depth + 1);
  if (Fmt.empty() || CE->getNumArgs() != static_cast<unsigned>(W.values))
    return {};
  bool Converts = false;
  printfValues(Fmt, [&](size_t, char, size_t) { return Converts = true; });
  if (Converts)
    return {};
  std::string Out;
  for (size_t I = 0; I < Fmt.size(); ++I) {
    Out += Fmt[I];
    if (Fmt[I] == '%' && I + 1 < Fmt.size() && Fmt[I + 1] == '%')
      ++I;
  }
  return Out;
}

const Expr *BodyWalker::onlyDefinition(const Expr *S) {
  auto *DR = dyn_cast_or_null<DeclRefExpr>(S);
  auto *VD = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
  if (!VD || isa<ParmVarDecl>(VD) || !VD->hasLocalStorage())
    return nullptr;
  auto It = VarDefs.find(X.declKey(VD));
  return It == VarDefs.end() || It->second.size() != 1 ? nullptr : It->second.front();
}

std::string BodyWalker::textBeforeParam(const Expr *E, llvm::StringRef P, int Depth) {
  const Expr *S = behindConversions(E);
  if (!S || Depth > 4)
    return {};
  auto IsP = [&](const Expr *A) {
    const ParmVarDecl *PV = parameterBehind(A);
    return PV && PV->getName() == P;
  };
  if (isa<DeclRefExpr>(S)) {
    const Expr *Def = onlyDefinition(S);
    return Def ? textBeforeParam(Def, P, Depth + 1) : std::string();
  }
  // `a + b + filter`: the constant text of what comes before it.
  if (auto [L, R] = sumOperands(S); L && R) {
    if (IsP(R)) {
      // What is written just before it: the last piece of the left side, when constant.
      const Expr *Last = behindConversions(L);
      while (Last)
        if (auto [LL, LR] = sumOperands(Last); LL && LR)
          Last = behindConversions(LR);
        else
          break;
      return Last ? constantText(Last) : std::string();
    }
    if (std::string T = textBeforeParam(R, P, Depth + 1); !T.empty())
      return T; // `a + ("WHERE " + filter)`
    return textBeforeParam(L, P, Depth + 1);
  }
  // `filter.empty() ? "" : "WHERE " + filter`: the arm that splices it.
  if (auto *CO = dyn_cast<ConditionalOperator>(S)) {
    std::string T = textBeforeParam(CO->getTrueExpr(), P, Depth + 1);
    return T.empty() ? textBeforeParam(CO->getFalseExpr(), P, Depth + 1) : T;
  }
  auto *CE = dyn_cast<CallExpr>(S);
  const FunctionDecl *FD = CE ? CE->getDirectCallee() : nullptr;
  if (!FD || !FD->getIdentifier())
    return {};
  llvm::StringRef N = FD->getName();
  // QString("... WHERE %1").arg(filter): the placeholder %1 of the text it is asked of.
  if (auto *MC = dyn_cast<CXXMemberCallExpr>(CE); MC && N == "arg" && MC->getNumArgs() >= 1) {
    if (!IsP(MC->getArg(0)))
      return {};
    std::string Fmt = constantText(MC->getImplicitObjectArgument());
    size_t At = Fmt.find("%1");
    return At == std::string::npos ? std::string() : Fmt.substr(0, At);
  }
  if (!N.contains_insensitive("printf") && N != "format" && N != "vformat")
    return {};
  // The format, then the values: the value that is P fills the placeholder of its rank.
  int FormatAt = -1;
  for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
    QualType T = CE->getArg(I)->getType().getNonReferenceType();
    if (T->isPointerType() && T->getPointeeType()->isPointerType())
      continue; // asprintf's output
    if (FormatAt < 0 && !constantText(CE->getArg(I)).empty()) {
      FormatAt = static_cast<int>(I);
      continue;
    }
    if (FormatAt >= 0 && IsP(CE->getArg(I))) {
      std::string Fmt = constantText(CE->getArg(FormatAt));
      size_t K = I - static_cast<unsigned>(FormatAt) - 1;
      return N.contains_insensitive("printf") ? beforePrintfPlaceholder(Fmt, K)
                                              : beforeBracePlaceholder(Fmt, K);
    }
    // A value that splices it with text of its own (`format("... {}", "WHERE " + filter)`).
    if (FormatAt >= 0)
      if (std::string T = textBeforeParam(CE->getArg(I), P, Depth + 1); !T.empty())
        return T;
  }
  return {};
}

std::string BodyWalker::clauseTaint(const Expr *E, const std::string &Taint) {
  if (Taint.rfind("parameter '", 0) != 0 || Taint.size() < 12)
    return Taint;
  std::string Name = Taint.substr(11, Taint.size() - 12);
  if (!endsWithClauseKeyword(textBeforeParam(E, Name)))
    return Taint;
  // Only when it is the one text parameter spliced in: `"... WHERE " + filter + " AND name =
  // '" + name + "'"` also splices a value, and stays the parameter's (judged as such).
  bool Other = false;
  std::set<const VarDecl *> Seen;
  std::function<void(const Stmt *, int)> Scan = [&](const Stmt *Root, int Depth) {
    walkPreOrder(Root, [&](const Stmt *St) {
      auto *DR = dyn_cast<DeclRefExpr>(St);
      auto *VD = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
      if (!VD || Other || !Seen.insert(VD).second)
        return !Other;
      QualType T = VD->getType().getNonReferenceType();
      if (isa<ParmVarDecl>(VD) && VD->getName() != Name && !isNumber(T))
        Other = true;
      else if (!isa<ParmVarDecl>(VD) && VD->hasLocalStorage() && Depth < 3)
        if (auto It = VarDefs.find(X.declKey(VD)); It != VarDefs.end())
          for (const Expr *Def : It->second)
            Scan(Def, Depth + 1);
      return !Other;
    });
  };
  Scan(E, 0);
  return Other ? Taint : "clause " + Taint;
}

std::string BodyWalker::inputReadIn(const Stmt *Root) {
  std::string Found;
  walkPreOrder(Root, [&](const Stmt *S) {
    if (!Found.empty() || isa<LambdaExpr>(S))
      return false;
    if (auto *CE = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *FD = CE->getDirectCallee(); isInput(FD))
        Found = X.qualifiedName(FD);
    // An iterator over a directory's entries, made here.
    if (auto *CC = dyn_cast<CXXConstructExpr>(S))
      if (const CXXRecordDecl *RD = CC->getConstructor()->getParent()) {
        std::string Q = X.qualifiedName(RD);
        if (Q == "QDirIterator" || Q == "std::filesystem::directory_iterator" ||
            Q == "std::filesystem::recursive_directory_iterator" ||
            Q == "std::filesystem::__cxx11::directory_iterator" ||
            Q == "std::filesystem::__cxx11::recursive_directory_iterator")
          Found = Q;
      }
    return Found.empty();
  });
  return Found;
}

bool BodyWalker::handedWhole(const Expr *E, int Depth) {
  const Expr *S = behindConversions(E);
  if (!S || Depth > 4)
    return false;
  if (auto *DR = dyn_cast<DeclRefExpr>(S)) {
    auto *VD = dyn_cast<VarDecl>(DR->getDecl());
    if (!VD || isa<ParmVarDecl>(VD) || !VD->hasLocalStorage())
      return false;
    auto It = VarDefs.find(X.declKey(VD));
    if (It == VarDefs.end() || It->second.empty() || !handedWhole(It->second.front(), Depth + 1))
      return false;
    // Later definitions must be edits in place (`removeBom(text)`, `text.trim()`): a call
    // that takes the variable itself. Anything assigned to it is another source.
    for (size_t I = 1; I < It->second.size(); ++I) {
      auto *Edit = dyn_cast_or_null<CallExpr>(strip(It->second[I]));
      bool Takes = false;
      if (Edit)
        walkPreOrder(Edit, [&](const Stmt *S) {
          if (auto *R = dyn_cast<DeclRefExpr>(S); R && R->getDecl() == VD)
            Takes = true;
          return !Takes;
        });
      if (!Takes)
        return false;
    }
    return true;
  }
  auto *CE = dyn_cast<CallExpr>(S);
  if (!CE)
    return false;
  if (isInput(CE->getDirectCallee()))
    return true;
  // An accessor of a parameter, asked with constant arguments only; not of a request's (a
  // statement a client sends is not the user's own SQL).
  auto *MC = dyn_cast<CXXMemberCallExpr>(CE);
  if (!MC || isa<CXXOperatorCallExpr>(CE))
    return false;
  const ParmVarDecl *Owner = parameterBehind(MC->getImplicitObjectArgument());
  if (!Owner || X.isRequestType(Owner->getType()))
    return false;
  for (const Expr *A : MC->arguments())
    if (constantText(A).empty() && !isa<IntegerLiteral>(strip(A)))
      return false;
  return true;
}

std::string BodyWalker::leadingText(const Expr *E, int Depth) {
  const Expr *S = strip(E);
  if (!S || Depth > 6)
    return {};
  std::string T = constantText(S);
  if (!T.empty())
    return T;
  if (auto W = bufferWrite(S)) {
    // snprintf(buf, n, "DELETE FROM %s_ip WHERE ...", kind): the format up to its first
    // conversion; strcpy(buf, text): that text's start.
    if (W->append || W->clears)
      return {};
    auto *CE = cast<CallExpr>(S);
    if (W->source >= 0)
      return leadingText(CE->getArg(static_cast<unsigned>(W->source)), Depth + 1);
    return beforePrintfPlaceholder(constantText(CE->getArg(static_cast<unsigned>(W->format))), 0);
  }
  if (auto *MC = dyn_cast<CXXMemberCallExpr>(S))
    return leadingText(MC->getImplicitObjectArgument(), Depth + 1);
  if (auto *OC = dyn_cast<CXXOperatorCallExpr>(S); OC && OC->getNumArgs() >= 1)
    return leadingText(OC->getArg(0), Depth + 1);
  if (auto *CC = dyn_cast<CXXConstructExpr>(S); CC && CC->getNumArgs() >= 1)
    return leadingText(CC->getArg(0), Depth + 1);
  if (auto *DR = dyn_cast<DeclRefExpr>(S))
    if (auto *VD = dyn_cast<VarDecl>(DR->getDecl()); VD && VD->hasLocalStorage()) {
      auto It = VarDefs.find(X.declKey(VD));
      if (It == VarDefs.end() || It->second.empty())
        return {};
      // After `std::string query;`, what is first put into the empty string (`query =
      // "SELECT ..."` in each arm, or `query += "SELECT ..."`); for a variable handed to a
      // statement before, the first value put in whole since (`s = "SELECT ..."; q.exec(s);
      // s = "UPDATE ..."; q.exec(s);` runs an UPDATE second).
      const std::vector<const Expr *> &Defs = It->second;
      size_t K = 0;
      if (auto Used = DefsWhenUsed.find(It->first); Used != DefsWhenUsed.end())
        for (size_t I = Used->second; I < Defs.size(); ++I)
          if (WholeDefs.contains(Defs[I])) {
            K = I;
            break;
          }
      while (K + 1 < Defs.size() && emptyConstruction(Defs[K]))
        ++K;
      return leadingText(Defs[K], Depth + 1);
    }
  return {};
}

bool BodyWalker::emptyConstruction(const Expr *E) {
  if (auto W = bufferWrite(strip(E)); W && W->clears)
    return true; // memset(buf, 0, sizeof buf)
  auto *CC = dyn_cast_or_null<CXXConstructExpr>(strip(E));
  return CC && (CC->getNumArgs() == 0 || isa<CXXDefaultArgExpr>(CC->getArg(0)));
}

std::string BodyWalker::projectCallBehind(const Expr *E, int Depth) {
  const Expr *S = behindConversions(E);
  if (!S || Depth > 3)
    return {};
  if (isa<DeclRefExpr>(S)) {
    const Expr *Def = onlyDefinition(S);
    return Def ? projectCallBehind(Def, Depth + 1) : std::string();
  }
  auto *CE = dyn_cast<CallExpr>(S);
  const FunctionDecl *FD = CE ? CE->getDirectCallee() : nullptr;
  if (!FD || isa<CXXOperatorCallExpr>(CE) || X.inSystemHeader(FD->getLocation()))
    return {};
  return X.usr(FD);
}

namespace {
/// A class that is itself text (a project's own string class, wrapping or like
/// std::string): what it holds is text a caller wrote, not an object's state.
bool textLike(const CXXRecordDecl *RD) {
  RD = RD->getDefinition();
  if (!RD)
    return false;
  for (const CXXMethodDecl *M : RD->methods())
    if (M->getIdentifier() &&
        (M->getName() == "c_str" || M->getName() == "toStdString" || M->getName() == "toUtf8"))
      return true;
  return false;
}
} // namespace

namespace {
/// A container whose elements are numbers: every type argument is an integer or floating
/// type (not a character: a string_view is text; not a scoped enum: std::byte) or a helper
/// of the container (an allocator, a comparator, a hash). `std::vector<uint32_t>`,
/// `QSet<int>`; not `std::map<int, std::string>` nor `std::pair<int, QString>`.
bool numbersOnly(const ClassTemplateSpecializationDecl *TS) {
  bool AnyNumber = false;
  for (const TemplateArgument &A : TS->getTemplateArgs().asArray()) {
    if (A.getKind() != TemplateArgument::Type)
      return false;
    QualType E = A.getAsType();
    if (isNumber(E) && !E->isScopedEnumeralType() && !E->isAnyCharacterType()) {
      AnyNumber = true;
      continue;
    }
    const auto *Helper = E->getAsCXXRecordDecl();
    llvm::StringRef N = Helper && Helper->getIdentifier() ? Helper->getName() : "";
    if (N != "allocator" && N != "less" && N != "greater" && N != "hash" && N != "equal_to")
      return false;
  }
  return AnyNumber;
}
} // namespace

BodyWalker::ClientData BodyWalker::requestBehind(const Expr *E, int Depth) {
  const Expr *S = E ? E->IgnoreParenCasts() : nullptr;
  if (!S || Depth > 6)
    return {};
  if (auto *ME = dyn_cast<MemberExpr>(S))
    return requestBehind(ME->getBase(), Depth + 1);
  if (auto *AS = dyn_cast<ArraySubscriptExpr>(S))
    return requestBehind(AS->getBase(), Depth + 1);
  if (auto *U = dyn_cast<UnaryOperator>(S);
      U && (U->getOpcode() == UO_Deref || U->getOpcode() == UO_AddrOf))
    return requestBehind(U->getSubExpr(), Depth + 1);
  // A packet taken off a connection (`auto *app = stream->PopPacket();`): what a peer sent.
  if (auto *CE = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *FD = CE->getDirectCallee();
        FD && CE->getType()->isPointerType() && X.isRequestType(CE->getType()))
      return {nullptr, FD};
  auto *DR = dyn_cast<DeclRefExpr>(S);
  auto *VD = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
  if (!VD)
    return {};
  if (auto *P = dyn_cast<ParmVarDecl>(VD))
    return X.isRequestType(P->getType()) ? ClientData{P, nullptr} : ClientData{};
  if (!VD->hasLocalStorage())
    return {};
  // A local pointer or view set from the request (`auto *in = (Wire *)app->pBuffer;`), or
  // from packets only, but for a null start (`app = nullptr; while ((app = s->PopPacket()))`).
  auto It = VarDefs.find(X.declKey(VD));
  std::vector<const Expr *> Defs;
  if (It != VarDefs.end())
    Defs = It->second;
  else if (VD->getInit())
    Defs.push_back(VD->getInit());
  ClientData From;
  for (const Expr *D : Defs) {
    if (!D->isValueDependent() &&
        D->isNullPointerConstant(X.Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull)
      continue;
    ClientData One = requestBehind(D, Depth + 1);
    if (!One.param && !One.reader)
      return {};
    if (!From.param && !From.reader)
      From = One;
  }
  return From;
}

bool BodyWalker::ownObject(const ParmVarDecl *P, const CXXRecordDecl *RD) {
  return P && RD && !textLike(RD) && !X.inSystemHeader(RD->getLocation()) &&
         !X.isRequestType(P->getType());
}

std::pair<SqlOrigin, std::string> BodyWalker::classify(const Expr *E, int Depth,
                                                       std::set<std::string> &Seen) {
  // C's NULL, `((void *)0)`: no text (stripped of its cast, it would read as a number).
  if (E && !E->isValueDependent() && E->getType()->isPointerType() &&
      E->isNullPointerConstant(X.Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull)
    return {SqlOrigin::Constant, ""};
  E = strip(E);
  // Each variable is followed once (Seen), so the depth bounds one expression's nesting and
  // the chain of copies. Sixteen reached a resource file's text through a split and a
  // project's cleaning function (Tomahawk's upgrade scripts) and called it injection.
  if (!E || Depth > MaxClassifyDepth)
    return {SqlOrigin::Unknown, ""};
  if (isa<StringLiteral>(E) || isa<UserDefinedLiteral>(E) || isa<CXXDefaultArgExpr>(E))
    return {SqlOrigin::Constant, ""}; // "..."_s; a default argument the caller never wrote
  QualType T = E->getType();
  if (isNumber(T) && !bufferWrite(E)) // snprintf's count is no text: what it wrote is
    return {SqlOrigin::Integers, ""};
  // A container of numbers (`std::vector<uint32_t> ids` joined into `IN (...)`): its
  // elements are numbers, whatever joins them.
  if (!T.isNull())
    if (auto *TS = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
            T.getNonReferenceType()->getAsCXXRecordDecl());
        TS && !textLike(TS) && numbersOnly(TS))
      return {SqlOrigin::Integers, ""};
  if (isa<CXXNullPtrLiteralExpr>(E) || isa<GNUNullExpr>(E))
    return {SqlOrigin::Constant, ""};
  // A parameter, or what a parameter object of the program's own class holds: both can be
  // followed to the callers.
  auto Followable = [](const std::string &Taint) {
    return Taint.rfind("parameter '", 0) == 0 || Taint.rfind("state of parameter '", 0) == 0;
  };
  auto Combine = [&](std::pair<SqlOrigin, std::string> &Acc, std::pair<SqlOrigin, std::string> V) {
    // Among strings, a parameter wins: it can be followed to the callers, where outside
    // data may enter; a member or a call's result is only "unknown".
    if (V.first > Acc.first || (V.first == SqlOrigin::Strings && Acc.first == SqlOrigin::Strings &&
                                Followable(V.second) && !Followable(Acc.second)))
      Acc = V;
  };
  if (auto *DR = dyn_cast<DeclRefExpr>(E)) {
    auto *VD = dyn_cast<VarDecl>(DR->getDecl());
    if (!VD)
      return {SqlOrigin::Unknown, ""};
    if (isa<ParmVarDecl>(VD))
      return {SqlOrigin::Strings, "parameter '" + VD->getName().str() + "'"};
    if (!VD->hasLocalStorage() && !VD->isStaticLocal()) {
      if (const Expr *Init = VD->getAnyInitializer(); // any redeclaration's
          Init && X.fixedByInitializer(VD))
        return classify(Init, Depth + 1, Seen);
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
    if (Acc.first == SqlOrigin::Strings && !Followable(Acc.second)) {
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
    if (isa<FieldDecl>(ME->getMemberDecl())) {
      // A field of what a request or a packet carries (`app->pBuffer`, or a wire struct cast
      // from it, `in->name`): what the client sent.
      ClientData From = requestBehind(ME->getBase(), 0);
      if (From.param)
        return {SqlOrigin::Strings, "parameter '" + From.param->getName().str() + "'"};
      if (From.reader)
        return {SqlOrigin::Strings, "input from '" + X.qualifiedName(From.reader) + "'"};
      return {SqlOrigin::Strings, "member '" + ME->getMemberDecl()->getName().str() + "'"};
    }
  if (auto *CE = dyn_cast<CallExpr>(E)) {
    // Escaped or quoted by a function made for it (PQescapeLiteral, escapeIdentifier,
    // QSqlDriver::escapeIdentifier, a project's quoteString): safe to splice in.
    if (const FunctionDecl *FD = CE->getDirectCallee(); FD && FD->getIdentifier()) {
      llvm::StringRef N = FD->getName();
      if (N.contains_insensitive("escape") || N.contains_insensitive("quote"))
        return {SqlOrigin::Constant, ""};
    }
    // C text written into a buffer: the format (or the source copied) and the values,
    // not the buffer and its size.
    if (auto W = bufferWrite(CE)) {
      std::pair<SqlOrigin, std::string> Acc{SqlOrigin::Constant, ""};
      if (W->clears)
        return Acc;
      if (W->source >= 0)
        return classify(CE->getArg(static_cast<unsigned>(W->source)), Depth + 1, Seen);
      Combine(Acc, classify(CE->getArg(static_cast<unsigned>(W->format)), Depth + 1, Seen));
      for (unsigned I = static_cast<unsigned>(W->values); I < CE->getNumArgs(); ++I)
        Combine(Acc, classify(CE->getArg(I), Depth + 1, Seen));
      return Acc;
    }
    // sqlite3_mprintf's quoting conversions escape what they format: `'%q'` (and %Q, %w)
    // is safe to splice in; the other values are classified as usual.
    if (const FunctionDecl *FD = CE->getDirectCallee();
        FD && FD->getIdentifier() && FD->getName().contains("mprintf") && CE->getNumArgs() >= 1) {
      std::string Fmt = constantText(CE->getArg(0));
      if (!Fmt.empty()) {
        std::pair<SqlOrigin, std::string> Acc{SqlOrigin::Constant, ""};
        for (unsigned I = 1; I < CE->getNumArgs(); ++I) {
          char Conv = placeholderConversion(Fmt, I - 1);
          if (Conv == 'q' || Conv == 'Q' || Conv == 'w')
            continue;
          Combine(Acc, classify(CE->getArg(I), Depth + 1, Seen));
        }
        return Acc;
      }
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
      auto Object = classify(MC->getImplicitObjectArgument(), Depth + 1, Seen);
      // A method of the program's own class asked of a parameter object (`index.getName()`,
      // `trigger.dropQuery(...)`): its text is what the object holds, as a member's is, not
      // text the caller wrote. A request's is what a client sent: still the parameter.
      const ParmVarDecl *Owner = parameterBehind(MC->getImplicitObjectArgument());
      if (Object.second.rfind("parameter '", 0) == 0 && ownObject(Owner, MC->getRecordDecl()))
        Object.second = "state of " + Object.second;
      Combine(Acc, Object);
      Any = true;
    }
    // A pointer to an object of the program's own class, handed to the program's own
    // function (`tableName(type)`, reading `type->name()`): the text is what the object
    // holds, as with a method asked of it.
    const FunctionDecl *Callee = CE->getDirectCallee();
    bool OwnFunction = Callee && !X.inSystemHeader(Callee->getLocation());
    for (const Expr *A : CE->arguments()) {
      auto Arg = classify(A, Depth + 1, Seen);
      if (const ParmVarDecl *P = parameterBehind(A);
          OwnFunction && P && P->getType()->isPointerType() &&
          Arg.second.rfind("parameter '", 0) == 0 &&
          ownObject(P, P->getType()->getPointeeType()->getAsCXXRecordDecl()))
        Arg.second = "state of " + Arg.second;
      Combine(Acc, Arg);
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
  if (auto *IL = dyn_cast<InitListExpr>(E)) { // an aggregate's fields: `Index{name, table}`
    std::pair<SqlOrigin, std::string> Acc{SqlOrigin::Constant, ""};
    for (const Expr *A : IL->inits())
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

} // namespace riskgate::extract
