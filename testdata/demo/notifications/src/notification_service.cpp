#include "user_repository.h"

#include <string>
#include <vector>

struct Notification {
  int userId;
  std::string text;
};

class NotificationService {
public:
  NotificationService(Database &db, UserRepository &users) : db_(db), users_(users) {}

  // Called for every digest run: thousands of notifications at a time.
  void sendDigest(const std::vector<Notification> &batch) {
    users_.warmCache();
    for (const Notification &n : batch) {
      std::string line = users_.displayName(n.userId) + ": " + n.text;
      deliver(line);
    }
  }

private:
  void deliver(const std::string &line) { outbox_.push_back(line); }

  Database &db_;
  UserRepository &users_;
  std::vector<std::string> outbox_;
};

void runDigest(Database &db, const std::vector<Notification> &batch) {
  UserRepository users(db);
  NotificationService service(db, users);
  service.sendDigest(batch);
}
