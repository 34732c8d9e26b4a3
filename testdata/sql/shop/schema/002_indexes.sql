CREATE INDEX users_email_idx ON users(email);
CREATE INDEX events_org_kind_idx ON events(org_id, kind);
