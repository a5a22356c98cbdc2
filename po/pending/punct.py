# French for the messages of branch i18-punct (words joined by a hyphen or an apostrophe found
# as one word). The branch adds or changes no user-visible message: the search's definition,
# its indexes (migration 022) and the README changed, not what guichet says.
T = {}
