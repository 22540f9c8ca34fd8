-- Study plans: one target career per member and server, and the items each member has done.
-- Written for both SQLite and PostgreSQL (the same statements run on either).

-- A member's target in a server. Ids are text: Discord ids are 64-bit unsigned.
CREATE TABLE plans (
    guild TEXT NOT NULL,
    member TEXT NOT NULL,
    career TEXT NOT NULL,
    shared BIGINT NOT NULL DEFAULT 0, -- 0 or 1: the Any driver reads no SQLite booleans
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (guild, member)
);

-- Items done. The item id starts with the career's slug, so progress is kept per career when
-- the target changes; `name` is the item as shown when ticked, kept when a document drops it.
CREATE TABLE progress (
    guild TEXT NOT NULL,
    member TEXT NOT NULL,
    item TEXT NOT NULL,
    name TEXT NOT NULL,
    done_at BIGINT NOT NULL,
    PRIMARY KEY (guild, member, item)
);

CREATE INDEX plans_by_guild_career ON plans (guild, career);
