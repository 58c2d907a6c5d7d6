-- Sign-in throttling counts attempts in one row per counter, bumped by a single UPSERT so that
-- simultaneous guesses are each counted (the old table was counted with a separate SELECT, which
-- let 29 of 40 simultaneous guesses through a limit of 5, and it grew without bound).
DROP TABLE sign_in_failures;

CREATE TABLE sign_in_throttle (
    key TEXT PRIMARY KEY,
    window_start_micros BIGINT NOT NULL,
    attempts BIGINT NOT NULL
);
CREATE INDEX sign_in_throttle_window ON sign_in_throttle (window_start_micros);
