// riskgate-test-rules: n-plus-one
// hiredis against the real <hiredis/hiredis.h> (libhiredis-dev).
#include <hiredis/hiredis.h>

#include <string>
#include <vector>

void get_each_bad(redisContext *c, const std::vector<std::string> &keys) {
  for (const std::string &k : keys) { // expect-note: {{loop here}}
    redisReply *r = (redisReply *)redisCommand(c, "GET %s", k.c_str()); // expect: n-plus-one high {{'redisCommand' runs a remote call}}
    freeReplyObject(r);
  }
}

void argv_each_bad(redisContext *c, int n) {
  const char *argv[2] = {"INCR", "hits"};
  for (int i = 0; i < n; ++i) { // expect-note: {{loop here}}
    freeReplyObject(redisCommandArgv(c, 2, argv, nullptr)); // expect: n-plus-one high
  }
}

// Appending and waiting for the reply in the same iteration: a round trip each.
void append_and_wait_bad(redisContext *c, const std::vector<std::string> &keys) {
  for (const std::string &k : keys) { // expect-note: {{loop here}}
    redisAppendCommand(c, "GET %s", k.c_str());
    void *reply = nullptr;
    redisGetReply(c, &reply); // expect: n-plus-one high {{bound or reset again}}
    freeReplyObject(reply);
  }
}

// ---- negatives -------------------------------------------------------------------------

// Pipelining: queue every command, then read every reply: one round trip.
void pipelined_ok(redisContext *c, const std::vector<std::string> &keys) {
  for (const std::string &k : keys)
    redisAppendCommand(c, "GET %s", k.c_str());
  for (size_t i = 0; i < keys.size(); ++i) {
    void *reply = nullptr;
    if (redisGetReply(c, &reply) != REDIS_OK)
      break;
    freeReplyObject(reply);
  }
}

// One MGET for all keys.
void mget_ok(redisContext *c, std::vector<const char *> &argv) {
  freeReplyObject(redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), nullptr));
}
