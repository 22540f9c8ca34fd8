-- What a member chose for themselves in a server, apart from a plan: the language lessons and
-- definitions are shown in ('si', 'ta'; NULL: English). One row per member and server; a row
-- is written when a member first sets something, and deleted with the rest of their data.
CREATE TABLE member_settings (
    guild TEXT NOT NULL,
    member TEXT NOT NULL,
    lang TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (guild, member)
);
