// The loop lives here; the query is two calls and two translation units away.
#include "user_repository.h"

#include <algorithm>
#include <vector>

struct Notification {
  int userId;
  std::string text;
};

class NotificationService {
public:
  explicit NotificationService(UserRepository &users, Database &db) : users_(users), db_(db) {}
  void sendDigest(const std::vector<Notification> &batch);
  void sendDigestBatched(const std::vector<Notification> &batch);
  void sendWithLambda(const std::vector<Notification> &batch);
  void sendWithNamedLambda(const std::vector<Notification> &batch);
  void logAll(const std::vector<Notification> &batch);

private:
  UserRepository &users_;
  Database &db_;
};

void NotificationService::sendDigest(const std::vector<Notification> &batch) {
  for (const Notification &n : batch) { // expect-note: {{loop here}}
    std::string name = users_.findById(n.userId); // expect: n-plus-one high {{call to 'UserRepository::findById' runs a query (PQexecParams, network round trip)}}
    // expect-note@-1: {{calls UserRepository::findById}}
    db_.log(name + ": " + n.text);
  }
}

// Through a helper defined inline in a header: one more hop.
void greetAll(UserRepository &users, const std::vector<int> &ids) {
  for (size_t i = 0; i < ids.size(); ++i) { // expect-note: {{loop here}}
    users.displayName(ids[i]); // expect: n-plus-one high {{call to 'UserRepository::displayName'}}
    // expect-note@-1: {{calls UserRepository::displayName}}
  }
}

// A lambda handed to an algorithm runs once per element.
void NotificationService::sendWithLambda(const std::vector<Notification> &batch) {
  std::for_each(batch.begin(), batch.end(), [this](const Notification &n) { // expect-note: {{loop here (std::for_each)}}
    db_.log(users_.findById(n.userId)); // expect: n-plus-one high
    // expect-note@-1: {{calls UserRepository::findById}}
  });
}

// A named lambda called in a loop: the call is the finding, the lambda a hop of the trace.
void NotificationService::sendWithNamedLambda(const std::vector<Notification> &batch) {
  auto lookup = [this](int id) { return users_.findById(id); }; // expect-note: {{calls UserRepository::findById}}
  for (const Notification &n : batch) // expect-note: {{loop here}}
    db_.log(lookup(n.userId)); // expect: n-plus-one high {{call to 'NotificationService::sendWithNamedLambda::(lambda)'}}
    // expect-note@-1: {{calls NotificationService::sendWithNamedLambda::(lambda)}}
}

// ---- negatives -------------------------------------------------------------------------

// One query for the whole batch, then a loop over memory.
void NotificationService::sendDigestBatched(const std::vector<Notification> &batch) {
  std::vector<int> ids;
  for (const Notification &n : batch)
    ids.push_back(n.userId);
  std::map<int, std::string> names = users_.findByIds(ids);
  for (const Notification &n : batch)
    db_.log(names[n.userId] + ": " + n.text);
}

// A loop over calls that never reach the database.
void NotificationService::logAll(const std::vector<Notification> &batch) {
  for (const Notification &n : batch)
    db_.log(n.text);
}

// Calls through function pointers are not followed (counted as unresolved in --stats).
void viaPointer(std::string (*fetch)(int), const std::vector<int> &ids) {
  for (int id : ids)
    fetch(id);
}
