-- Disbursements (福利发放): a union pays a benefit to a list of its members, chosen by selection (subtree + filters) or
-- from an uploaded list. Draft -> submitted for review -> approved by a second person (the whole total moves from the
-- union fund to the disbursement's in-transit account in the approving transaction) -> credited to members in chunks
-- (one ledger transfer per chunk, idempotency key disb:{id}:chunk:{n}) -> posted. Lines never change once submitted.
--
-- status: 1 draft (草稿), 2 submitted (待复核), 3 posting (发放中), 4 posted (已发放), 5 rejected (已驳回).
-- source: 1 selection, 2 uploaded list.
create table wallet.disbursements (
    id                   bigint generated always as identity primary key,
    union_id             bigint not null references org.unions (id),
    title                text not null check (char_length(title) between 2 and 60),
    purpose              text not null check (char_length(purpose) between 1 and 20),
    categories           smallint[],
    valid_days           integer check (valid_days between 1 and 3660),
    source               smallint not null check (source in (1, 2)),
    -- What was selected, for the record: {"birthMonth":11,"tag":"劳模","jobType":10} or {"upload":12,"fileName":"..."}.
    selection            jsonb not null default '{}',
    status               smallint not null default 1 check (status between 1 and 5),
    member_count         integer not null check (member_count > 0),
    total                bigint not null check (total > 0),
    created_by           bigint not null references identity.staff_users (id),
    created_by_name      text not null,
    created_at           timestamptz not null default now(),
    submitted_at         timestamptz,
    approved_by          bigint references identity.staff_users (id),
    approved_by_name     text,
    approved_at          timestamptz,
    rejected_by          bigint references identity.staff_users (id),
    rejected_by_name     text,
    rejected_at          timestamptz,
    reject_reason        text check (char_length(reject_reason) <= 200),
    reserve_transfer_id  bigint references wallet.transfers (id),
    chunk_size           integer check (chunk_size between 1 and 100000),
    -- Fixed at approval, so every chunk gives its members the same expiry.
    expires_at           timestamptz,
    posted_at            timestamptz,
    -- Review is a second person's act: the database refuses an approval or rejection by the one who prepared it.
    constraint disbursements_second_person check (approved_by is null or approved_by <> created_by),
    constraint disbursements_second_person_reject check (rejected_by is null or rejected_by <> created_by),
    constraint disbursements_approved_reserved check (status not in (3, 4) or (approved_by is not null and reserve_transfer_id is not null and chunk_size is not null)),
    constraint disbursements_rejected check (status <> 5 or rejected_by is not null),
    check (not (approved_by is not null and rejected_by is not null))
);
create index disbursements_union on wallet.disbursements (union_id, created_at desc);
create index disbursements_posting on wallet.disbursements (approved_at) where status = 3;

-- One line per member: the amount that member receives (unique per member and disbursement). member_id comes from the
-- Members module's selection or look-up; it has no foreign key on purpose: checking one would take a KEY SHARE lock on
-- every member row of a 180,000-member draft (dirtying that many pages of members.members), and members are never deleted.
create table wallet.disbursement_lines (
    disbursement_id  bigint not null references wallet.disbursements (id) on delete cascade,
    member_id        bigint not null,
    member_no        text not null,
    amount           bigint not null check (amount > 0),
    primary key (disbursement_id, member_id)
);

-- Lines are written once, with their draft: never updated, added only while the disbursement is a draft, removed only with
-- a draft (statement-level, so a 180,000-line COPY checks once).
create function wallet.refuse_line_update() returns trigger language plpgsql as $$
begin
    raise exception 'disbursement lines never change' using errcode = 'U0030';
end $$;
create function wallet.refuse_line_insert() returns trigger language plpgsql as $$
begin
    if exists (select 1 from (select distinct disbursement_id from new_lines) n
               join wallet.disbursements d on d.id = n.disbursement_id where d.status <> 1) then
        raise exception 'disbursement lines are frozen once submitted' using errcode = 'U0030';
    end if;
    return null;
end $$;
create function wallet.refuse_line_delete() returns trigger language plpgsql as $$
begin
    if exists (select 1 from (select distinct disbursement_id from old_lines) o
               join wallet.disbursements d on d.id = o.disbursement_id where d.status <> 1) then
        raise exception 'disbursement lines are frozen once submitted' using errcode = 'U0030';
    end if;
    return null;
end $$;
create trigger disbursement_lines_insert after insert on wallet.disbursement_lines
    referencing new table as new_lines for each statement execute function wallet.refuse_line_insert();
create trigger disbursement_lines_update before update on wallet.disbursement_lines
    for each statement execute function wallet.refuse_line_update();
create trigger disbursement_lines_delete after delete on wallet.disbursement_lines
    referencing old table as old_lines for each statement execute function wallet.refuse_line_delete();

-- The chunks a disbursement is paid out in, fixed at approval from the lines in member-id order: chunk n holds the
-- members from_member_id..to_member_id. Posting a chunk (its ledger transfer and posted_at) is one transaction.
create table wallet.disbursement_chunks (
    disbursement_id  bigint not null references wallet.disbursements (id),
    n                integer not null check (n >= 0),
    from_member_id   bigint not null,
    to_member_id     bigint not null check (to_member_id >= from_member_id),
    members          integer not null check (members > 0),
    amount           bigint not null check (amount > 0),
    transfer_id      bigint references wallet.transfers (id),
    posted_at        timestamptz,
    primary key (disbursement_id, n),
    check ((transfer_id is null) = (posted_at is null))
);
create index disbursement_chunks_open on wallet.disbursement_chunks (disbursement_id, n) where posted_at is null;

-- An uploaded list, checked row by row before anything is created from it (the report the staff member sees), with the
-- draft's details typed beside the file. disbursement_id is set when a draft was made from it (once).
create table wallet.disbursement_uploads (
    id               bigint generated always as identity primary key,
    union_id         bigint not null references org.unions (id),
    created_by       bigint not null references identity.staff_users (id),
    created_at       timestamptz not null default now(),
    file_name        text not null check (char_length(file_name) <= 120),
    title            text not null,
    purpose          text not null,
    categories       smallint[],
    valid_days       integer,
    default_amount   bigint check (default_amount > 0),
    total_rows       integer not null,
    matched_rows     integer not null,
    problem_rows     integer not null,
    matched_total    bigint not null,
    disbursement_id  bigint unique references wallet.disbursements (id) on delete set null
);
create index disbursement_uploads_staff on wallet.disbursement_uploads (created_by, created_at desc);

-- outcome: 1 matched, 2 not found, 3 outside the union's subtree, 4 duplicate member, 5 bad amount, 6 incomplete row
-- (neither member number nor name + ID number), 7 ambiguous (several members fit), 8 not an active member,
-- 9 bad ID number format. No ID number, masked or not, is stored: only what the member table already shows.
create table wallet.disbursement_upload_rows (
    upload_id  bigint not null references wallet.disbursement_uploads (id) on delete cascade,
    row_no     integer not null,
    outcome    smallint not null check (outcome between 1 and 9),
    member_id  bigint,
    member_no  text,
    name       text,
    amount     bigint,
    message    text not null default '',
    primary key (upload_id, row_no),
    check (outcome <> 1 or (member_id is not null and amount > 0))
);
