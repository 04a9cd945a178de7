-- Stipple schema 6: the regions of the followed sketch version a session treated.
-- A followed version is locked (schema 4), so a region's id in its drawing stays valid.
-- area names the consultation vocabulary area the region obviously is (from its label),
-- NULL when it is only a sketch region; label is the region as the form listed it, so
-- lists and history read without loading the drawing.
CREATE TABLE session_region (
  session_id  INTEGER NOT NULL REFERENCES treatment_session (id) ON DELETE CASCADE,
  item_id     INTEGER NOT NULL CHECK (item_id >= 1),
  area        TEXT    CHECK (area IN ('frontal-hairline', 'temple-left', 'temple-right',
                                      'mid-scalp', 'crown', 'donor-area', 'sides')),
  label       TEXT    NOT NULL CHECK (length(trim(label)) BETWEEN 1 AND 300),
  PRIMARY KEY (session_id, item_id)
) WITHOUT ROWID;

-- A session with regions follows a sketch version.
CREATE TRIGGER session_region_needs_sketch BEFORE INSERT ON session_region
WHEN (SELECT sketch_version_id FROM treatment_session WHERE id = new.session_id) IS NULL
BEGIN
  SELECT RAISE (ABORT, 'a session region needs the session to follow a sketch version');
END;
