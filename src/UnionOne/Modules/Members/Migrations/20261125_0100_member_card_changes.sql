-- Every instance keeps member cards in memory by phone hash (Members/Card/CardCache). At commit, this tells every
-- listening instance which ones to drop: one notification per statement holding the changed rows' phone hashes (old
-- and new, hex, comma-separated), or '*' (drop all) when a statement touched more than 100 of them.
create function members.notify_card_changed() returns trigger language plpgsql as $$
declare
    hashes  text;
    changed bigint;
begin
    if tg_op = 'INSERT' then
        select count(*), string_agg(h, ',') into changed, hashes
        from (select distinct encode(phone_hash, 'hex') as h from new_rows limit 101) t;
    elsif tg_op = 'DELETE' then
        select count(*), string_agg(h, ',') into changed, hashes
        from (select distinct encode(phone_hash, 'hex') as h from old_rows limit 101) t;
    else
        select count(*), string_agg(h, ',') into changed, hashes
        from (select distinct encode(phone_hash, 'hex') as h
              from (select phone_hash from new_rows union all select phone_hash from old_rows) r limit 101) t;
    end if;
    if changed > 0 then
        perform pg_notify('member_card_changed', case when changed > 100 then '*' else hashes end);
    end if;
    return null;
end $$;

create trigger members_card_inserted after insert on members.members
    referencing new table as new_rows for each statement execute function members.notify_card_changed();
create trigger members_card_updated after update on members.members
    referencing old table as old_rows new table as new_rows for each statement execute function members.notify_card_changed();
create trigger members_card_deleted after delete on members.members
    referencing old table as old_rows for each statement execute function members.notify_card_changed();
