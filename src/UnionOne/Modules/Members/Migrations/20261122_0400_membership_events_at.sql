-- The member code's revocation list reads recent membership changes (status changes, transfers, moves) by time.
create index membership_events_at on members.membership_events (at);
