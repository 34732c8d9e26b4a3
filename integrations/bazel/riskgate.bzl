"""riskgate facts as Bazel actions.

The aspect `riskgate_facts` runs `riskgate extract` once for every C and C++ source of the
targets it visits (and, through `deps`, of everything they depend on), with the include
paths, defines and copts those targets compile with. Each extraction is an ordinary action
with declared inputs and one output, so remote execution and the remote cache apply as they
do to compiling. The output group `riskgate_facts` holds the facts of the target and of its
dependencies; `riskgate analyze` merges them (see riskgate-bazel in this folder and
docs/scaling.md).
"""

RiskgateFactsInfo = provider(
    doc = "The riskgate facts files of a target and of its dependencies.",
    fields = {"facts": "depset of .facts files"},
)

_SOURCES = ["c", "cc", "cpp", "cxx", "c++", "C"]

def _compile_flags(target, ctx):
    flags = []
    headers = depset()
    if CcInfo in target:
        cc = target[CcInfo].compilation_context
        headers = cc.headers
        defines = cc.defines.to_list()
        if hasattr(cc, "local_defines"):
            defines = defines + cc.local_defines.to_list()
        flags += ["-D" + d for d in defines]
        flags += ["-I" + i for i in cc.includes.to_list()]
        flags += ["-iquote" + i for i in cc.quote_includes.to_list()]
        flags += ["-isystem" + i for i in cc.system_includes.to_list()]
        if hasattr(cc, "framework_includes"):
            flags += ["-F" + i for i in cc.framework_includes.to_list()]

    # copts are tokenized as Bazel does (one attribute entry may hold several flags);
    # entries with make variables or $(location) are left out: the aspect does not expand
    # them.
    for c in getattr(ctx.rule.attr, "copts", []):
        if "$(" not in c:
            flags += ctx.tokenize(c)
    return flags, headers

def _language_flags(ctx, src):
    """The toolchain-wide flags of the command line (--copt, --cxxopt/--conlyopt)."""
    cpp = ctx.fragments.cpp
    if src.extension == "c":
        return ["-x", "c"] + cpp.copts + cpp.conlyopts
    return ["-x", "c++"] + cpp.copts + cpp.cxxopts

def _riskgate_facts_impl(target, ctx):
    outputs = []
    srcs = getattr(ctx.rule.attr, "srcs", [])
    if srcs and CcInfo in target:
        flags, headers = _compile_flags(target, ctx)

        # Private headers and textual includes listed in srcs are inputs too.
        listed = [f for t in srcs for f in t.files.to_list()]
        for src in listed:
            if src.extension not in _SOURCES:
                continue

            # A source of an external repository has a short path "../repo/...": named
            # "external/repo/..." under the target's output folder.
            name = src.short_path
            if name.startswith("../"):
                name = "external/" + name[3:]
            out = ctx.actions.declare_file("%s.riskgate/%s.facts" % (ctx.label.name, name))
            unit_flags = flags
            if src.extension == "c":
                # A C unit never gets a C++ standard (a copt shared by C and C++ sources).
                unit_flags = [f for f in flags if not f.startswith("-std=c++") and not f.startswith("-std=gnu++")]
            ctx.actions.run(
                executable = ctx.executable._riskgate,
                arguments = ["extract", "--quiet", "--root", ".", "-o", out.path, src.path, "--"] +
                            _language_flags(ctx, src) + unit_flags,
                inputs = depset(listed, transitive = [headers]),
                outputs = [out],
                mnemonic = "RiskgateExtract",
                progress_message = "riskgate facts of %s" % src.short_path,
            )
            outputs.append(out)
    transitive = [
        dep[RiskgateFactsInfo].facts
        for attr in ["deps", "implementation_deps"]
        for dep in getattr(ctx.rule.attr, attr, [])
        if RiskgateFactsInfo in dep
    ]
    facts = depset(outputs, transitive = transitive)
    return [
        RiskgateFactsInfo(facts = facts),
        OutputGroupInfo(riskgate_facts = facts),
    ]

riskgate_facts = aspect(
    implementation = _riskgate_facts_impl,
    attr_aspects = ["deps", "implementation_deps"],
    fragments = ["cpp"],
    attrs = {
        "_riskgate": attr.label(
            default = Label("@riskgate//:riskgate"),
            executable = True,
            cfg = "exec",
            allow_single_file = True,
        ),
    },
)
