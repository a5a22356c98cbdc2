# French for the messages of branch i18-sitedemo (issue 18: referrals by site, system messages
# in French typography, a faster demo). No English message was added or changed: the system's
# messages (strerror) are glibc's own French, cleaned by error_system_text, and the new store
# function reuses existing msgids.
T = {}
