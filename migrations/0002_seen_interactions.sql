-- Interaction ids answered recently, so that every replica sharing this database refuses a
-- signed request it has already answered (each replica also remembers its own in memory).
-- Used on PostgreSQL only; the table exists on SQLite too so the schema is the same.

-- `id` is the Discord snowflake's 64 bits as a signed BIGINT (the same bits: still unique).
-- A row is needed until its signed timestamp leaves the five-minute window (`expires_at`,
-- Unix seconds); older rows are deleted as new ones come.
CREATE TABLE seen_interactions (
    id BIGINT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);

CREATE INDEX seen_interactions_by_expiry ON seen_interactions (expires_at);
