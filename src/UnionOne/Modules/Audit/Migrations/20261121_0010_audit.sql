-- Audit log: append-only, hash-chained. The application cannot change or delete an entry.
create extension if not exists pgcrypto;
create schema if not exists audit;

create table audit.entries (
    id           bigint generated always as identity primary key,
    seq          bigint not null unique,
    at           timestamptz not null default clock_timestamp(),
    actor_kind   text not null check (actor_kind in ('staff', 'member', 'device', 'system', 'anonymous')),
    actor_id     bigint,
    actor_name   text,
    ip           text,
    action       text not null,
    subject_kind text not null,
    subject_id   text,
    union_id     bigint,
    detail       jsonb,
    prev_hash    bytea,
    hash         bytea not null default ''::bytea
);
create index entries_at on audit.entries (at desc);
create index entries_subject on audit.entries (subject_kind, subject_id);
create index entries_actor on audit.entries (actor_kind, actor_id, at desc);
create index entries_union on audit.entries (union_id, at desc);

create function audit.chain() returns trigger language plpgsql as $$
begin
    -- Serialise writers so that each entry's prev_hash is the entry committed before it.
    perform pg_advisory_xact_lock(6148914691236517205);
    select e.seq, e.hash into new.seq, new.prev_hash from audit.entries e order by e.seq desc limit 1;
    new.seq := coalesce(new.seq, 0) + 1;
    new.hash := digest(
        coalesce(new.prev_hash, ''::bytea) ||
        convert_to(concat_ws('|', new.seq, (extract(epoch from new.at) * 1000000)::bigint, new.actor_kind, new.actor_id, new.actor_name, new.ip,
                             new.action, new.subject_kind, new.subject_id, new.union_id, new.detail::text), 'UTF8'),
        'sha256');
    return new;
end $$;

create trigger entries_chain before insert on audit.entries for each row execute function audit.chain();

create function audit.refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '审计日志不可修改或删除 (audit entries are append-only)' using errcode = 'insufficient_privilege';
end $$;

create trigger entries_no_update before update or delete on audit.entries for each row execute function audit.refuse_change();
create trigger entries_no_truncate before truncate on audit.entries for each statement execute function audit.refuse_change();

-- Recomputes the chain; returns the seq of the first entry whose hash does not match (null when intact).
create function audit.first_broken_link() returns bigint language sql stable as $$
    with ordered as (
        select e.*, lag(e.hash) over (order by e.seq) as expected_prev from audit.entries e
    )
    select min(seq) from ordered
    where coalesce(prev_hash, ''::bytea) <> coalesce(expected_prev, ''::bytea)
       or hash <> digest(
            coalesce(prev_hash, ''::bytea) ||
            convert_to(concat_ws('|', seq, (extract(epoch from at) * 1000000)::bigint, actor_kind, actor_id, actor_name, ip,
                                 action, subject_kind, subject_id, union_id, detail::text), 'UTF8'),
            'sha256');
$$;
