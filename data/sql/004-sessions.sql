-- Stipple schema 4: treatment plans, the session log with pigment and needle lots, the
-- remembered lots, lot recall, corrections with history, and laser-removal referrals.
-- Times are unix seconds in UTC; calendar dates are ISO 8601 text. Everything a client
-- owns goes with the client (ON DELETE CASCADE).

-- A removal referral to an external laser clinic, and the laser sessions the client
-- reports. A revision plan (treatment_plan.referral_id) and its new sketch version follow
-- from it, so the before and after of a revision can be traced.
CREATE TABLE removal_referral (
  id           INTEGER PRIMARY KEY,
  client_id    INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
  clinic       TEXT    NOT NULL CHECK (length(trim(clinic)) BETWEEN 1 AND 200),
  referred_on  TEXT    NOT NULL
               CHECK (referred_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  reason       TEXT    NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
  created_at   INTEGER NOT NULL,
  created_by   INTEGER REFERENCES staff (id)
);

CREATE INDEX removal_referral_by_client ON removal_referral (client_id, referred_on);

CREATE TABLE referral_area (
  referral_id  INTEGER NOT NULL REFERENCES removal_referral (id) ON DELETE CASCADE,
  area         TEXT    NOT NULL
               CHECK (area IN ('frontal-hairline', 'temple-left', 'temple-right',
                               'mid-scalp', 'crown', 'donor-area', 'sides')),
  PRIMARY KEY (referral_id, area)
);

CREATE TABLE laser_session (
  id           INTEGER PRIMARY KEY,
  referral_id  INTEGER NOT NULL REFERENCES removal_referral (id) ON DELETE CASCADE,
  done_on      TEXT    NOT NULL
               CHECK (done_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  notes        TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
  reported_at  INTEGER NOT NULL
);

CREATE INDEX laser_session_by_referral ON laser_session (referral_id, done_on);

-- A plan of sessions, made from a consultation's plan or by hand.
CREATE TABLE treatment_plan (
  id                 INTEGER PRIMARY KEY,
  client_id          INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
  consultation_id    INTEGER REFERENCES consultation (id) ON DELETE SET NULL,
  referral_id        INTEGER REFERENCES removal_referral (id) ON DELETE SET NULL,
  sketch_version_id  INTEGER REFERENCES sketch_version (id) ON DELETE SET NULL,
  planned_sessions   INTEGER NOT NULL CHECK (planned_sessions BETWEEN 1 AND 10),
  spacing_days       INTEGER NOT NULL CHECK (spacing_days BETWEEN 1 AND 365),
  status             TEXT    NOT NULL DEFAULT 'active'
                     CHECK (status IN ('active', 'complete', 'paused', 'cancelled')),
  notes              TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL
);

CREATE INDEX treatment_plan_by_client ON treatment_plan (client_id, created_at, id);

-- The remembered lots: one row per product and lot, so a box is typed once. last_used_at
-- orders the completion list.
CREATE TABLE pigment_lot (
  id            INTEGER PRIMARY KEY,
  brand         TEXT    NOT NULL COLLATE NOCASE CHECK (length(trim(brand)) BETWEEN 1 AND 100),
  shade         TEXT    NOT NULL COLLATE NOCASE CHECK (length(trim(shade)) BETWEEN 1 AND 100),
  lot           TEXT    NOT NULL COLLATE NOCASE CHECK (length(trim(lot)) BETWEEN 1 AND 64),
  expiry        TEXT    CHECK (expiry IS NULL OR
                               expiry GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  created_at    INTEGER NOT NULL,
  last_used_at  INTEGER NOT NULL,
  UNIQUE (brand, shade, lot)
);

CREATE INDEX pigment_lot_by_lot ON pigment_lot (lot);
CREATE INDEX pigment_lot_by_use ON pigment_lot (last_used_at);

CREATE TABLE needle_lot (
  id             INTEGER PRIMARY KEY,
  configuration  TEXT    NOT NULL COLLATE NOCASE
                 CHECK (length(trim(configuration)) BETWEEN 1 AND 20),
  diameter_mm    REAL    NOT NULL CHECK (diameter_mm > 0 AND diameter_mm <= 1),
  taper          TEXT    NOT NULL DEFAULT '' COLLATE NOCASE CHECK (length(taper) <= 40),
  lot            TEXT    NOT NULL COLLATE NOCASE CHECK (length(trim(lot)) BETWEEN 1 AND 64),
  expiry         TEXT    CHECK (expiry IS NULL OR
                                expiry GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  created_at     INTEGER NOT NULL,
  last_used_at   INTEGER NOT NULL,
  UNIQUE (configuration, diameter_mm, taper, lot)
);

CREATE INDEX needle_lot_by_lot ON needle_lot (lot);
CREATE INDEX needle_lot_by_use ON needle_lot (last_used_at);

-- One session as the practitioner logged it. A correction rewrites the row and its
-- children and keeps the previous content in session_revision; a cancelled session stays.
-- Reactions: NULL when not recorded.
CREATE TABLE treatment_session (
  id                 INTEGER PRIMARY KEY,
  client_id          INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
  plan_id            INTEGER REFERENCES treatment_plan (id) ON DELETE SET NULL,
  kind               TEXT    NOT NULL
                     CHECK (kind IN ('initial', 'build-up', 'refinement', 'touch-up',
                                     'scar-camouflage', 'post-laser-revision')),
  started_at         INTEGER NOT NULL,
  duration_minutes   INTEGER CHECK (duration_minutes BETWEEN 1 AND 720),
  practitioner_id    INTEGER REFERENCES staff (id),
  depth              TEXT    NOT NULL DEFAULT '' CHECK (length(depth) <= 200),
  angle              TEXT    NOT NULL DEFAULT '' CHECK (length(angle) <= 200),
  spacing            TEXT    NOT NULL DEFAULT '' CHECK (length(spacing) <= 200),
  machine_model      TEXT    NOT NULL DEFAULT '' CHECK (length(machine_model) <= 100),
  stroke_mm          REAL    CHECK (stroke_mm > 0 AND stroke_mm <= 10),
  voltage            REAL    CHECK (voltage > 0 AND voltage <= 20),
  speed_hz           INTEGER CHECK (speed_hz BETWEEN 1 AND 500),
  pain               INTEGER CHECK (pain BETWEEN 0 AND 10),
  bleeding           TEXT    CHECK (bleeding IN ('none', 'mild', 'moderate', 'severe')),
  redness            TEXT    CHECK (redness IN ('none', 'mild', 'moderate', 'severe')),
  swelling           TEXT    CHECK (swelling IN ('none', 'mild', 'moderate', 'severe')),
  notes              TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
  sketch_version_id  INTEGER REFERENCES sketch_version (id) ON DELETE SET NULL,
  -- Who accepted logging with an expired lot, when, and which lots.
  expired_ack_by     INTEGER REFERENCES staff (id),
  expired_ack_at     INTEGER,
  expired_ack_lots   TEXT    CHECK (length(expired_ack_lots) <= 4000),
  status             TEXT    NOT NULL DEFAULT 'logged' CHECK (status IN ('logged', 'cancelled')),
  cancel_reason      TEXT    NOT NULL DEFAULT '' CHECK (length(cancel_reason) <= 2000),
  revision           INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
  created_at         INTEGER NOT NULL,
  created_by         INTEGER REFERENCES staff (id),
  updated_at         INTEGER NOT NULL,
  CHECK ((expired_ack_at IS NULL) = (expired_ack_lots IS NULL))
);

CREATE INDEX treatment_session_by_client ON treatment_session (client_id, started_at, id);
CREATE INDEX treatment_session_by_plan ON treatment_session (plan_id, started_at);
CREATE INDEX treatment_session_by_time ON treatment_session (started_at);

CREATE TABLE session_area (
  session_id  INTEGER NOT NULL REFERENCES treatment_session (id) ON DELETE CASCADE,
  area        TEXT    NOT NULL
              CHECK (area IN ('frontal-hairline', 'temple-left', 'temple-right',
                              'mid-scalp', 'crown', 'donor-area', 'sides')),
  PRIMARY KEY (session_id, area)
) WITHOUT ROWID;

-- What was on the tray, as typed at the time (the remembered lot may be edited later;
-- this row keeps what the session used). lot_id links to the remembered lot for recall.
CREATE TABLE session_pigment (
  id          INTEGER PRIMARY KEY,
  session_id  INTEGER NOT NULL REFERENCES treatment_session (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL CHECK (position >= 0),
  lot_id      INTEGER NOT NULL REFERENCES pigment_lot (id),
  brand       TEXT    NOT NULL CHECK (length(trim(brand)) BETWEEN 1 AND 100),
  shade       TEXT    NOT NULL CHECK (length(trim(shade)) BETWEEN 1 AND 100),
  dilution    TEXT    NOT NULL DEFAULT ''
              CHECK (dilution = '' OR dilution GLOB '[0-9]*:[0-9]*'),
  lot         TEXT    NOT NULL CHECK (length(trim(lot)) BETWEEN 1 AND 64),
  expiry      TEXT    CHECK (expiry IS NULL OR
                             expiry GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  UNIQUE (session_id, position)
);

CREATE INDEX session_pigment_by_lot ON session_pigment (lot_id, session_id);

CREATE TABLE session_needle (
  id             INTEGER PRIMARY KEY,
  session_id     INTEGER NOT NULL REFERENCES treatment_session (id) ON DELETE CASCADE,
  position       INTEGER NOT NULL CHECK (position >= 0),
  lot_id         INTEGER NOT NULL REFERENCES needle_lot (id),
  configuration  TEXT    NOT NULL CHECK (length(trim(configuration)) BETWEEN 1 AND 20),
  diameter_mm    REAL    NOT NULL CHECK (diameter_mm > 0 AND diameter_mm <= 1),
  taper          TEXT    NOT NULL DEFAULT '' CHECK (length(taper) <= 40),
  lot            TEXT    NOT NULL CHECK (length(trim(lot)) BETWEEN 1 AND 64),
  expiry         TEXT    CHECK (expiry IS NULL OR
                                expiry GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  UNIQUE (session_id, position)
);

CREATE INDEX session_needle_by_lot ON session_needle (lot_id, session_id);

CREATE TABLE session_photo (
  session_id  INTEGER NOT NULL REFERENCES treatment_session (id) ON DELETE CASCADE,
  photo_id    INTEGER NOT NULL REFERENCES photo (id) ON DELETE CASCADE,
  role        TEXT    NOT NULL CHECK (role IN ('before', 'after')),
  PRIMARY KEY (session_id, photo_id)
) WITHOUT ROWID;

CREATE INDEX session_photo_by_photo ON session_photo (photo_id);

-- The content a correction replaced, as JSON, with who corrected it, when and why.
-- Rows never change; they go only with the session (the client's erase).
CREATE TABLE session_revision (
  id          INTEGER PRIMARY KEY,
  session_id  INTEGER NOT NULL REFERENCES treatment_session (id) ON DELETE CASCADE,
  revision    INTEGER NOT NULL CHECK (revision >= 1),
  changed_at  INTEGER NOT NULL,
  changed_by  INTEGER REFERENCES staff (id),
  reason      TEXT    NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 2000),
  old_values  TEXT    NOT NULL CHECK (json_valid(old_values)),
  UNIQUE (session_id, revision)
);

CREATE TRIGGER session_revision_no_update BEFORE UPDATE ON session_revision BEGIN
  SELECT RAISE (ABORT, 'a session revision is history and cannot be changed');
END;

-- Only the erase cascade (which removes the session first) may delete history.
CREATE TRIGGER session_revision_no_delete BEFORE DELETE ON session_revision
WHEN EXISTS (SELECT 1 FROM treatment_session WHERE id = old.session_id) BEGIN
  SELECT RAISE (ABORT, 'a session revision is history and cannot be deleted');
END;

-- A sketch version a session follows is locked, so the drawing the practitioner worked
-- from stays as it was (schema 3 refuses edits of a locked version).
CREATE TRIGGER treatment_session_locks_sketch_insert AFTER INSERT ON treatment_session
WHEN new.sketch_version_id IS NOT NULL BEGIN
  UPDATE sketch_version SET locked_at = new.updated_at
  WHERE id = new.sketch_version_id AND locked_at IS NULL;
END;

CREATE TRIGGER treatment_session_locks_sketch_update
AFTER UPDATE OF sketch_version_id ON treatment_session
WHEN new.sketch_version_id IS NOT NULL BEGIN
  UPDATE sketch_version SET locked_at = new.updated_at
  WHERE id = new.sketch_version_id AND locked_at IS NULL;
END;
