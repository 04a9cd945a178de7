-- Stipple schema 2: consultations (intake, screening, plan) and versioned, signed consent.
-- Times are unix seconds in UTC; calendar dates are ISO 8601 text; money is integer minor
-- units (cents) with an ISO 4217 currency code. Everything a client owns goes with the
-- client (ON DELETE CASCADE), so a data-protection erase is one DELETE of the client.

-- A consultation is a draft until completed; amending a complete one copies it into a new
-- draft version and marks the old one 'amended' (kept, read-only, linked both ways).
CREATE TABLE consultation (
  id                      INTEGER PRIMARY KEY,
  client_id               INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
  consultant_id           INTEGER REFERENCES staff (id),
  held_on                 TEXT    NOT NULL
                          CHECK (held_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  status                  TEXT    NOT NULL DEFAULT 'draft'
                          CHECK (status IN ('draft', 'complete', 'amended')),
  version                 INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  amends_id               INTEGER REFERENCES consultation (id) ON DELETE SET NULL,
  superseded_by           INTEGER REFERENCES consultation (id) ON DELETE SET NULL,
  staging_scale           TEXT    CHECK (staging_scale IN ('norwood', 'ludwig', 'alopecia')),
  staging_stage           TEXT,
  phototype               INTEGER CHECK (phototype BETWEEN 1 AND 6),
  hair_colour             TEXT    NOT NULL DEFAULT '' CHECK (length(hair_colour) <= 100),
  scalp_tone              TEXT    NOT NULL DEFAULT '' CHECK (length(scalp_tone) <= 100),
  pigmentation            TEXT    CHECK (pigmentation IN ('none', 'low', 'moderate', 'high')),
  hairline_style          TEXT    CHECK (hairline_style IN ('soft', 'sharp', 'widows-peak',
                                                            'temple-points')),
  hairline_position       TEXT    NOT NULL DEFAULT '' CHECK (length(hairline_position) <= 500),
  hairline_notes          TEXT    NOT NULL DEFAULT '' CHECK (length(hairline_notes) <= 2000),
  prior_smp               INTEGER NOT NULL DEFAULT 0 CHECK (prior_smp IN (0, 1)),
  prior_smp_provider      TEXT    NOT NULL DEFAULT '' CHECK (length(prior_smp_provider) <= 200),
  prior_smp_satisfaction  INTEGER CHECK (prior_smp_satisfaction BETWEEN 1 AND 5),
  laser_removal           INTEGER NOT NULL DEFAULT 0 CHECK (laser_removal IN (0, 1)),
  laser_last_date         TEXT    CHECK (laser_last_date IS NULL OR laser_last_date
                                         GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  medication              TEXT    NOT NULL DEFAULT '' CHECK (length(medication) <= 2000),
  expectations            TEXT    NOT NULL DEFAULT '' CHECK (length(expectations) <= 5000),
  notes                   TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
  created_at              INTEGER NOT NULL,
  updated_at              INTEGER NOT NULL,
  -- A stage only with its scale, and only one of that scale's stages.
  CHECK ((staging_scale IS NULL AND staging_stage IS NULL) OR
         (staging_scale = 'norwood' AND staging_stage IN ('1', '2', '2A', '3', '3A', '3V',
                                                          '4', '4A', '5', '5A', '6', '7')) OR
         (staging_scale = 'ludwig' AND staging_stage IN ('I', 'II', 'III')) OR
         (staging_scale = 'alopecia' AND staging_stage IN ('areata', 'totalis',
                                                           'universalis')))
);

CREATE INDEX consultation_by_client ON consultation (client_id, held_on, id);

-- Sets of choices are rows, not packed text, so they can be queried and constrained.
CREATE TABLE consultation_goal (
  consultation_id  INTEGER NOT NULL REFERENCES consultation (id) ON DELETE CASCADE,
  goal             TEXT    NOT NULL
                   CHECK (goal IN ('buzz-cut', 'density-fill', 'scar-camouflage',
                                   'alopecia-coverage', 'revision', 'removal-referral')),
  PRIMARY KEY (consultation_id, goal)
);

CREATE TABLE consultation_area (
  consultation_id  INTEGER NOT NULL REFERENCES consultation (id) ON DELETE CASCADE,
  area             TEXT    NOT NULL
                   CHECK (area IN ('frontal-hairline', 'temple-left', 'temple-right',
                                   'mid-scalp', 'crown', 'donor-area', 'sides')),
  PRIMARY KEY (consultation_id, area)
);

-- Sizes in millimetres; NULL when not measured.
CREATE TABLE consultation_scar (
  id               INTEGER PRIMARY KEY,
  consultation_id  INTEGER NOT NULL REFERENCES consultation (id) ON DELETE CASCADE,
  position         INTEGER NOT NULL,
  kind             TEXT    NOT NULL
                   CHECK (kind IN ('fut-strip', 'fue', 'injury', 'surgical', 'other')),
  location         TEXT    NOT NULL DEFAULT '' CHECK (length(location) <= 200),
  length_mm        REAL    CHECK (length_mm > 0 AND length_mm <= 1000),
  width_mm         REAL    CHECK (width_mm > 0 AND width_mm <= 1000),
  UNIQUE (consultation_id, position)
);

CREATE TABLE consultation_transplant (
  id               INTEGER PRIMARY KEY,
  consultation_id  INTEGER NOT NULL REFERENCES consultation (id) ON DELETE CASCADE,
  position         INTEGER NOT NULL,
  kind             TEXT    NOT NULL DEFAULT '' CHECK (length(kind) <= 100),
  done_on          TEXT    CHECK (done_on IS NULL OR
                                  done_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  clinic           TEXT    NOT NULL DEFAULT '' CHECK (length(clinic) <= 200),
  UNIQUE (consultation_id, position)
);

-- The medical questionnaire is data: staff see `reason` beside a flag. A 'yes' flags the
-- consultation with `severity`. Questions with a date rule judge the answer's date against
-- the consultation date: inside the window (window_past_days before it up to
-- window_ahead_days after it, both ends included) `severity` applies, outside it
-- `severity_outside`; a 'yes' without a date gets `severity`, the cautious choice.
CREATE TABLE screening_question (
  key                TEXT    PRIMARY KEY CHECK (key GLOB '[a-z]*'),
  position           INTEGER NOT NULL UNIQUE,
  question           TEXT    NOT NULL,
  severity           TEXT    NOT NULL
                     CHECK (severity IN ('contraindication', 'needs-clearance', 'caution',
                                         'info')),
  reason             TEXT    NOT NULL,
  asks_date          INTEGER NOT NULL DEFAULT 0 CHECK (asks_date IN (0, 1)),
  window_past_days   INTEGER CHECK (window_past_days >= 0),
  window_ahead_days  INTEGER CHECK (window_ahead_days >= 0),
  severity_outside   TEXT
                     CHECK (severity_outside IN ('contraindication', 'needs-clearance',
                                                 'caution', 'info')),
  CHECK ((window_past_days IS NULL AND window_ahead_days IS NULL) = (severity_outside IS NULL))
);

INSERT INTO screening_question
  (key, position, question, severity, reason, asks_date, window_past_days, window_ahead_days,
   severity_outside) VALUES
('keloid', 1, 'Do you form keloid or raised (hypertrophic) scars?', 'contraindication',
 'Needling can trigger raised scars across the treated scalp.', 0, NULL, NULL, NULL),
('bleeding', 2, 'Do you have a bleeding disorder or take blood thinners?', 'needs-clearance',
 'Bleeding pushes pigment out and raises the risk of bruising; the doctor must agree.',
 0, NULL, NULL, NULL),
('heart', 3, 'Do you have a heart condition or high blood pressure?', 'needs-clearance',
 'Sessions last hours and can raise blood pressure; the doctor must agree.',
 0, NULL, NULL, NULL),
('diabetes', 4, 'Do you have diabetes?', 'needs-clearance',
 'Healing is slower and infection more likely; the doctor must agree.', 0, NULL, NULL, NULL),
('scalp-condition', 5,
 'Do you have an active skin condition on the scalp (psoriasis, eczema, seborrheic ' ||
 'dermatitis, folliculitis, infection)?', 'contraindication',
 'Pigment cannot go into inflamed or infected skin; treat the condition first.',
 0, NULL, NULL, NULL),
('herpes', 6, 'Have you had herpes simplex (cold sores) on the scalp?', 'needs-clearance',
 'Needling can trigger an outbreak; antiviral cover may be needed.', 0, NULL, NULL, NULL),
('vitiligo', 7, 'Do you have vitiligo?', 'caution',
 'Skin trauma can spread depigmentation; discuss the risk and test a small area.',
 0, NULL, NULL, NULL),
('skin-cancer', 8, 'Have you had skin cancer?', 'needs-clearance',
 'Pigment can hide changes in the skin; the dermatologist must agree.', 0, NULL, NULL, NULL),
('allergies', 9, 'Are you allergic to tattoo ink or pigment, latex or topical anaesthetic?',
 'needs-clearance', 'A reaction is possible; a patch test or the doctor must clear it.',
 0, NULL, NULL, NULL),
('pregnancy', 10, 'Are you pregnant or breastfeeding?', 'contraindication',
 'No treatment during pregnancy or breastfeeding.', 0, NULL, NULL, NULL),
('chemotherapy', 11,
 'Have you had chemotherapy in the last 12 months, or is it planned? (date)',
 'contraindication',
 'Within 6 months after chemotherapy or 4 weeks before it, the skin and immune system ' ||
 'cannot take treatment; otherwise the oncologist must agree.',
 1, 183, 28, 'needs-clearance'),
('retinoids', 12, 'Do you take isotretinoin (Accutane), retinoids or steroids?',
 'needs-clearance', 'They thin the skin and slow healing; the doctor must agree.',
 0, NULL, NULL, NULL),
('epilepsy', 13, 'Do you have epilepsy?', 'needs-clearance',
 'Long sessions and needling can be a trigger; the doctor must agree.', 0, NULL, NULL, NULL),
('sunburn', 14, 'Is your scalp sunburnt now?', 'contraindication',
 'Wait until the skin has fully healed.', 0, NULL, NULL, NULL),
('hair-loss-medication', 15, 'Do you take hair-loss medication (finasteride, minoxidil)?',
 'info', 'Not a contraindication: recorded because hair loss may still progress.',
 0, NULL, NULL, NULL),
('laser-removal', 16, 'Have you had laser removal on the scalp in the last 90 days? (date)',
 'needs-clearance', 'The skin needs time to heal after laser; SMP must wait or be cleared.',
 1, 90, 0, 'info'),
('temporary-alopecia', 17, 'Is your hair loss possibly temporary (alopecia that may regrow)?',
 'caution', 'Regrowth later makes pigmented areas look darker.', 0, NULL, NULL, NULL);

CREATE TABLE screening_answer (
  consultation_id  INTEGER NOT NULL REFERENCES consultation (id) ON DELETE CASCADE,
  question_key     TEXT    NOT NULL REFERENCES screening_question (key),
  answer           TEXT    NOT NULL CHECK (answer IN ('yes', 'no', 'unknown')),
  answer_date      TEXT    CHECK (answer_date IS NULL OR
                                  answer_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  note             TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  PRIMARY KEY (consultation_id, question_key)
);

-- A doctor's or senior clinician's clearance of one answer, or of the whole consultation
-- (question_key NULL). Recorded, never edited.
CREATE TABLE screening_clearance (
  id               INTEGER PRIMARY KEY,
  consultation_id  INTEGER NOT NULL REFERENCES consultation (id) ON DELETE CASCADE,
  question_key     TEXT    REFERENCES screening_question (key),
  cleared_by       INTEGER NOT NULL REFERENCES staff (id),
  cleared_at       INTEGER NOT NULL,
  note             TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 2000)
);

CREATE INDEX screening_clearance_by_consultation ON screening_clearance (consultation_id);

-- The plan and quote, one per consultation. NULL means not decided yet.
CREATE TABLE consultation_plan (
  consultation_id      INTEGER PRIMARY KEY REFERENCES consultation (id) ON DELETE CASCADE,
  sessions             INTEGER CHECK (sessions BETWEEN 1 AND 10),
  spacing_days         INTEGER CHECK (spacing_days BETWEEN 1 AND 365),
  minutes_per_session  INTEGER CHECK (minutes_per_session BETWEEN 15 AND 720),
  price_minor          INTEGER CHECK (price_minor >= 0),
  deposit_minor        INTEGER CHECK (deposit_minor >= 0),
  currency             TEXT    NOT NULL DEFAULT 'EUR' CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  pigment_shade        TEXT    NOT NULL DEFAULT '' CHECK (length(pigment_shade) <= 100),
  dilution             TEXT    NOT NULL DEFAULT ''
                       CHECK (dilution = '' OR dilution GLOB '[0-9]*:[0-9]*'),
  hairline_style       TEXT    CHECK (hairline_style IN ('soft', 'sharp', 'widows-peak',
                                                         'temple-points')),
  notes                TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
  CHECK (deposit_minor IS NULL OR price_minor IS NULL OR deposit_minor <= price_minor)
);

-- Consent texts are versioned: an edit is a new row, and rows never change, so the text a
-- client signed is always the text shown for that signature.
CREATE TABLE consent_text (
  id          INTEGER PRIMARY KEY,
  version     INTEGER NOT NULL UNIQUE CHECK (version >= 1),
  body        TEXT    NOT NULL CHECK (length(trim(body)) BETWEEN 1 AND 20000),
  created_at  INTEGER NOT NULL,
  created_by  INTEGER REFERENCES staff (id)
);

CREATE TRIGGER consent_text_no_update BEFORE UPDATE ON consent_text BEGIN
  SELECT RAISE (ABORT, 'a consent text version cannot be changed; add a new version');
END;

CREATE TRIGGER consent_text_no_delete BEFORE DELETE ON consent_text BEGIN
  SELECT RAISE (ABORT, 'a consent text version cannot be deleted');
END;

CREATE TRIGGER consent_text_no_replace BEFORE INSERT ON consent_text
WHEN EXISTS (SELECT 1 FROM consent_text WHERE id = new.id OR version = new.version) BEGIN
  SELECT RAISE (ABORT, 'a consent text version cannot be replaced');
END;

-- created_at 0 marks the text shipped with Stipple rather than written by the clinic.
INSERT INTO consent_text (version, body, created_at, created_by) VALUES (1,
'Consent to scalp micropigmentation (SMP)

1. Several sessions. SMP is done in several sessions, usually two to three and sometimes a
fourth, about 7 to 14 days apart. The first session is deliberately light; later sessions
build density and refine the hairline. Pigment fades slowly over the years, so touch-ups
will be needed.

2. The healed result. The healed result may differ from what I see right after a session
and from what I expect: dots soften, colour settles and the scalp heals differently from
person to person.

3. Risks. I understand the risks: redness, swelling, tenderness and minor bleeding;
infection; an allergic reaction to pigment; raised or keloid scarring; pigment that
spreads or heals with a blue or green cast; uneven fading. Correction can need more
sessions or laser removal.

4. My health. I have answered the medical questions truthfully and will tell the clinic
about any change before each session.

5. Records and photos. I allow the clinic to record the pigments, needles and settings
used and to take photos of my scalp for my treatment record.

6. Marketing. Use of any photo for marketing (website, social media, before/after
galleries) needs my separate consent, given for each photo, which I can refuse or withdraw
without any effect on my treatment.',
0, NULL);

-- A signed consent can never change. Only revocation may be recorded, once (revoked_at
-- and revoked_by go from NULL to set together); everything else is refused. A signature
-- is deleted only by the cascade of a client's data-protection erase, which removes the
-- consultation row first: the delete trigger lets a signature go only once its
-- consultation is gone.
CREATE TABLE consent_signature (
  id                INTEGER PRIMARY KEY,
  consultation_id   INTEGER NOT NULL REFERENCES consultation (id) ON DELETE CASCADE,
  consent_text_id   INTEGER NOT NULL REFERENCES consent_text (id),
  photo_recording   INTEGER NOT NULL CHECK (photo_recording IN (0, 1)),
  marketing_use     INTEGER NOT NULL CHECK (marketing_use IN (0, 1)),
  signer_name       TEXT    NOT NULL CHECK (length(trim(signer_name)) BETWEEN 1 AND 200),
  strokes           TEXT    NOT NULL,
  image             BLOB    NOT NULL,
  signed_at         INTEGER NOT NULL,
  revoked_at        INTEGER,
  revoked_by        INTEGER REFERENCES staff (id),
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);

-- At most one standing (unrevoked) consent per consultation.
CREATE UNIQUE INDEX consent_signature_standing ON consent_signature (consultation_id)
WHERE revoked_at IS NULL;

CREATE TRIGGER consent_signature_no_update BEFORE UPDATE ON consent_signature
WHEN NOT (old.revoked_at IS NULL AND new.revoked_at IS NOT NULL AND
          new.id IS old.id AND new.consultation_id IS old.consultation_id AND
          new.consent_text_id IS old.consent_text_id AND
          new.photo_recording IS old.photo_recording AND
          new.marketing_use IS old.marketing_use AND new.signer_name IS old.signer_name AND
          new.strokes IS old.strokes AND new.image IS old.image AND
          new.signed_at IS old.signed_at) BEGIN
  SELECT RAISE (ABORT, 'a signed consent cannot be changed, only revoked once');
END;

CREATE TRIGGER consent_signature_no_delete BEFORE DELETE ON consent_signature
WHEN EXISTS (SELECT 1 FROM consultation WHERE id = old.consultation_id) BEGIN
  SELECT RAISE (ABORT, 'a signed consent cannot be deleted, only revoked');
END;

CREATE TRIGGER consent_signature_no_replace BEFORE INSERT ON consent_signature
WHEN EXISTS (SELECT 1 FROM consent_signature WHERE id = new.id) BEGIN
  SELECT RAISE (ABORT, 'a signed consent cannot be replaced');
END;

-- Deleting a consultation would take its signature with it, so a signed consultation goes
-- only with its client (the erase cascade deletes the client row first).
CREATE TRIGGER consultation_signed_no_delete BEFORE DELETE ON consultation
WHEN EXISTS (SELECT 1 FROM consent_signature WHERE consultation_id = old.id) AND
     EXISTS (SELECT 1 FROM client WHERE id = old.client_id) BEGIN
  SELECT RAISE (ABORT, 'a consultation with a signed consent cannot be deleted');
END;
