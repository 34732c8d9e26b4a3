// riskgate-test-rules: uncached-hot-path, n-plus-one
// Cache-aside in Redis (a GET sent as a command before the SQL) and in memcached
// (memcached_get before it): the query runs on a miss, so the hot path is not uncached and
// a loop over the cached helper is low. Without the cache read, both are reported.
#include <hiredis/hiredis.h>
#include <libmemcached/memcached.h>
#include <libpq-fe.h>
#include <riskgate/annotations.h>

#include <cstdlib>
#include <vector>

struct Flags {
  PGconn *db;
  redisContext *redis;
  memcached_st *mc;

  RISKGATE_HOT int fromRedis() {
    redisReply *r = static_cast<redisReply *>(redisCommand(redis, "GET flags"));
    bool hit = r && r->type == REDIS_REPLY_STRING;
    freeReplyObject(r);
    if (hit)
      return 1;
    PQclear(PQexec(db, "SELECT value FROM flags WHERE name = 'all'"));
    freeReplyObject(redisCommand(redis, "SET flags 1"));
    return 0;
  }

  RISKGATE_HOT int fromMemcached() {
    size_t len = 0;
    uint32_t fl = 0;
    memcached_return_t rc;
    char *v = memcached_get(mc, "flags", 5, &len, &fl, &rc);
    if (v) {
      std::free(v);
      return 1;
    }
    PQclear(PQexec(db, "SELECT value FROM flags WHERE name = 'all'")); // expect-note: {{which runs PQexec here}}
    memcached_set(mc, "flags", 5, "1", 1, 0, 0);
    return 0;
  }

  RISKGATE_HOT int uncached() { // expect-note: {{hot entry point}}
    PQclear(PQexec(db, "SELECT value FROM flags WHERE name = 'all'")); // expect: uncached-hot-path high {{no cache in front of it}}
    return 0;
  }
};

void perUser_cached(Flags &f, const std::vector<int> &users) {
  for (int u : users) { // expect-note: {{low: behind a cache}}
    (void)u;
    f.fromMemcached(); // expect: n-plus-one low {{it runs on a cache miss only (memcached_get at line}}
    // expect-note@-1: {{calls Flags::fromMemcached}}
  }
}
