# Stand-in for rules_proto on a machine with no network (see ../../README.md).
proto_library = native.proto_library
