-- guichet schema, version 5: a new request goes after the last one (max(position) + 1); without
-- an index each addition read the whole policy, and importing a policy file was quadratic.
CREATE INDEX request_kind_position ON request_kind(position);
