"""The riskgate binary as a Bazel repository, `@riskgate//:riskgate`, for the aspect.

In WORKSPACE:

    local_repository(name = "riskgate_rules", path = "/usr/share/riskgate/bazel")
    load("@riskgate_rules//:repositories.bzl", "riskgate_binary")
    riskgate_binary(name = "riskgate")  # riskgate from PATH, or binary = "/path/to/riskgate"
"""

def _riskgate_binary_impl(rctx):
    path = rctx.attr.binary
    if not path:
        found = rctx.which("riskgate")
        if not found:
            fail("riskgate is not on PATH: install it, or give riskgate_binary(binary = ...)")
        path = str(found)
    rctx.symlink(path, "riskgate")
    rctx.file("WORKSPACE", "workspace(name = \"%s\")\n" % rctx.name)
    rctx.file("BUILD", "exports_files([\"riskgate\"])\n")

riskgate_binary = repository_rule(
    implementation = _riskgate_binary_impl,
    attrs = {"binary": attr.string(doc = "Absolute path of the riskgate binary (default: PATH).")},
    environ = ["PATH"],
    local = True,
)
