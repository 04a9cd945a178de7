-- Stipple schema 1: staff, clients with full-text search, clinic settings, audit log.
-- Times are unix seconds in UTC; calendar dates are ISO 8601 text.

CREATE TABLE staff (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 100),
  role        TEXT    NOT NULL
                      CHECK (role IN ('consultant', 'practitioner', 'receptionist', 'admin')),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE INDEX staff_by_name ON staff (active, name);

CREATE TABLE client (
  id                 INTEGER PRIMARY KEY,
  given_name         TEXT    NOT NULL DEFAULT '' CHECK (length(given_name) <= 100),
  family_name        TEXT    NOT NULL DEFAULT '' CHECK (length(family_name) <= 100),
  preferred_name     TEXT    NOT NULL DEFAULT '' CHECK (length(preferred_name) <= 100),
  birth_date         TEXT    CHECK (birth_date IS NULL OR
                                    birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  phone              TEXT    NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
  email              TEXT    NOT NULL DEFAULT '' CHECK (length(email) <= 254),
  notes              TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
  photo_consent      INTEGER NOT NULL DEFAULT 0 CHECK (photo_consent IN (0, 1)),
  marketing_consent  INTEGER NOT NULL DEFAULT 0 CHECK (marketing_consent IN (0, 1)),
  archived           INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  -- Case- and accent-folded "family given", computed by the application for list order.
  sort_key           TEXT    NOT NULL,
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL,
  CHECK (given_name <> '' OR family_name <> '')
);

CREATE INDEX client_list_order ON client (archived, sort_key, id);

-- The search indexes keep their own copy of the searchable text, so erasing a client is a
-- plain DELETE here too. client_search covers every field (phone numbers twice: as typed
-- and as bare digits); client_name_search only names, so "names first" ranking never has
-- to wade through phone numbers and notes that happen to share a prefix.
CREATE VIRTUAL TABLE client_search USING fts5 (
  name, contact, notes,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

CREATE VIRTUAL TABLE client_name_search USING fts5 (
  name,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);

-- The text each client is found by, defined once for both indexes and all triggers.
CREATE VIEW client_search_text (id, name, contact, notes) AS
SELECT id,
       given_name || ' ' || family_name || ' ' || preferred_name,
       phone || ' ' ||
         replace(replace(replace(replace(replace(replace(replace(phone,
           ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '') ||
         ' ' || email,
       notes
FROM client;

CREATE TRIGGER client_search_insert AFTER INSERT ON client BEGIN
  INSERT INTO client_name_search (rowid, name)
  SELECT id, name FROM client_search_text WHERE id = new.id;
  INSERT INTO client_search (rowid, name, contact, notes)
  SELECT id, name, contact, notes FROM client_search_text WHERE id = new.id;
END;

CREATE TRIGGER client_search_update
AFTER UPDATE OF given_name, family_name, preferred_name, phone, email, notes ON client BEGIN
  DELETE FROM client_name_search WHERE rowid = old.id;
  DELETE FROM client_search WHERE rowid = old.id;
  INSERT INTO client_name_search (rowid, name)
  SELECT id, name FROM client_search_text WHERE id = new.id;
  INSERT INTO client_search (rowid, name, contact, notes)
  SELECT id, name, contact, notes FROM client_search_text WHERE id = new.id;
END;

CREATE TRIGGER client_search_delete AFTER DELETE ON client BEGIN
  DELETE FROM client_name_search WHERE rowid = old.id;
  DELETE FROM client_search WHERE rowid = old.id;
END;

-- Clinic details and other small settings shared by every workstation on this database.
CREATE TABLE setting (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL CHECK (length(value) <= 2000)
) WITHOUT ROWID;

-- Who changed which record, when and which fields. Field names only, never values, so a
-- data-protection erase leaves nothing personal behind in a table that cannot be edited.
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  staff_id   INTEGER REFERENCES staff (id),
  action     TEXT    NOT NULL,
  entity     TEXT    NOT NULL,
  entity_id  INTEGER NOT NULL,
  fields     TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX audit_by_record ON audit_log (entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE (ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
  SELECT RAISE (ABORT, 'the audit log is append-only');
END;

-- INSERT OR REPLACE deletes the old row without firing delete triggers; refuse it here.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = new.id) BEGIN
  SELECT RAISE (ABORT, 'the audit log is append-only');
END;
