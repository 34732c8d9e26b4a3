-- The shop's tables.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  org_id INTEGER,
  created_at INTEGER,
  name TEXT
);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  status TEXT,
  total INTEGER,
  created_at INTEGER
);
CREATE TABLE events (id INTEGER PRIMARY KEY, org_id INTEGER, kind TEXT, at INTEGER);
