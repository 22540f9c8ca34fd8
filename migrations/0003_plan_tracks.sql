-- A study track a member follows beside (or instead of) a target career: its folder's name,
-- NULL when none. A plan with a track and no career has career ''. Lessons done are progress
-- rows whose item is 'tracks/<track>/<lesson path>', so they are kept per track as career
-- items are kept per career.
ALTER TABLE plans ADD COLUMN track TEXT;
