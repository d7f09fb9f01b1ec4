-- Transfers: who started them (the old union proposing, or the new union asking) and who closed them.
alter table members.transfers
    add column initiated_by_from boolean not null default false,
    add column closed_by bigint,
    add column closed_at timestamptz;
