-- The audit chain's head, read once the calling transaction holds the chain's advisory lock
-- (`chain`, the key every appender takes). A statement sees what was committed when it began,
-- which may be before it got the lock; a function that changes things reads afresh, so a batch of
-- audited reads can take the lock, check the head it expects and append in one statement.
CREATE FUNCTION locked_audit_head(chain BIGINT) RETURNS TEXT LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(chain);
    RETURN (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1);
END
$$;
