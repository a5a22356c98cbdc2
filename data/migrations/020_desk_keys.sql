-- guichet schema, version 20: the desk's keys answer at a network's scale (issue 18).
--
-- The session form starts on the duration most used at the desk's site over 90 days. It was
-- counted from the sessions themselves (a quarter of a million rows at a million sessions a
-- year); session_facts now has one more fact per session, 'minutes', its exact duration in
-- minutes as text, so that session_tally (migration 004, kept exact by its triggers and by
-- bulk writing, src/tally.c) counts the sessions of each day per duration, and the form reads a
-- few thousand rows. `guichet check` compares them with the view like every other fact.
DROP VIEW session_facts;
CREATE VIEW session_facts (id, child, dim, day, site_id, operator_id, code, minutes) AS
    SELECT id, 0, 'total', substr(started_at, 1, 10), coalesce(site_id, 0), coalesce(operator_id, 0),
           '', duration_min FROM help_session_live
    UNION ALL SELECT id, 0, 'place', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(place, ''), duration_min FROM help_session_live
    UNION ALL SELECT id, 0, 'autonomy', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(autonomy, ''), duration_min FROM help_session_live
    UNION ALL SELECT id, 0, 'age', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(age, ''), duration_min FROM help_session_live
    UNION ALL SELECT id, 0, 'status', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(status, ''), duration_min FROM help_session_live
    UNION ALL SELECT id, 0, 'gender', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(gender, ''), duration_min FROM help_session_live
    UNION ALL SELECT id, 0, 'oriented', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), CAST(oriented AS TEXT), duration_min FROM help_session_live
    UNION ALL SELECT id, 0, 'orientation', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(orientation, ''), duration_min FROM help_session_live
           WHERE oriented = 1
    UNION ALL SELECT id, 0, 'duration', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0),
           CASE WHEN duration_min < 30 THEN '0' WHEN duration_min < 60 THEN '1'
                WHEN duration_min < 120 THEN '2' ELSE '3' END, duration_min FROM help_session_live
    UNION ALL SELECT id, 0, 'minutes', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), CAST(duration_min AS TEXT), duration_min
           FROM help_session_live
    UNION ALL SELECT id, 0, 'already_helped', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(CAST(already_helped AS TEXT), ''), duration_min
           FROM help_session_live
    UNION ALL SELECT id, 0, 'commune', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(insee, '/' || coalesce(commune, postal_code, '')),
           duration_min FROM help_session_live
    UNION ALL SELECT s.id, 1, 'theme', substr(s.started_at, 1, 10), coalesce(s.site_id, 0),
           coalesce(s.operator_id, 0), c.theme, s.duration_min
           FROM help_session_live s JOIN help_session_theme c ON c.session_id = s.id
    UNION ALL SELECT s.id, 1, 'demarche', substr(s.started_at, 1, 10), coalesce(s.site_id, 0),
           coalesce(s.operator_id, 0), c.demarche, s.duration_min
           FROM help_session_live s JOIN help_session_demarche c ON c.session_id = s.id
    UNION ALL SELECT s.id, 1, 'material', substr(s.started_at, 1, 10), coalesce(s.site_id, 0),
           coalesce(s.operator_id, 0), c.material, s.duration_min
           FROM help_session_live s JOIN help_session_material c ON c.session_id = s.id;

INSERT INTO session_tally
    SELECT 'minutes', substr(started_at, 1, 10), coalesce(site_id, 0), coalesce(operator_id, 0),
           CAST(duration_min AS TEXT), count(*), sum(duration_min)
    FROM help_session_live GROUP BY 2, 3, 4, 5;

-- `r` repeats the operator's last session, the highest number among theirs: read from the end
-- of this index (operator, then number) instead of sorting all their sessions by number.
CREATE INDEX help_session_by_operator_number ON help_session(operator_id);

-- The commune field offers the communes of the site's last 500 sessions that named one: read
-- from the end of this index, however few sessions name a commune, instead of walking every
-- session from the newest.
CREATE INDEX help_session_with_insee ON help_session(site_id) WHERE insee IS NOT NULL;

-- The day's purge erases the referral contacts kept past their retention: read from this index,
-- which holds only the referrals that still have a contact, by the day their retention counts
-- from (src/store_privacy.c, store_purge), instead of from every referral.
CREATE INDEX referral_contact_closed ON referral(coalesce(closed_at, updated_at))
    WHERE contact_name IS NOT NULL OR contact_phone IS NOT NULL;

-- The follow-up screen reads its referrals a page at a time in their order (follow-up date,
-- none last; time made; number), every referral or the open ones alone, from these indexes
-- instead of sorting them all (src/store.c, STMT_REFERRALS_PAGE_*).
CREATE INDEX referral_by_follow_up
    ON referral(coalesce(nullif(follow_up_on, ''), '~'), referred_at);
CREATE INDEX referral_by_status_follow_up
    ON referral(status, coalesce(nullif(follow_up_on, ''), '~'), referred_at);
