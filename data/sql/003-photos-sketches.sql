-- Stipple schema 3: client photos and sketch versions drawn over them.
-- Times are unix seconds in UTC. Everything a client owns goes with the client
-- (ON DELETE CASCADE); the photo files themselves live in the content-addressed store
-- under the data folder (photos/ab/<sha256>.<ext>) and are removed by the application
-- when no row refers to them any more.

-- One imported photo. Width and height are of the upright image (EXIF orientation
-- applied); orientation is kept so the untouched original can be shown upright too.
CREATE TABLE photo (
  id                 INTEGER PRIMARY KEY,
  client_id          INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
  sha256             TEXT    NOT NULL CHECK (length(sha256) = 64 AND
                                             sha256 NOT GLOB '*[^0-9a-f]*'),
  format             TEXT    NOT NULL CHECK (format IN ('jpeg', 'png', 'heic')),
  byte_size          INTEGER NOT NULL CHECK (byte_size > 0),
  width              INTEGER NOT NULL CHECK (width BETWEEN 1 AND 20000),
  height             INTEGER NOT NULL CHECK (height BETWEEN 1 AND 20000),
  orientation        INTEGER NOT NULL DEFAULT 1 CHECK (orientation BETWEEN 1 AND 8),
  view               TEXT    NOT NULL DEFAULT 'other'
                     CHECK (view IN ('front', 'left', 'right', 'top', 'crown', 'back',
                                     'scar', 'other')),
  taken_at           INTEGER NOT NULL,
  taken_at_source    TEXT    NOT NULL CHECK (taken_at_source IN ('exif', 'file', 'import')),
  original_name      TEXT    NOT NULL DEFAULT '' CHECK (length(original_name) <= 255),
  caption            TEXT    NOT NULL DEFAULT '' CHECK (length(caption) <= 500),
  marketing_consent  INTEGER NOT NULL DEFAULT 0 CHECK (marketing_consent IN (0, 1)),
  -- A small upright PNG for galleries and lists, so they never decode an original.
  thumbnail          BLOB    NOT NULL,
  imported_at        INTEGER NOT NULL,
  imported_by        INTEGER REFERENCES staff (id),
  -- The same picture imported twice for one client is one photo.
  UNIQUE (client_id, sha256)
);

CREATE INDEX photo_by_client ON photo (client_id, taken_at, id);
CREATE INDEX photo_by_file ON photo (sha256);

-- A named, saved sketch over one of the client's photos ("Consultation hairline",
-- "Revision 2027"). The drawing is JSON (its own format_version inside and here).
-- Once a treatment session follows a version, locked_at is set (by the sessions schema)
-- and the drawing can no longer change: it is copied into a new version to edit.
CREATE TABLE sketch_version (
  id               INTEGER PRIMARY KEY,
  client_id        INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
  photo_id         INTEGER REFERENCES photo (id) ON DELETE SET NULL,
  consultation_id  INTEGER REFERENCES consultation (id) ON DELETE SET NULL,
  copied_from      INTEGER REFERENCES sketch_version (id) ON DELETE SET NULL,
  name             TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 100),
  format_version   INTEGER NOT NULL CHECK (format_version >= 1),
  body             TEXT    NOT NULL CHECK (length(body) <= 33554432),
  thumbnail        BLOB,
  locked_at        INTEGER,
  created_at       INTEGER NOT NULL,
  created_by       INTEGER REFERENCES staff (id),
  updated_at       INTEGER NOT NULL,
  UNIQUE (client_id, name)
);

CREATE INDEX sketch_version_by_client ON sketch_version (client_id, created_at, id);

-- A locked version keeps its drawing and name and stays locked; only the cascade of an
-- erase (or a photo's removal, which sets photo_id to NULL) may touch it. Whoever locks a
-- version sets locked_at only WHERE locked_at IS NULL.
CREATE TRIGGER sketch_version_locked
BEFORE UPDATE OF body, format_version, name, client_id, locked_at ON sketch_version
WHEN old.locked_at IS NOT NULL BEGIN
  SELECT RAISE (ABORT, 'this sketch version is followed by a treatment session; copy it to edit');
END;
