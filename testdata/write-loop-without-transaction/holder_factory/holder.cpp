// riskgate-test-rules: write-loop-without-transaction, n-plus-one
#include "holder.h"

Holder::Holder(soci::session &sql, bool active, bool *openFlag)
    : active_(active), openFlag_(openFlag), sql_(&sql) {
  if (active_) {
    sql_->begin();
    if (openFlag_)
      *openFlag_ = true;
  }
}

Holder::Holder(Holder &&other) noexcept
    : active_(other.active_), openFlag_(other.openFlag_), sql_(other.sql_) {
  other.active_ = false;
}

Holder::~Holder() {
  if (active_) {
    try {
      sql_->rollback();
    } catch (...) {
    }
    if (openFlag_)
      *openFlag_ = false;
  }
}

void Holder::commit() {
  if (active_) {
    sql_->commit();
    active_ = false;
    if (openFlag_)
      *openFlag_ = false;
  }
}

Holder Store::ensureTransaction() const { return Holder(sql_, !open_, &open_); }

void Table::add(int id) { sql_ << "INSERT INTO \"" << name_ << "\" (id) VALUES (:id)", soci::use(id); } // expect-note: {{which runs soci::session::operator<< here}}

// The holder a factory returns opens the transaction the loop's writes run in.
void Store::addAll(Table &t, const std::vector<int> &ids) {
  Holder txn = ensureTransaction();
  for (int id : ids) // expect-note: {{loop here (severity medium: starts at high: a network round trip; at most medium: the rows are written inside a transaction)}}
    t.add(id); // expect: n-plus-one medium {{inside a transaction, but still one round trip per row}}
  // expect-note@-1: {{calls Table::add}}
  txn.commit();
}

void Store::addAllUnguarded(Table &t, const std::vector<int> &ids) {
  for (int id : ids) // expect-note: {{loop here}}
    t.add(id); // expect: write-loop-without-transaction high {{call to 'Table::add' writes rows (INSERT)}}
  // expect@-1: n-plus-one high {{call to 'Table::add' runs a query}}
  // expect-note@-2: {{calls Table::add}}
}

// One holder per row: a transaction per iteration.
void Store::addEach(Table &t, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    Holder txn = ensureTransaction(); // expect: write-loop-without-transaction high {{opened and committed on every iteration}}
    t.add(id); // expect: n-plus-one high {{call to 'Table::add' runs a query}}
    // expect-note@-1: {{calls Table::add}}
    txn.commit();
  }
}

void Table::addChecked(Store &store, int id) {
  Holder txn = store.ensureTransaction();
  sql_ << "INSERT INTO audit (id) VALUES (:id)", soci::use(id); // expect-note: {{which runs soci::session::operator<< here}}
  txn.commit();
}

// The transaction comes from another object's factory; each call's own holder defers to
// it. Over a network still one round trip per row, in a transaction: medium.
void Saver::saveAll(Table &t, const std::vector<int> &ids) {
  Holder txn = store_.ensureTransaction();
  for (int id : ids) // expect-note: {{loop here (severity medium: starts at high: a network round trip; at most medium: the rows are written inside a transaction)}}
    t.addChecked(store_, id); // expect: n-plus-one medium {{inside a transaction, but still one round trip per row}}
  // expect-note@-1: {{calls Table::addChecked}}
  txn.commit();
}

Batch::Batch(soci::session &sql, bool atomic) : sql_(&sql), atomic_(atomic) {
  if (atomic_)
    sql_->begin();
}

void Batch::finish() {
  if (atomic_)
    sql_->commit();
}

// A setting decides whether there is a transaction at all: not one the rows are known to
// be in.
void Store::addConfigured(Table &t, const std::vector<int> &ids, bool atomic) {
  Batch b(sql_, atomic);
  for (int id : ids) // expect-note: {{loop here}}
    t.add(id); // expect: write-loop-without-transaction high {{call to 'Table::add' writes rows (INSERT)}}
  // expect@-1: n-plus-one high {{call to 'Table::add' runs a query}}
  // expect-note@-2: {{calls Table::add}}
  b.finish();
}
