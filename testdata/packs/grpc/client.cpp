// riskgate-test-rules: n-plus-one
// A synchronous stub generated from greeter.proto, against the real <grpcpp/...> headers.
#include "greeter.grpc.pb.h"

#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

void greet_each_bad(demo::Greeter::Stub &stub, const std::vector<std::string> &names) {
  for (const std::string &n : names) { // expect-note: {{loop here}}
    grpc::ClientContext ctx;
    demo::HelloRequest req;
    req.set_name(n);
    demo::HelloReply reply;
    stub.SayHello(&ctx, req, &reply); // expect: n-plus-one high {{'demo::Greeter::Stub::SayHello' runs a remote call}}
  }
}

void stream_each_bad(demo::Greeter::Stub &stub, int n) {
  for (int i = 0; i < n; ++i) { // expect-note: {{loop here}}
    grpc::ClientContext ctx;
    demo::HelloRequest req;
    auto reader = stub.ListGreetings(&ctx, req); // expect: n-plus-one high
    demo::HelloReply reply;
    while (reader->Read(&reply)) {
    }
  }
}

// ---- negatives -------------------------------------------------------------------------

// Reading one server stream: iteration over messages already on their way.
int read_stream_ok(demo::Greeter::Stub &stub) {
  grpc::ClientContext ctx;
  demo::HelloRequest req;
  auto reader = stub.ListGreetings(&ctx, req);
  demo::HelloReply reply;
  int n = 0;
  while (reader->Read(&reply))
    ++n;
  return n;
}

// Asynchronous calls drained from a completion queue.
void async_ok(demo::Greeter::Stub &stub, grpc::CompletionQueue &cq, const std::vector<std::string> &names) {
  std::vector<grpc::ClientContext> ctxs(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    demo::HelloRequest req;
    req.set_name(names[i]);
    auto call = stub.PrepareAsyncSayHello(&ctxs[i], req, &cq);
    call->StartCall();
  }
  void *tag = nullptr;
  bool ok = false;
  while (cq.Next(&tag, &ok)) {
  }
}
