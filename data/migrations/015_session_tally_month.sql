-- guichet schema, version 15: session_tally summed per month, so that a year's report reads a few
-- thousand rows instead of a hundred thousand per-day ones. Reports read whole months here and
-- the per-day rows of session_tally only for the partial months at either end of a period.
CREATE TABLE session_tally_month (
    dim         TEXT NOT NULL,
    month       TEXT NOT NULL, -- YYYY-MM
    site_id     INTEGER NOT NULL,
    operator_id INTEGER NOT NULL,
    code        TEXT NOT NULL,
    sessions    INTEGER NOT NULL,
    minutes     INTEGER NOT NULL,
    PRIMARY KEY (dim, month, site_id, operator_id, code)
) WITHOUT ROWID;

INSERT INTO session_tally_month
    SELECT dim, substr(day, 1, 7), site_id, operator_id, code, sum(sessions), sum(minutes)
    FROM session_tally GROUP BY 1, 2, 3, 4, 5;

-- Every change of session_tally, whichever trigger or migration makes it, moves the month's sum
-- by the same amount: the two stay exact together. (An upsert's update fires the UPDATE trigger.)
CREATE TRIGGER session_tally_month_insert AFTER INSERT ON session_tally BEGIN
    INSERT INTO session_tally_month
        VALUES (NEW.dim, substr(NEW.day, 1, 7), NEW.site_id, NEW.operator_id, NEW.code,
                NEW.sessions, NEW.minutes)
        ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions,
                                  minutes = minutes + excluded.minutes;
END;
CREATE TRIGGER session_tally_month_update AFTER UPDATE ON session_tally BEGIN
    INSERT INTO session_tally_month
        VALUES (OLD.dim, substr(OLD.day, 1, 7), OLD.site_id, OLD.operator_id, OLD.code,
                -OLD.sessions, -OLD.minutes)
        ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions,
                                  minutes = minutes + excluded.minutes;
    INSERT INTO session_tally_month
        VALUES (NEW.dim, substr(NEW.day, 1, 7), NEW.site_id, NEW.operator_id, NEW.code,
                NEW.sessions, NEW.minutes)
        ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions,
                                  minutes = minutes + excluded.minutes;
END;
CREATE TRIGGER session_tally_month_delete AFTER DELETE ON session_tally BEGIN
    INSERT INTO session_tally_month
        VALUES (OLD.dim, substr(OLD.day, 1, 7), OLD.site_id, OLD.operator_id, OLD.code,
                -OLD.sessions, -OLD.minutes)
        ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions,
                                  minutes = minutes + excluded.minutes;
END;
