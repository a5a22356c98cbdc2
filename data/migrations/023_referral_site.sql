-- guichet schema, version 23: referrals counted by site.
--
-- Migration 017 counted referrals by operator, outcome and partner, and a report for one site
-- took its operators' referrals as the operators' sites are now. A referral logged with its
-- session but no operator (the demo's, a desk's without anyone signed in) counted for no site,
-- and an operator moved to another site took their past referrals with them. A referral now
-- keeps its site as sessions do: its session's, else its operator's, when it was made
-- (store_add_referral), and referral_tally counts it by that site.
-- Migration 018 rewrote the table's text in place: a connection that ran it still holds the old
-- parse, whose end of the column list ADD COLUMN would write at. Read the schema again first.
PRAGMA writable_schema = RESET;
ALTER TABLE referral ADD COLUMN site_id INTEGER REFERENCES site(id) ON DELETE SET NULL;

DROP TRIGGER referral_tally_insert;
DROP TRIGGER referral_tally_update;
DROP TRIGGER referral_tally_delete;
DROP TABLE referral_tally;
DROP TABLE referral_tally_month;

UPDATE referral SET site_id = coalesce(
    (SELECT s.site_id FROM help_session s WHERE s.id = referral.session_id),
    (SELECT o.site_id FROM operator o WHERE o.id = referral.operator_id));

-- Each referral once, by its day, site (0 for none), operator, outcome and partner (0 for none).
CREATE TABLE referral_tally (
    day TEXT NOT NULL, site_id INTEGER NOT NULL, operator_id INTEGER NOT NULL,
    status TEXT NOT NULL, partner_id INTEGER NOT NULL, referrals INTEGER NOT NULL,
    PRIMARY KEY (day, site_id, operator_id, status, partner_id)
) WITHOUT ROWID;
CREATE TABLE referral_tally_month (
    month TEXT NOT NULL, site_id INTEGER NOT NULL, operator_id INTEGER NOT NULL,
    status TEXT NOT NULL, partner_id INTEGER NOT NULL, referrals INTEGER NOT NULL,
    PRIMARY KEY (month, site_id, operator_id, status, partner_id)
) WITHOUT ROWID;

INSERT INTO referral_tally
    SELECT substr(referred_at, 1, 10), coalesce(site_id, 0), coalesce(operator_id, 0), status,
           coalesce(partner_id, 0), count(*)
    FROM referral GROUP BY 1, 2, 3, 4, 5;
INSERT INTO referral_tally_month
    SELECT substr(day, 1, 7), site_id, operator_id, status, partner_id, sum(referrals)
    FROM referral_tally GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER referral_tally_insert AFTER INSERT ON referral BEGIN
    INSERT INTO referral_tally VALUES (substr(NEW.referred_at, 1, 10), coalesce(NEW.site_id, 0),
                                       coalesce(NEW.operator_id, 0), NEW.status,
                                       coalesce(NEW.partner_id, 0), 1)
        ON CONFLICT DO UPDATE SET referrals = referrals + 1;
    INSERT INTO referral_tally_month VALUES (substr(NEW.referred_at, 1, 7), coalesce(NEW.site_id, 0),
                                             coalesce(NEW.operator_id, 0), NEW.status,
                                             coalesce(NEW.partner_id, 0), 1)
        ON CONFLICT DO UPDATE SET referrals = referrals + 1;
END;
-- A partner or site removed sets its referrals' to NULL, which fires this too.
CREATE TRIGGER referral_tally_update AFTER UPDATE OF referred_at, site_id, operator_id, status,
    partner_id ON referral
    WHEN substr(OLD.referred_at, 1, 10) IS NOT substr(NEW.referred_at, 1, 10)
      OR OLD.site_id IS NOT NEW.site_id OR OLD.operator_id IS NOT NEW.operator_id
      OR OLD.status IS NOT NEW.status OR OLD.partner_id IS NOT NEW.partner_id BEGIN
    UPDATE referral_tally SET referrals = referrals - 1
        WHERE day = substr(OLD.referred_at, 1, 10) AND site_id = coalesce(OLD.site_id, 0)
          AND operator_id = coalesce(OLD.operator_id, 0) AND status = OLD.status
          AND partner_id = coalesce(OLD.partner_id, 0);
    UPDATE referral_tally_month SET referrals = referrals - 1
        WHERE month = substr(OLD.referred_at, 1, 7) AND site_id = coalesce(OLD.site_id, 0)
          AND operator_id = coalesce(OLD.operator_id, 0) AND status = OLD.status
          AND partner_id = coalesce(OLD.partner_id, 0);
    INSERT INTO referral_tally VALUES (substr(NEW.referred_at, 1, 10), coalesce(NEW.site_id, 0),
                                       coalesce(NEW.operator_id, 0), NEW.status,
                                       coalesce(NEW.partner_id, 0), 1)
        ON CONFLICT DO UPDATE SET referrals = referrals + 1;
    INSERT INTO referral_tally_month VALUES (substr(NEW.referred_at, 1, 7), coalesce(NEW.site_id, 0),
                                             coalesce(NEW.operator_id, 0), NEW.status,
                                             coalesce(NEW.partner_id, 0), 1)
        ON CONFLICT DO UPDATE SET referrals = referrals + 1;
END;
CREATE TRIGGER referral_tally_delete AFTER DELETE ON referral BEGIN
    UPDATE referral_tally SET referrals = referrals - 1
        WHERE day = substr(OLD.referred_at, 1, 10) AND site_id = coalesce(OLD.site_id, 0)
          AND operator_id = coalesce(OLD.operator_id, 0) AND status = OLD.status
          AND partner_id = coalesce(OLD.partner_id, 0);
    UPDATE referral_tally_month SET referrals = referrals - 1
        WHERE month = substr(OLD.referred_at, 1, 7) AND site_id = coalesce(OLD.site_id, 0)
          AND operator_id = coalesce(OLD.operator_id, 0) AND status = OLD.status
          AND partner_id = coalesce(OLD.partner_id, 0);
END;
