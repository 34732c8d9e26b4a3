// Variables: what a call's result is stored into, what is assigned from what, and what
// changes from one iteration of a loop to the next.
#include "facts/Walker.h"
#include "sql/Schema.h"

namespace riskgate::extract {

namespace {
/// The SQL keyword a text starts with, past opening parentheses (`(SELECT ...) UNION ...`).
std::string firstWord(const std::string &T) {
  size_t I = T.find_first_not_of(" \t\r\n(");
  return I == std::string::npos ? std::string() : firstSqlKeyword(T.substr(I));
}
} // namespace

void BodyWalker::noteReturned(const Expr *E) {
  // Text built for the caller to run: every return with a literal start must agree on the
  // first keyword, or what the function returns is not known (ReturnedTextMixed).
  if (!ReturnedTextMixed && E)
    if (std::string T = leadingText(E); !T.empty() && !firstWord(T).empty()) {
      if (F.returnedText.empty()) {
        F.returnedText = T;
      } else if (firstWord(F.returnedText) != firstWord(T)) {
        F.returnedText.clear();
        ReturnedTextMixed = true;
      }
    }
  E = strip(E);
  // `return q;` of a class type copies or moves q: the variable is still what is returned.
  if (auto *CE = dyn_cast_or_null<CXXConstructExpr>(E); CE && CE->getNumArgs() == 1)
    E = strip(CE->getArg(0));
  std::string Key = X.varKey(E);
  if (!Key.empty() && Key != "this" &&
      std::find(F.returnedVars.begin(), F.returnedVars.end(), Key) == F.returnedVars.end())
    F.returnedVars.push_back(Key);
}

std::vector<std::string> BodyWalker::dependOn(const std::string &Key, const Stmt *From) {
  std::vector<std::string> Reads;
  collectVars(From, Reads);
  for (const std::string &R : Reads)
    F.varDeps.emplace_back(Key, R);
  if (std::string In = inputReadIn(From); !In.empty())
    F.varDeps.emplace_back(Key, "input:" + In);
  return Reads;
}

bool BodyWalker::VisitVarDecl(VarDecl *VD) {
  DeclLoopDepth[VD] = Loops.size();
  if (const Expr *Init = VD->getInit()) {
    std::string Key = X.declKey(VD);
    if (auto *CC = dyn_cast_or_null<CXXConstructExpr>(strip(Init)))
      Constructed[CC] = Key; // `SQLite::Statement q(db, sql)`: q is the statement
    markResult(Init, Key);
    const std::vector<std::string> Reads = dependOn(Key, Init);
    VarDefs[Key].push_back(Init);
    WholeDefs.insert(Init);
    // Declared inside a loop from anything but constants, it is defined inside the loop:
    // a new value each iteration as far as invariance goes (`Job j = pending.back();`
    // before `pending.pop_back();`, `row = rows[i]`, `x = q.front()`).
    if (!Reads.empty() || hasOpaqueCall(Init))
      for (int L : Loops)
        addModified(L, Key);
  }
  return true;
}

bool BodyWalker::VisitBinaryOperator(BinaryOperator *BO) {
  if (BO->isAssignmentOp()) {
    noteSlotAssignment(BO);
    std::string Key = X.varKey(BO->getLHS());
    markResult(BO->getRHS(), Key);
    assigned(Key, BO->getRHS());
    if (BO->getOpcode() == BO_Assign)
      WholeDefs.insert(BO->getRHS());
  }
  return true;
}

bool BodyWalker::VisitUnaryOperator(UnaryOperator *U) {
  if (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf)
    assigned(X.varKey(U->getSubExpr()), nullptr);
  return true;
}

bool BodyWalker::VisitCompoundStmt(CompoundStmt *CS) {
  for (Stmt *C : CS->body())
    markDiscarded(C);
  return true;
}

void BodyWalker::markResult(const Expr *RHS, const std::string &Key, bool Condition) {
  if (Key.empty() || !RHS)
    return;
  const Expr *E = strip(RHS);
  if (!E)
    return;
  if (auto *CE = dyn_cast<CallExpr>(E)) {
    if (Condition)
      ResultVars.try_emplace(CE, Key);
    else
      ResultVars[CE] = Key;
    return;
  }
  if (auto *CC = dyn_cast<CXXConstructExpr>(E)) {
    // A constructor that is itself an access (a SOCI rowset made from `sql.prepare << ...`
    // runs the statement): the object made is its result. Another one-argument
    // construction converts a call's result (`QString(q.value(0))`).
    if (X.constructsAccess(CC))
      ResultVars[CC] = Key;
    else if (CC->getNumArgs() == 1)
      markResult(CC->getArg(0), Key, Condition);
    return;
  }
  if (auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_LNot) {
    markResult(U->getSubExpr(), Key, Condition);
    return;
  }
  if (auto *BO = dyn_cast<BinaryOperator>(E);
      BO && (isComparison(BO->getOpcode()) ||
             (Condition && (BO->getOpcode() == BO_LAnd || BO->getOpcode() == BO_LOr)))) {
    markResult(BO->getLHS(), Key, Condition);
    markResult(BO->getRHS(), Key, Condition);
  }
}

void BodyWalker::collectVars(const Stmt *Root, std::vector<std::string> &Out) {
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

bool BodyWalker::hasOpaqueCall(const Stmt *Root) {
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

void BodyWalker::assigned(const std::string &Key, const Expr *RHS, int AtSeq) {
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
    dependOn(Key, RHS);
  }
}

bool BodyWalker::isSynchronization(const Expr *E) {
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

void BodyWalker::markDiscarded(const Stmt *S) {
  auto *E = dyn_cast_or_null<Expr>(S);
  if (!E)
    return;
  if (auto *W = dyn_cast<ExprWithCleanups>(E))
    E = W->getSubExpr();
  E = E->IgnoreParens();
  if (auto *CE = dyn_cast<CallExpr>(E))
    Discarded.insert(CE);
}

} // namespace riskgate::extract
