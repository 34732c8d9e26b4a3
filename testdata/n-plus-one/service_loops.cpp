// riskgate-test-rules: n-plus-one
// Service loops: a loop that waits on every pass (a sleep, a condition wait, a helper that
// waits for the stop signal) runs its body once per tick or per event, not once per row.
// What it queries per pass is at most low; a loop over rows inside it is still an N+1.
#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

void pollJobs_low(PGconn *c, const bool &stop) {
  while (!stop) { // expect-note: {{loop here (severity low: starts at high: a network round trip; low: a service loop)}}
    PQclear(PQexec(c, "SELECT id FROM jobs WHERE due < now()")); // expect: n-plus-one low {{the loop waits on every pass (std::this_thread::sleep_for), so this runs once per tick or event, not once per row}}
    std::this_thread::sleep_for(std::chrono::milliseconds(500)); // expect-note: {{the loop waits here on every pass}}
  }
}

class Worker {
public:
  // Waits up to Ms for the stop signal: the pacing is inside this helper.
  bool stopRequested(int Ms) {
    std::unique_lock<std::mutex> lock(m);
    cv.wait_for(lock, std::chrono::milliseconds(Ms), [this] { return stopping; });
    return stopping;
  }

  void run(PGconn *c, const std::vector<int> &hosts) {
    while (!stopRequested(1000)) { // expect-note: {{loop here}}
      // expect-note@-1: {{the loop waits here on every pass}}
      PQclear(PQexec(c, "DELETE FROM sessions WHERE expires < now()")); // expect: n-plus-one low {{once per tick or event}}
      for (int h : hosts) { // expect-note: {{loop here}}
        (void)h;
        PQclear(PQexec(c, "SELECT 1 FROM hosts WHERE id = 1")); // expect: n-plus-one critical {{network round trip}}
      }
    }
  }

private:
  std::mutex m;
  std::condition_variable cv;
  bool stopping = false;
};

// A wait inside an inner retry loop paces that loop only: the outer loop over ids is a plain
// N+1.
void perIdWithBackoff_bad(PGconn *c, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    (void)id;
    PQclear(PQexec(c, "UPDATE counters SET n = n + 1 WHERE id = 1")); // expect: n-plus-one high {{network round trip}}
    for (int attempt = 0; attempt < 3; ++attempt)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// Domoticz-style stop signal: a future the owner sets; waiting on it paces the loop.
class Task {
public:
  bool IsStopRequested(int Ms) {
    return stopped_.wait_for(std::chrono::milliseconds(Ms)) != std::future_status::timeout;
  }
  void Do_Work(PGconn *c) {
    while (!IsStopRequested(500)) { // expect-note: {{loop here}}
      // expect-note@-1: {{the loop waits here on every pass}}
      PQclear(PQexec(c, "SELECT value FROM preferences WHERE key = 'x'")); // expect: n-plus-one low {{the loop waits on every pass (Task::IsStopRequested)}}
    }
  }

private:
  std::shared_future<void> stopped_;
};
