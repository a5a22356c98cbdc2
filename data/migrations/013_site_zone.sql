-- guichet schema, version 13: each site's time zone and e-mail address (issue 17).
--
-- How times are read. Every date and time that people type or see ("YYYY-MM-DD HH:MM" and
-- "YYYY-MM-DD": help_session.started_at, workshop.starts_at, follow-up and reminder dates…) is
-- the wall-clock time of its site's zone, the time the clocks of that médiathèque showed. The
-- bookkeeping stamps ending in _at written "YYYY-MM-DDTHH:MM:SSZ" (created_at, updated_at,
-- erased_at, audit.at…) are UTC. Until now the desk took the process's local time for the
-- former; every existing site was in Paris, so every existing site gets Europe/Paris and no
-- stored time is changed: they are read as Paris wall-clock times. (A desk that ran with another
-- TZ than Paris recorded that TZ's times; the database cannot tell, so they stay as they are.)
-- time_zone is an IANA name among those guichet offers (src/date.c date_zones); a new site
-- takes the zone of the first site (guichet's store), so that a network overseas stays in its
-- zone. email is the address calendars give as ORGANIZER; NULL when none was set.
ALTER TABLE site ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Paris';
ALTER TABLE site ADD COLUMN email TEXT;
