-- A revoked token stays stored (so a server that once required tokens keeps requiring them) but
-- no longer authenticates.
ALTER TABLE tokens ADD COLUMN revoked_at TEXT;
