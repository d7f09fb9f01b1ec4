-- The benefit wallet's double-entry ledger (see docs/decisions/0009-wallet-ledger.md).
-- Every movement is a transfer whose postings (one per account) sum to zero; posted rows never change. Account balances are
-- kept beside the postings in the same transaction and always equal their sum (wallet.check_invariants proves it).
-- The database itself refuses: a member or fund balance below zero (CHECK), a second transfer with the same idempotency key
-- (UNIQUE), a second reversal of one transfer (UNIQUE), two postings to one account in one transfer (a transfer to itself),
-- and any UPDATE or DELETE of a posted transfer or posting (trigger).
create schema if not exists wallet;

-- kind: 1 member benefit (个人专户, fen), 2 union welfare fund (fen), 3 merchant receivable (fen), 4 member points (积分),
-- 5 union points issued (积分发放, may go negative), 6 merchant settled (已结算, fen), 7 adjustment (调账, fen, may go negative),
-- 8 union bank (拨入来源, external, may go negative), 9 points redeemed (积分兑换, points),
-- 10 disbursement in transit (发放在途, owner: disbursement id; reserved from a fund, then paid out to members in chunks).
-- unit: 1 fen, 2 points.
create table wallet.accounts (
    id               bigint generated always as identity primary key,
    kind             smallint not null check (kind between 1 and 10),
    owner_id         bigint not null,
    unit             smallint not null check (unit in (1, 2)),
    balance          bigint not null default 0,
    may_go_negative  boolean not null,
    created_at       timestamptz not null default now(),
    constraint accounts_owner unique (kind, owner_id),
    constraint balance_not_negative check (may_go_negative or balance >= 0),
    check (unit = case when kind in (4, 5, 9) then 2 else 1 end),
    check (may_go_negative = (kind in (3, 5, 7, 8)))
);

-- kind: 1 fund top-up, 2 disbursement, 3 payment, 4 refund, 5 expiry, 6 settlement, 7 reversal, 8 points award,
-- 9 points redemption, 10 adjustment, 11 points refund.
create table wallet.transfers (
    id               bigint generated always as identity primary key,
    kind             smallint not null check (kind between 1 and 20),
    unit             smallint not null check (unit in (1, 2)),
    amount           bigint not null check (amount > 0),
    idempotency_key  text not null check (char_length(idempotency_key) between 1 and 200),
    reverses_id      bigint references wallet.transfers (id),
    reference        text,
    memo             text not null default '',
    staff_id         bigint,
    created_at       timestamptz not null default now(),
    constraint transfers_idempotency_key unique (idempotency_key),
    constraint transfers_one_reversal unique (reverses_id),
    check (reverses_id is null or reverses_id < id)
);
create index transfers_reference on wallet.transfers (reference) where reference is not null;
create index transfers_created on wallet.transfers (created_at);

create table wallet.postings (
    transfer_id  bigint not null references wallet.transfers (id),
    account_id   bigint not null references wallet.accounts (id),
    amount       bigint not null check (amount <> 0),
    constraint postings_one_per_account primary key (transfer_id, account_id)
);
create index postings_account on wallet.postings (account_id, transfer_id);

create function wallet.refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'posted ledger rows are immutable: post a reversal instead' using errcode = 'U0020';
end $$;
create trigger transfers_immutable before update or delete on wallet.transfers for each row execute function wallet.refuse_change();
create trigger postings_immutable before update or delete on wallet.postings for each row execute function wallet.refuse_change();

-- Money in a member account, by where it came from, what it is for and until when (a birthday-cake voucher valid 60 days,
-- festival funds only at food merchants). The lots of an account always sum to its balance. Spending takes the
-- earliest-expiring eligible lot first; what is left when a lot expires goes back to origin_account_id.
create table wallet.lots (
    id                 bigint generated always as identity primary key,
    account_id         bigint not null references wallet.accounts (id),
    origin_account_id  bigint not null references wallet.accounts (id),
    transfer_id        bigint not null references wallet.transfers (id),
    purpose            text not null default '' check (char_length(purpose) <= 40),
    categories         smallint[],
    expires_at         timestamptz,
    original           bigint not null check (original > 0),
    remaining          bigint not null check (remaining >= 0 and remaining <= original),
    created_at         timestamptz not null default now()
);
create index lots_open on wallet.lots (account_id, expires_at) where remaining > 0;
create index lots_expiring on wallet.lots (expires_at) where remaining > 0 and expires_at is not null;

-- Idempotency-Key of money-moving API requests: who asked (scope), the key, a hash of the request, and what it produced.
-- Kept at least 48 hours (wallet worker prunes older ones).
create table wallet.requests (
    scope         text not null,
    key           text not null,
    request_hash  bytea not null,
    outcome_kind  text not null,
    outcome_id    bigint not null,
    created_at    timestamptz not null default now(),
    primary key (scope, key)
);
create index requests_created on wallet.requests (created_at);

-- The account of (kind, owner), created on first use.
create function wallet.account(p_kind smallint, p_owner bigint) returns bigint language plpgsql as $$
declare v_id bigint;
begin
    select id into v_id from wallet.accounts where kind = p_kind and owner_id = p_owner;
    if v_id is null then
        insert into wallet.accounts (kind, owner_id, unit, may_go_negative)
        values (p_kind, p_owner, case when p_kind in (4, 5, 9) then 2 else 1 end, p_kind in (3, 5, 7, 8))
        on conflict (kind, owner_id) do nothing
        returning id into v_id;
        if v_id is null then
            select id into v_id from wallet.accounts where kind = p_kind and owner_id = p_owner;
        end if;
    end if;
    return v_id;
end $$;

-- Starts an idempotent request inside the caller's transaction. state: 0 new (go on; the key is locked until commit),
-- 1 replay (outcome_id is the first answer), 2 same key with a different request, 3 the same key is being processed now.
create function wallet.claim_request(p_scope text, p_key text, p_hash bytea, out state smallint, out outcome_id bigint)
language plpgsql as $$
declare v_hash bytea;
begin
    if not pg_try_advisory_xact_lock(hashtextextended(p_scope || chr(31) || p_key, 4242)) then
        state := 3; return;
    end if;
    select r.request_hash, r.outcome_id into v_hash, outcome_id from wallet.requests r where r.scope = p_scope and r.key = p_key;
    if v_hash is null then state := 0;
    elsif v_hash = p_hash then state := 1;
    else state := 2; outcome_id := null;
    end if;
end $$;

-- Takes p_amount from the member account's open lots: earliest expiry first, only lots usable at p_category
-- (null: any lot). Returns what each lot gave. Raises U0002 when the eligible funds are short.
create function wallet.consume_lots(p_account bigint, p_amount bigint, p_category smallint)
returns table (lot_id bigint, taken bigint) language plpgsql as $$
declare
    v_left bigint := p_amount;
    v_lot record;
    v_take bigint;
begin
    for v_lot in
        select l.id, l.remaining from wallet.lots l
        where l.account_id = p_account and l.remaining > 0
          and (l.expires_at is null or l.expires_at > now())
          and (p_category is null or l.categories is null or p_category = any (l.categories))
        order by l.expires_at nulls last, l.id
        for update
    loop
        exit when v_left = 0;
        v_take := least(v_lot.remaining, v_left);
        update wallet.lots set remaining = remaining - v_take where id = v_lot.id;
        v_left := v_left - v_take;
        lot_id := v_lot.id; taken := v_take;
        return next;
    end loop;
    if v_left > 0 then
        raise exception 'eligible funds short by % fen', v_left using errcode = 'U0002';
    end if;
end $$;

-- Posts one transfer exactly once per key: p_accounts[i] receives p_amounts[i] (negative: gives). Postings must sum to zero,
-- name each account once, share one unit. A member benefit account that receives gets a lot with the given purpose,
-- categories and expiry (origin: the first giving account); one that gives spends its lots (eligible at p_spend_category).
-- Replaying a key with the same postings returns the first transfer (replayed = true); with different postings raises U0004.
create function wallet.post(
    p_key text, p_kind smallint, p_accounts bigint[], p_amounts bigint[],
    p_reference text default null, p_memo text default '', p_staff bigint default null, p_reverses bigint default null,
    p_purpose text default '', p_categories smallint[] default null, p_expires_at timestamptz default null,
    p_spend_category smallint default null)
returns table (transfer_id bigint, replayed boolean) language plpgsql as $$
declare
    v_id bigint;
    v_total bigint;
    v_units int;
    v_origin bigint;
    v_member record;
begin
    if coalesce(array_length(p_accounts, 1), 0) < 2 or array_length(p_accounts, 1) <> coalesce(array_length(p_amounts, 1), 0) then
        raise exception 'a transfer needs two or more postings' using errcode = 'U0006';
    end if;
    if (select count(distinct a) from unnest(p_accounts) a) <> array_length(p_accounts, 1) then
        raise exception 'a transfer may not post twice to one account (a transfer to itself)' using errcode = 'U0006';
    end if;
    if exists (select 1 from unnest(p_amounts) x where x is null or x = 0) or (select sum(x) from unnest(p_amounts) x) <> 0 then
        raise exception 'postings must be non-zero and sum to zero' using errcode = 'U0006';
    end if;
    select count(distinct unit) into v_units from wallet.accounts where id = any (p_accounts);
    if v_units <> 1 or (select count(*) from wallet.accounts where id = any (p_accounts)) <> array_length(p_accounts, 1) then
        raise exception 'postings must name existing accounts of one unit' using errcode = 'U0008';
    end if;
    select sum(x) into v_total from unnest(p_amounts) x where x > 0;

    insert into wallet.transfers (kind, unit, amount, idempotency_key, reverses_id, reference, memo, staff_id)
    select p_kind, a.unit, v_total, p_key, p_reverses, p_reference, coalesce(p_memo, ''), p_staff
    from wallet.accounts a where a.id = p_accounts[1]
    on conflict (idempotency_key) do nothing
    returning id into v_id;

    if v_id is null then
        select t.id into v_id from wallet.transfers t where t.idempotency_key = p_key;
        if exists (select 1 from wallet.transfers t where t.id = v_id and t.kind = p_kind)
           and not exists (
               (select p.account_id, p.amount from wallet.postings p where p.transfer_id = v_id)
               except all
               (select a, x from unnest(p_accounts, p_amounts) as u(a, x)))
           and (select count(*) from wallet.postings p where p.transfer_id = v_id) = array_length(p_accounts, 1) then
            transfer_id := v_id; replayed := true; return next; return;
        end if;
        raise exception 'idempotency key % was used for a different transfer', p_key using errcode = 'U0004';
    end if;

    insert into wallet.postings (transfer_id, account_id, amount)
    select v_id, a, x from unnest(p_accounts, p_amounts) as u(a, x);

    -- In account-id order, so two transfers over the same accounts never wait on each other in a cycle.
    perform 1 from wallet.accounts where id = any (p_accounts) order by id for no key update;
    update wallet.accounts acc set balance = acc.balance + u.x
    from unnest(p_accounts, p_amounts) as u(a, x) where acc.id = u.a;

    select u.a into v_origin from unnest(p_accounts, p_amounts) with ordinality as u(a, x, n) where u.x < 0 order by u.n limit 1;

    insert into wallet.lots (account_id, origin_account_id, transfer_id, purpose, categories, expires_at, original, remaining)
    select u.a, v_origin, v_id, coalesce(p_purpose, ''), p_categories, p_expires_at, u.x, u.x
    from unnest(p_accounts, p_amounts) as u(a, x) join wallet.accounts acc on acc.id = u.a
    where acc.kind = 1 and u.x > 0;

    for v_member in
        select u.a, -u.x as amount from unnest(p_accounts, p_amounts) as u(a, x) join wallet.accounts acc on acc.id = u.a
        where acc.kind = 1 and u.x < 0
    loop
        perform 1 from wallet.consume_lots(v_member.a, v_member.amount, p_spend_category);
    end loop;

    transfer_id := v_id; replayed := false; return next;
end $$;
