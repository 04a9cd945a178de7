-- Stipple schema 5: aftercare protocols, the follow-ups they generate, and the clinic's
-- opening hours. Times are unix seconds in UTC; calendar dates are ISO 8601 text.
-- Protocols are data: the defaults ship in data/protocols/ and are copied in on first run.

CREATE TABLE protocol (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL UNIQUE COLLATE NOCASE
              CHECK (length(trim(name)) BETWEEN 1 AND 100),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

-- Which protocol a service follows: a session kind ('initial', 'touch-up', ...) or
-- 'laser-referral'. A service without a row has no follow-ups.
CREATE TABLE protocol_service (
  service      TEXT    PRIMARY KEY
               CHECK (service IN ('initial', 'build-up', 'refinement', 'touch-up',
                                  'scar-camouflage', 'post-laser-revision',
                                  'laser-referral')),
  protocol_id  INTEGER NOT NULL REFERENCES protocol (id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX protocol_service_by_protocol ON protocol_service (protocol_id);

-- One step: due offset_days local calendar days (or the plan's spacing) and offset_hours
-- after the session, then every repeat_days once done (0: once).
CREATE TABLE protocol_step (
  id                INTEGER PRIMARY KEY,
  protocol_id       INTEGER NOT NULL REFERENCES protocol (id) ON DELETE CASCADE,
  position          INTEGER NOT NULL CHECK (position >= 0),
  kind              TEXT    NOT NULL
                    CHECK (kind IN ('aftercare-sheet', 'check-in', 'photo-check',
                                    'next-session', 'touch-up', 'referral-check')),
  offset_days       INTEGER NOT NULL CHECK (offset_days BETWEEN 0 AND 3660),
  offset_hours      INTEGER NOT NULL DEFAULT 0 CHECK (offset_hours BETWEEN 0 AND 23),
  use_plan_spacing  INTEGER NOT NULL DEFAULT 0 CHECK (use_plan_spacing IN (0, 1)),
  repeat_days       INTEGER NOT NULL DEFAULT 0 CHECK (repeat_days BETWEEN 0 AND 3660),
  title             TEXT    NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
  message           TEXT    NOT NULL DEFAULT '' CHECK (length(message) <= 4000),
  channel           TEXT    NOT NULL CHECK (channel IN ('call', 'message', 'in-clinic')),
  UNIQUE (protocol_id, position)
);

-- A follow-up keeps a copy of its step's words, so editing a protocol later changes
-- nothing already scheduled. remind_at is when it is next due (due_at, or snoozed_until
-- while snoozed) and NULL once done or cancelled: the due queries read only open rows.
-- notified_for is the remind_at a desktop notification was shown for.
CREATE TABLE followup (
  id             INTEGER PRIMARY KEY,
  client_id      INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
  session_id     INTEGER REFERENCES treatment_session (id) ON DELETE CASCADE,
  referral_id    INTEGER REFERENCES removal_referral (id) ON DELETE CASCADE,
  -- Where it came from; editing a protocol replaces its steps (step_id becomes NULL) but
  -- keeps the protocol, so a corrected session kind can tell that its protocol changed.
  protocol_id    INTEGER REFERENCES protocol (id) ON DELETE SET NULL,
  step_id        INTEGER REFERENCES protocol_step (id) ON DELETE SET NULL,
  kind           TEXT    NOT NULL
                 CHECK (kind IN ('aftercare-sheet', 'check-in', 'photo-check',
                                 'next-session', 'touch-up', 'referral-check')),
  title          TEXT    NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
  message        TEXT    NOT NULL DEFAULT '' CHECK (length(message) <= 4000),
  channel        TEXT    NOT NULL CHECK (channel IN ('call', 'message', 'in-clinic')),
  offset_days    INTEGER NOT NULL DEFAULT 0,
  offset_hours   INTEGER NOT NULL DEFAULT 0,
  repeat_days    INTEGER NOT NULL DEFAULT 0,
  due_at         INTEGER NOT NULL,
  status         TEXT    NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'done', 'cancelled', 'snoozed')),
  snoozed_until  INTEGER,
  remind_at      INTEGER,
  outcome        TEXT    NOT NULL DEFAULT '' CHECK (length(outcome) <= 2000),
  done_at        INTEGER,
  done_by        INTEGER REFERENCES staff (id),
  notified_for   INTEGER,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  CHECK ((status = 'snoozed') = (snoozed_until IS NOT NULL)),
  CHECK ((status IN ('pending', 'snoozed')) = (remind_at IS NOT NULL)),
  CHECK (session_id IS NOT NULL OR referral_id IS NOT NULL)
);

CREATE INDEX followup_open ON followup (remind_at) WHERE remind_at IS NOT NULL;
CREATE INDEX followup_by_session ON followup (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX followup_by_referral ON followup (referral_id) WHERE referral_id IS NOT NULL;
CREATE INDEX followup_by_client ON followup (client_id, due_at);

-- Opening hours per ISO weekday (1 Monday .. 7 Sunday) in minutes after local midnight;
-- a weekday without a row is closed. Closed days are single local dates (holidays).
CREATE TABLE opening_hours (
  weekday       INTEGER PRIMARY KEY CHECK (weekday BETWEEN 1 AND 7),
  opens_minute  INTEGER NOT NULL CHECK (opens_minute BETWEEN 0 AND 1439),
  closes_minute INTEGER NOT NULL CHECK (closes_minute BETWEEN 1 AND 1440),
  CHECK (opens_minute < closes_minute)
);

INSERT INTO opening_hours (weekday, opens_minute, closes_minute) VALUES
  (1, 540, 1080), (2, 540, 1080), (3, 540, 1080), (4, 540, 1080), (5, 540, 1080),
  (6, 600, 960);

CREATE TABLE closed_day (
  day   TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  note  TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200)
) WITHOUT ROWID;

-- The client's latest outcome note, shown beside each follow-up.
CREATE INDEX followup_done_by_client ON followup (client_id, done_at) WHERE status = 'done';
