// Call sites: the callee (direct, virtual, queued by name, a lambda, an iterating algorithm),
// the pack API it matches, its statement and the SQL it is given.
#include "facts/Walker.h"

#include <cstring>

namespace riskgate::extract {

bool BodyWalker::TraverseLambdaExpr(LambdaExpr *LE) {
  std::string Key = X.lambdaKey(LE->getLambdaClass());
  X.extractLambda(LE, Key);
  if (ConnectedLambdas.count(LE))
    return true; // a slot: it runs when its signal is emitted (recordConnection)
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

bool BodyWalker::VisitCallExpr(CallExpr *E) {
  if (auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (OC->getOperator() == OO_Equal && OC->getNumArgs() == 2)
      markResult(OC->getArg(1), X.varKey(OC->getArg(0)));
    OverloadedOperatorKind K = OC->getOperator();
    if (K == OO_LessLess && OC->getNumArgs() == 2 && !StreamLinks.count(OC))
      noteStreamChain(OC);
    if ((K == OO_Equal || K == OO_PlusEqual || K == OO_LessLess) && OC->getNumArgs() == 2 &&
        !OC->getArg(0)->getType()->isIntegerType()) {
      // `os << a << b` is `(os << a) << b`: the stream is at the bottom of the chain.
      const Expr *Target = OC->getArg(0);
      if (K == OO_LessLess)
        Target = streamOf(OC);
      assigned(X.varKey(Target), K == OO_LessLess ? static_cast<const Expr *>(OC) : OC->getArg(1));
      if (K == OO_Equal)
        WholeDefs.insert(OC->getArg(1));
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
    if (E->isTypeDependent())
      return true;
    if (const FieldDecl *Slot = Extractor::slotCalled(E->getCallee()))
      recordSlotCall(E, Slot);
    else
      recordUnresolved(E, "function pointer");
    return true;
  }
  llvm::SmallVector<const Expr *, 4> Args(E->arg_begin(), E->arg_end());
  recordCall(E, Callee, false, Args, nullptr);
  return true;
}

bool BodyWalker::VisitCXXConstructExpr(CXXConstructExpr *E) {
  llvm::SmallVector<const Expr *, 4> Args(E->arg_begin(), E->arg_end());
  recordCall(E, E->getConstructor(), false, Args, nullptr);
  return true;
}

void BodyWalker::recordUnresolved(const CallExpr *E, const char *What) {
  CallSite S;
  S.loc = X.loc(E->getBeginLoc());
  S.calleeName = std::string("(") + What + ")";
  S.unresolved = true;
  S.loop = currentLoop();
  addSite(std::move(S), E);
}

/// '0' or '1' for an argument that is a scalar constant (a default argument's too), '?'
/// otherwise: see CallSite::argTruth.
static char constantTruth(const Expr *Arg, const ASTContext &Ctx) {
  const Expr *E = Arg->IgnoreParenImpCasts();
  if (auto *D = dyn_cast<CXXDefaultArgExpr>(E))
    E = D->getExpr()->IgnoreParenImpCasts();
  if (E->isValueDependent() || E->isTypeDependent() || !E->getType()->isScalarType() ||
      E->HasSideEffects(Ctx))
    return '?';
  // Literals and named constants only: `flags & kSave` of a variable is no constant.
  bool Result = false;
  if (!E->EvaluateAsBooleanCondition(Result, Ctx))
    return '?';
  return Result ? '1' : '0';
}

/// A driver handed over as an object (`QSqlDatabase::addDatabase(new SQLiteDriver)`):
/// "class:" and the names of its class and every base, comma-separated
/// ("class:SQLiteDriver,QSqlDriver,QObject"), for a pack's in-process-drivers globs
/// ("class:*QSQLiteDriver*"). Empty when the argument is no object of a known class.
static std::string driverClasses(const Expr *E) {
  QualType T = E->IgnoreParenImpCasts()->getType();
  if (!T->isPointerType())
    return {}; // a name (a QString), not an object
  const CXXRecordDecl *RD = T->getPointeeType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition() || !RD->isPolymorphic())
    return {};
  std::string Out = "class:" + RD->getQualifiedNameAsString();
  RD->forallBases([&](const CXXRecordDecl *Base) {
    Out += "," + Base->getQualifiedNameAsString();
    return true;
  });
  return Out;
}

void BodyWalker::describeArgs(CallSite &S, llvm::ArrayRef<const Expr *> Args) {
  std::string Truth;
  for (const Expr *Arg : Args)
    Truth.push_back(constantTruth(Arg, X.Ctx));
  if (Truth.find_first_not_of('?') != std::string::npos)
    S.argTruth = std::move(Truth);
  for (const Expr *Arg : Args) {
    std::set<std::string> Seen;
    auto [Origin, Taint] = classify(Arg, 0, Seen);
    if (Origin == SqlOrigin::Strings && parameterBehind(Arg)) {
      Origin = SqlOrigin::Passed;
    } else if (Origin == SqlOrigin::Strings) {
      if (const ParmVarDecl *Fmt = formatParamBehind(Arg, 0)) {
        Origin = SqlOrigin::FormatOf;
        Taint = "parameter '" + Fmt->getName().str() + "'";
      } else if (handedWhole(Arg)) {
        Taint = "whole " + Taint; // one source's text, handed on with nothing around it
      } else {
        Taint = clauseTaint(Arg, Taint); // `"... WHERE " + filter`: SQL from the caller
      }
    }
    S.argOrigins.push_back(static_cast<uint8_t>(Origin));
    S.argTaints.push_back(Taint);
    S.argStrings.push_back(constantText(Arg));
    std::string Prefix;
    // (Escaped names spliced in count as constant, yet the text has only a prefix:
    // `"SAVEPOINT " + escapeIdentifier(name)`.)
    if (S.argStrings.back().empty() && Origin != SqlOrigin::Unknown)
      Prefix = leadingText(Arg);
    if (!Prefix.empty()) {
      S.argPrefixes.resize(S.argStrings.size());
      S.argPrefixes.back() = std::move(Prefix);
    } else if (S.argStrings.back().empty()) {
      if (std::string From = projectCallBehind(Arg); !From.empty()) {
        S.argFroms.resize(S.argStrings.size());
        S.argFroms.back() = std::move(From);
      }
    }
  }
  if (!S.argPrefixes.empty())
    S.argPrefixes.resize(S.argStrings.size());
  if (!S.argFroms.empty())
    S.argFroms.resize(S.argStrings.size());
}

void BodyWalker::readArgs(CallSite &S, llvm::ArrayRef<const Expr *> Args, const Expr *Object) {
  for (const Expr *Arg : Args)
    collectVars(Arg, S.argVars);
  if (Object)
    collectVars(Object, S.argVars);
  for (const Expr *Arg : Args) {
    S.argVarsEach.emplace_back();
    collectVars(Arg, S.argVarsEach.back());
  }
  for (const Expr *Arg : Args)
    if (hasOpaqueCall(Arg)) {
      S.argVars.push_back("<call>"); // a value computed by a call may change each time
      break;
    }
  S.argsText = argsText(Object, Args);
}

const FieldDecl *Extractor::slotCalled(const Expr *Callee) {
  const Expr *C = Callee ? Callee->IgnoreParenImpCasts() : nullptr;
  if (auto *U = dyn_cast_or_null<UnaryOperator>(C); U && U->getOpcode() == UO_Deref)
    C = U->getSubExpr()->IgnoreParenImpCasts(); // (*ops.run)(...)
  auto *ME = dyn_cast_or_null<MemberExpr>(C);
  auto *FD = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  return FD && isFunctionSlot(FD) ? FD : nullptr;
}

bool Extractor::isFunctionSlot(const FieldDecl *FD) {
  QualType T = FD->getType();
  return T->isFunctionPointerType() || T->isFunctionReferenceType();
}

void BodyWalker::recordSlotCall(const CallExpr *E, const FieldDecl *Slot) {
  CallSite S;
  S.loc = X.loc(E->getBeginLoc());
  S.calleeName = X.slotName(Slot);
  S.calleeUsr = X.slotKey(Slot);
  S.virtualDispatch = true;
  S.loop = currentLoop();
  llvm::SmallVector<const Expr *, 4> Args(E->arg_begin(), E->arg_end());
  describeArgs(S, Args);
  readArgs(S, Args, nullptr);
  addSite(std::move(S), E);
}

void BodyWalker::recordCall(const Expr *E, const FunctionDecl *Callee, bool Virtual,
                            llvm::ArrayRef<const Expr *> Args, const Expr *Object) {
  if (!Callee)
    return;
  auto Match = X.packMatch(Callee);
  if (Match && Match->api->kind == AccessKind::None)
    Match.reset(); // `kind: ignore`: a name a later glob would take, that is no access
  if (auto *Ctor = dyn_cast<CXXConstructorDecl>(Callee);
      Match && Ctor && (Ctor->isCopyConstructor() || Ctor->isMoveConstructor()))
    Match.reset(); // copying a handle (a SOCI rowset) runs nothing
  if (Match && Match->api->kind == AccessKind::Iterate) {
    recordIteration(E, Match->api->name, Args);
    return;
  }
  if (!Match && recordQueuedCall(E, Callee, Args))
    return;
  if (!Match && recordConnection(E, Callee, Args, Object))
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
  // A signal runs the slots connected to it: dispatched like a virtual call, to the
  // connections (recordConnection) that override it.
  if (auto *SigMD = dyn_cast<CXXMethodDecl>(Callee); SigMD && !Match && X.isQtSignal(SigMD))
    S.virtualDispatch = true;
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
    auto Tail = A.sqlStream ? StreamTail.find(E) : StreamTail.end();
    if (const Expr *SqlE = ArgExpr(A.sqlArg); SqlE && Tail != StreamTail.end()) {
      streamedSql(S, SqlE, Tail->second);
    } else if (SqlE) {
      S.sql = constantText(SqlE);
      if (S.sql.empty())
        S.sqlCandidates = sqlCandidates(SqlE);
      if (S.sql.empty() && S.sqlCandidates.empty())
        S.sqlPrefix = leadingText(SqlE);
      if (!S.sqlPrefix.empty())
        if (const Expr *Next = firstRunTimePiece(SqlE))
          S.sqlNext = pieceVar(Next);
      if (S.sql.empty() && S.sqlPrefix.empty())
        S.sqlFrom = projectCallBehind(SqlE);
      std::set<std::string> Seen;
      auto [Origin, Taint] = classify(SqlE, 0, Seen);
      S.sqlOrigin = Origin;
      S.sqlTaint = Taint;
      if (const ParmVarDecl *PV = parameterBehind(SqlE))
        S.sqlParam = static_cast<int>(PV->getFunctionScopeIndex());
      // The whole statement read from input (an editor's text, a file) or taken from a
      // parameter: not spliced, run as is.
      if (S.sqlParam < 0 && Origin == SqlOrigin::Strings && handedWhole(SqlE))
        S.sqlTaint = "whole " + S.sqlTaint;
      else if (const ParmVarDecl *Fmt = formatParamBehind(SqlE, 0))
        S.sqlFormatParam = static_cast<int>(Fmt->getFunctionScopeIndex());
      // A parameter spliced in as a whole clause: SQL the function's callers write.
      if (S.sqlParam < 0 && S.sqlFormatParam < 0 && Origin == SqlOrigin::Strings)
        S.sqlTaint = clauseTaint(SqlE, S.sqlTaint);
    }
    // The driver's name, or each name a variable holding it is set to, one per line; empty:
    // chosen at run time.
    if (const Expr *DrvE = ArgExpr(A.driverArg)) {
      std::vector<std::string> Drivers = constantCandidates(DrvE);
      if (Drivers.empty())
        if (std::string Class = driverClasses(DrvE); !Class.empty())
          Drivers.push_back(std::move(Class));
      S.argStrings.push_back(llvm::join(Drivers, "\n"));
    }
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
      // Clearing a result straight away drops it unchecked: PQclear(PQexec(...)). Not so
      // rows fetched only to be freed (`mysql_free_result(mysql_store_result(c))`, draining
      // the extra result sets of a call already checked): nothing reads them, so a failed
      // fetch loses nothing.
      if (A.kind == AccessKind::Finalize)
        if (auto *Inner = dyn_cast_or_null<CallExpr>(strip(StE))) {
          const FunctionDecl *InnerCallee = Inner->getDirectCallee();
          auto InnerMatch = InnerCallee ? X.packMatch(InnerCallee) : std::nullopt;
          if (!InnerMatch || InnerMatch->api->kind != AccessKind::Step)
            Discarded.insert(Inner);
        }
    }
  } else {
    describeArgs(S, Args);
  }
  readArgs(S, Args, Object);
  if (Object)
    S.objectVar = X.varKey(Object);
  addSite(std::move(S), E);
  // A container insert changes its container like any non-const call; other pack APIs
  // (q.exec()) do not make their object a different value.
  bool IsApi = Match.has_value() && Match->api->kind != AccessKind::Insert;
  noteWrites(E, Callee, Args, Object, IsApi, F.calls.back().seq);
  for (const Expr *A : Args) {
    const Expr *V = strip(A);
    while (auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(V)) // sql.c_str(), sql.toUtf8()
      V = strip(MC->getImplicitObjectArgument());
    if (auto *DR = dyn_cast_or_null<DeclRefExpr>(V))
      if (auto *VD = dyn_cast<VarDecl>(DR->getDecl()); VD && VD->hasLocalStorage()) {
        std::string Key = X.declKey(VD);
        auto It = VarDefs.find(Key);
        DefsWhenUsed[Key] = It == VarDefs.end() ? 0 : It->second.size();
      }
  }
}

namespace {
/// The method named Name of the class Receiver points to or is (its own or a base's; the
/// first overload declared).
const CXXMethodDecl *methodNamed(const Expr *Receiver, llvm::StringRef Name) {
  if (!Receiver || Name.empty())
    return nullptr;
  QualType T = Receiver->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return nullptr;
  std::vector<const CXXRecordDecl *> Work{RD->getDefinition()};
  for (size_t I = 0; I < Work.size() && I < 32; ++I) {
    for (const CXXMethodDecl *M : Work[I]->methods())
      if (M->getIdentifier() && M->getName() == Name)
        return M;
    for (const CXXBaseSpecifier &B : Work[I]->bases())
      if (const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl())
        if (Base->hasDefinition())
          Work.push_back(Base->getDefinition());
  }
  return nullptr;
}

/// A call site of a function standing for a connection or a store hands its parameter
/// (Key, named Name) on as the next argument, unchanged.
void passParameter(CallSite &S, const std::string &Key, llvm::StringRef Name) {
  S.argOrigins.push_back(static_cast<uint8_t>(SqlOrigin::Passed));
  S.argTaints.push_back("parameter '" + Name.str() + "'");
  S.argStrings.emplace_back();
  S.argVarsEach.push_back({Key});
  S.argVars.push_back(Key);
}

/// The function `&Class::method` or `&function` names.
const FunctionDecl *functionPointee(const Expr *E) {
  const Expr *S = E ? E->IgnoreParenImpCasts() : nullptr;
  if (auto *M = dyn_cast_or_null<MaterializeTemporaryExpr>(S))
    S = M->getSubExpr()->IgnoreParenImpCasts();
  if (auto *UO = dyn_cast_or_null<UnaryOperator>(S); UO && UO->getOpcode() == UO_AddrOf)
    S = UO->getSubExpr()->IgnoreParenImpCasts();
  auto *DR = dyn_cast_or_null<DeclRefExpr>(S);
  return DR ? dyn_cast<FunctionDecl>(DR->getDecl()) : nullptr;
}
} // namespace

std::string Extractor::slotName(const FieldDecl *FD) {
  const RecordDecl *RD = FD->getParent();
  if (RD && !RD->getIdentifier())
    if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
      return TD->getName().str() + "::" + FD->getName().str();
  return qualifiedName(FD);
}

void Extractor::recordSlotStores(const InitListExpr *IL) {
  if (!IL)
    return;
  if (!IL->isSemanticForm() && IL->getSemanticForm())
    IL = IL->getSemanticForm();
  // A struct's own fields; nested initializers and the rows of a table of them
  // (`handlers[] = {{"get", &on_get}, ...}`) are initializer lists of their own, each visited.
  const RecordDecl *RD = IL->getType()->getAsRecordDecl();
  if (!RD || !RD->getDefinition())
    return;
  RD = RD->getDefinition();
  auto Store = [&](const FieldDecl *Field, const Expr *Init) {
    if (Field && Init && isFunctionSlot(Field))
      if (const FunctionDecl *Fn = functionPointee(Init))
        recordSlotStore(Field, Fn, Init->getBeginLoc());
  };
  if (RD->isUnion()) {
    if (IL->getNumInits() == 1)
      Store(IL->getInitializedFieldInUnion(), IL->getInit(0));
    return;
  }
  unsigned I = 0;
  for (const FieldDecl *Field : RD->fields()) {
    if (I >= IL->getNumInits())
      break;
    Store(Field, IL->getInit(I++));
  }
}

void Extractor::recordSlotStore(const FieldDecl *Slot, const FunctionDecl *Fn, SourceLocation L) {
  const FunctionDecl *Body = Fn->getDefinition() ? Fn->getDefinition() : Fn;
  if (inSystemHeader(Body->getLocation()) || inSystemHeader(Slot->getLocation()))
    return; // a library's function, or a library's table: nothing of the program's runs
  std::string SlotUsr = slotKey(Slot);
  std::string FnUsr = usr(Body); // a copy: usr() may grow the map it points into
  if (FnUsr.empty() || SlotUsr.size() <= std::strlen(FunctionFact::SlotStorePrefix))
    return;
  std::string Key = SlotUsr + "->" + FnUsr;
  if (!SlotStoresDone.insert(Key).second)
    return;
  FunctionFact C;
  C.usr = Key;
  C.name = slotName(Slot);
  C.loc = loc(L);
  C.endLine = C.loc.line;
  C.overrides.push_back(SlotUsr);
  for (const ParmVarDecl *P : Body->parameters())
    C.params.push_back(declKey(P));
  CallSite S;
  S.id = 0;
  S.seq = 1;
  S.loc = C.loc;
  S.calleeName = qualifiedName(Body);
  S.calleeUsr = FnUsr;
  // The stored function takes the call's arguments, in order.
  for (const ParmVarDecl *P : Body->parameters())
    passParameter(S, declKey(P), P->getName());
  C.calls.push_back(std::move(S));
  Out.functions.push_back(std::move(C));
}

void BodyWalker::noteSlotAssignment(const BinaryOperator *BO) {
  if (BO->getOpcode() != BO_Assign)
    return;
  auto *ME = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts());
  auto *Field = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  if (!Field || !Extractor::isFunctionSlot(Field))
    return;
  if (const FunctionDecl *Fn = functionPointee(BO->getRHS()))
    X.recordSlotStore(Field, Fn, BO->getRHS()->getBeginLoc());
}

bool Extractor::isQtSignal(const CXXMethodDecl *MD) {
  const CXXRecordDecl *RD = MD->getParent();
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  auto It = SignalsOf.find(RD);
  if (It == SignalsOf.end()) {
    std::set<const Decl *> Found;
    bool InSignals = false;
    for (const Decl *D : RD->decls()) {
      if (auto *AS = dyn_cast<AccessSpecDecl>(D)) {
        // `signals:` and `Q_SIGNALS:` are macros for an access specifier.
        InSignals = false;
        for (SourceLocation L = AS->getAccessSpecifierLoc(); L.isMacroID();
             L = SM.getImmediateMacroCallerLoc(L)) {
          llvm::StringRef Name = Lexer::getImmediateMacroName(L, SM, Ctx.getLangOpts());
          if (Name == "signals" || Name == "Q_SIGNALS")
            InSignals = true;
        }
        continue;
      }
      if (InSignals)
        if (auto *M = dyn_cast<CXXMethodDecl>(D))
          Found.insert(M->getCanonicalDecl());
    }
    It = SignalsOf.emplace(RD, std::move(Found)).first;
  }
  return It->second.count(MD->getCanonicalDecl()) != 0;
}

bool BodyWalker::recordConnection(const Expr *E, const FunctionDecl *Callee,
                                  llvm::ArrayRef<const Expr *> Args, const Expr *Object) {
  if (Args.size() < 3 || X.qualifiedName(Callee) != "QObject::connect")
    return false;
  const FunctionDecl *Signal = functionPointee(Args[1]);
  const Expr *SlotArg = Args.size() >= 4 ? Args[3] : Args[2];
  // A lambda slot runs when the signal is emitted, whichever class declares the signal: never
  // where the connect call is written.
  const LambdaExpr *SlotLambda = dyn_cast_or_null<LambdaExpr>(strip(SlotArg));
  if (SlotLambda)
    ConnectedLambdas.insert(SlotLambda);
  const FunctionDecl *Slot = SlotLambda ? SlotLambda->getCallOperator() : functionPointee(SlotArg);
  // By name: connect(sender, SIGNAL(changed(int)), receiver, SLOT(refresh(int))), or the
  // member form with `this` as the receiver: connect(sender, SIGNAL(...), SLOT(...)).
  auto ByName = [&](const Expr *Receiver, const Expr *Text, char Code) -> const FunctionDecl * {
    std::string T = X.constantString(Text);
    size_t Paren = T.find('(');
    if (T.size() < 2 || Paren == std::string::npos || (T[0] != Code && T[0] != '2'))
      return nullptr;
    return methodNamed(strip(Receiver), llvm::StringRef(T).substr(1, Paren - 1).trim());
  };
  if (!Signal)
    Signal = ByName(Args[0], Args[1], '2');
  if (!Slot) {
    if (Args.size() >= 4 && !X.constantString(Args[3]).empty())
      Slot = ByName(Args[2], Args[3], '1');
    else if (Object && !X.constantString(Args[2]).empty())
      Slot = ByName(Object, Args[2], '1');
  }
  // Only a signal the program declares: one of Qt's own is emitted inside Qt, with
  // arguments riskgate cannot see; its slots stay entry points.
  auto *SigMD = dyn_cast_or_null<CXXMethodDecl>(Signal);
  if (!SigMD || !Slot || X.inSystemHeader(SigMD->getLocation()))
    return false;
  const FunctionDecl *SlotBody = Slot->getDefinition() ? Slot->getDefinition() : Slot;
  std::string SigUsr = X.usr(SigMD); // a copy: the next usr() may grow the map
  std::string SlotUsr = X.usr(SlotBody);
  if (SlotLambda) { // a function of its own, by the key every lambda has
    SlotUsr = X.lambdaKey(SlotLambda->getLambdaClass());
    X.extractLambda(SlotLambda, SlotUsr);
  }
  if (SigUsr.empty() || SlotUsr.empty())
    return false;
  std::string Key = FunctionFact::SignalConnectionPrefix + SigUsr + "->" + SlotUsr;
  if (!X.ConnectionsDone.insert(Key).second)
    return true;
  FunctionFact C;
  C.usr = Key;
  C.name = X.qualifiedName(SigMD);
  C.loc = X.loc(E->getBeginLoc());
  C.endLine = C.loc.line;
  C.overrides.push_back(SigUsr);
  for (const ParmVarDecl *P : SigMD->parameters())
    C.params.push_back(X.declKey(P));
  CallSite S;
  S.id = 0;
  S.seq = 1;
  S.loc = C.loc;
  S.calleeName = SlotLambda ? std::string("lambda") : X.qualifiedName(SlotBody);
  S.calleeUsr = SlotUsr;
  if (auto *SlotMD = dyn_cast<CXXMethodDecl>(Slot); SlotMD && !SlotLambda)
    S.virtualDispatch = SlotMD->isVirtual();
  // The slot takes the signal's first arguments, in order.
  for (unsigned I = 0; I < Slot->getNumParams() && I < SigMD->getNumParams(); ++I)
    passParameter(S, X.declKey(SigMD->getParamDecl(I)), SigMD->getParamDecl(I)->getName());
  C.calls.push_back(std::move(S));
  X.Out.functions.push_back(std::move(C));
  return true;
}

bool BodyWalker::recordQueuedCall(const Expr *E, const FunctionDecl *Callee,
                                  llvm::ArrayRef<const Expr *> Args) {
  if (Args.size() < 2 || X.qualifiedName(Callee) != "QMetaObject::invokeMethod")
    return false;
  const CXXMethodDecl *Target = methodNamed(strip(Args[0]), X.constantString(Args[1]));
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

void BodyWalker::addSite(CallSite S, const Expr *E) {
  S.id = static_cast<int>(F.calls.size());
  S.exitedLoops = exitedLoops();
  S.inLoopCondition = CondLoop >= 0 && CondLoop == S.loop;
  S.upgradeOnly = UpgradeDepth > 0;
  S.runsOnce = OnceDepth > 0;
  S.leavesByException = !NextJumpThrows.empty() && NextJumpThrows.back() && CatchingDepth == 0;
  S.leavesFunction = !NextJumpLeaves.empty() && NextJumpLeaves.back();
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

void BodyWalker::noteWrites(const Expr *E, const FunctionDecl *Callee,
                            llvm::ArrayRef<const Expr *> Args, const Expr *Object, bool IsApi,
                            int AtSeq) {
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

} // namespace riskgate::extract
