#include "facts/FactExtractor.h"

#include "facts/Walker.h"

namespace riskgate {
namespace extract {

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
    if (isRequestType(P->getType()))
      F.requestParams.push_back(declKey(P));
  }
  BodyWalker W(*this, F);
  W.ReturnType = FD->getReturnType();
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
  if (Op)
    W.ReturnType = Op->getReturnType();
  W.Root = LE->getBody();
  W.TraverseStmt(LE->getBody());
  Out.functions.push_back(std::move(F));
}

} // namespace extract

namespace {

using namespace clang;
using extract::Extractor;

/// Finds the function definitions of the translation unit; bodies are left to BodyWalker.
class FunctionCollector : public RecursiveASTVisitor<FunctionCollector> {
public:
  explicit FunctionCollector(Extractor &X) : X(X) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseStmt(Stmt *) { return true; }
  /// A declaration read from a shared library prefix (a PCH holds library headers only,
  /// facts/SharedPrefix.h) has no function riskgate extracts: not walking it keeps the PCH
  /// from being read in full.
  bool TraverseDecl(Decl *D) {
    if (D && D->isFromASTFile())
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }

  /// A table of functions at file scope (`static const driver_t pg = {&pg_open, ...}`):
  /// the stores into its function-pointer fields. Those in a body are the body walker's.
  bool VisitVarDecl(VarDecl *VD) {
    if (VD->isLocalVarDecl() || !VD->getInit() || X.inSystemHeader(VD->getLocation()))
      return true;
    extract::walkPreOrder(VD->getInit(), [&](const Stmt *S) {
      if (auto *IL = dyn_cast<InitListExpr>(S))
        X.recordSlotStores(IL);
      return true;
    });
    return true;
  }

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
