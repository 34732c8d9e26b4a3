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

    # copts as written: make variables and $(location) are not expanded here.
    flags += [c for c in getattr(ctx.rule.attr, "copts", []) if "$(" not in c]
    return flags, headers

def _riskgate_facts_impl(target, ctx):
    outputs = []
    srcs = getattr(ctx.rule.attr, "srcs", [])
    if srcs and CcInfo in target:
        flags, headers = _compile_flags(target, ctx)
        for src_target in srcs:
            for src in src_target.files.to_list():
                if src.extension not in _SOURCES:
                    continue
                out = ctx.actions.declare_file(
                    "%s.riskgate/%s.facts" % (ctx.label.name, src.short_path),
                )
                language = ["-x", "c"] if src.extension == "c" else ["-x", "c++"]
                ctx.actions.run(
                    executable = ctx.executable._riskgate,
                    arguments = ["extract", "--quiet", "--root", ".", "-o", out.path, src.path, "--"] +
                                language + flags,
                    inputs = depset([src], transitive = [headers]),
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
    attrs = {
        "_riskgate": attr.label(
            default = Label("@riskgate//:riskgate"),
            executable = True,
            cfg = "exec",
            allow_single_file = True,
        ),
    },
)
