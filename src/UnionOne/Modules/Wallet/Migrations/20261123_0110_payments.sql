-- Payments at merchant tills with the member's one-time payment code, refunds, and coupons (e.g. courier at 85% of price,
-- 3 times per member per month). Each payment and refund is one call of a function below: one round trip, one transaction.
create table wallet.coupons (
    id              bigint generated always as identity primary key,
    union_id        bigint not null references org.unions (id),
    name            text not null check (char_length(name) between 2 and 40),
    category        smallint not null,
    discount_bp     integer not null check (discount_bp between 1000 and 9999),
    uses_per_month  integer not null check (uses_per_month between 1 and 100),
    starts_on       date not null,
    ends_on         date not null check (ends_on >= starts_on),
    withdrawn_at    timestamptz,
    created_by      bigint not null,
    created_at      timestamptz not null default now()
);
create index coupons_category on wallet.coupons (category) where withdrawn_at is null;

-- Uses of a coupon by a member in a calendar month (Asia/Shanghai); the CHECK never lets a member exceed the limit.
create table wallet.coupon_uses (
    coupon_id  bigint not null references wallet.coupons (id),
    member_id  bigint not null,
    month      date not null,
    used       integer not null,
    max_uses   integer not null,
    primary key (coupon_id, member_id, month),
    check (used between 0 and max_uses)
);

create table wallet.payments (
    id            bigint generated always as identity primary key,
    merchant_id   bigint not null,
    till_id       bigint not null,
    member_id     bigint not null,
    -- The member's union when paying (from the payment code): reports of a union's subtree count what its members spent.
    union_id      bigint not null,
    account_id    bigint not null references wallet.accounts (id),
    category      smallint not null,
    list_amount   bigint not null check (list_amount > 0),
    discount_bp   integer not null check (discount_bp between 1 and 10000),
    coupon_id     bigint references wallet.coupons (id),
    amount        bigint not null check (amount > 0 and amount <= list_amount),
    refunded      bigint not null default 0 check (refunded >= 0 and refunded <= amount),
    code_nonce    bigint not null,
    transfer_id   bigint not null references wallet.transfers (id),
    created_at    timestamptz not null default now(),
    constraint payments_code_once unique (code_nonce)
);
create index payments_merchant on wallet.payments (merchant_id, created_at);
create index payments_member on wallet.payments (member_id, created_at);
create index payments_union on wallet.payments (union_id, created_at);

-- Which lots paid for a payment (a refund gives back to them).
create table wallet.payment_lots (
    payment_id  bigint not null references wallet.payments (id),
    lot_id      bigint not null references wallet.lots (id),
    amount      bigint not null check (amount > 0),
    refunded    bigint not null default 0 check (refunded >= 0 and refunded <= amount),
    primary key (payment_id, lot_id)
);

create table wallet.refunds (
    id           bigint generated always as identity primary key,
    payment_id   bigint not null references wallet.payments (id),
    till_id      bigint not null,
    amount       bigint not null check (amount > 0),
    reason       text not null default '',
    transfer_id  bigint not null references wallet.transfers (id),
    created_at   timestamptz not null default now()
);
create index refunds_payment on wallet.refunds (payment_id);
create index refunds_created on wallet.refunds (created_at);

-- A payment, in one transaction. state: 0 paid, 1 replay of an earlier request (payment_id is its payment),
-- 2 idempotency key reused for a different request, 3 the same key is being processed now.
-- Raises U0001 balance short, U0002 eligible funds short, U0003 payment code already used, U0010 coupon used up.
create function wallet.pay(
    p_scope text, p_key text, p_hash bytea, p_member_id bigint, p_union_id bigint, p_merchant_id bigint, p_till_id bigint, p_category smallint,
    p_list_amount bigint, p_discount_bp integer, p_amount bigint, p_code_nonce bigint,
    p_coupon_id bigint, p_coupon_limit integer, p_month date)
returns table (state smallint, payment_id bigint) language plpgsql as $$
declare
    v_claim record;
    v_account bigint;
    v_merchant_account bigint;
    v_transfer bigint;
    v_payment bigint;
begin
    select * into v_claim from wallet.claim_request(p_scope, p_key, p_hash);
    if v_claim.state <> 0 then
        state := v_claim.state; payment_id := v_claim.outcome_id; return next; return;
    end if;
    if exists (select 1 from wallet.payments p where p.code_nonce = p_code_nonce) then
        raise exception 'payment code already used' using errcode = 'U0003';
    end if;

    select a.id into v_account from wallet.accounts a where a.kind = 1 and a.owner_id = p_member_id;
    if v_account is null then
        raise exception 'no benefit account' using errcode = 'U0001';
    end if;
    update wallet.accounts set balance = balance - p_amount where id = v_account and balance >= p_amount;
    if not found then
        raise exception 'balance short' using errcode = 'U0001';
    end if;

    if p_coupon_id is not null then
        insert into wallet.coupon_uses as cu (coupon_id, member_id, month, used, max_uses)
        values (p_coupon_id, p_member_id, p_month, 1, p_coupon_limit)
        on conflict (coupon_id, member_id, month) do update set used = cu.used + 1 where cu.used < cu.max_uses;
        if not found then
            raise exception 'coupon used up this month' using errcode = 'U0010';
        end if;
    end if;

    v_merchant_account := wallet.account(3::smallint, p_merchant_id);
    insert into wallet.transfers (kind, unit, amount, idempotency_key, reference)
    values (3, 1, p_amount, 'pay:' || p_scope || ':' || p_key, 'merchant:' || p_merchant_id)
    returning id into v_transfer;
    insert into wallet.postings (transfer_id, account_id, amount)
    values (v_transfer, v_account, -p_amount), (v_transfer, v_merchant_account, p_amount);

    insert into wallet.payments (merchant_id, till_id, member_id, union_id, account_id, category, list_amount, discount_bp, coupon_id,
                                 amount, code_nonce, transfer_id)
    values (p_merchant_id, p_till_id, p_member_id, p_union_id, v_account, p_category, p_list_amount, p_discount_bp, p_coupon_id,
            p_amount, p_code_nonce, v_transfer)
    returning id into v_payment;

    insert into wallet.payment_lots (payment_id, lot_id, amount)
    select v_payment, c.lot_id, c.taken from wallet.consume_lots(v_account, p_amount, p_category) c;

    insert into wallet.requests (scope, key, request_hash, outcome_kind, outcome_id)
    values (p_scope, p_key, p_hash, 'payment', v_payment);

    -- The merchant's receivable last: it is the row many tills share, so it is held for the shortest time.
    update wallet.accounts set balance = balance + p_amount where id = v_merchant_account;

    state := 0; payment_id := v_payment; return next;
end $$;

-- A full or partial refund of a payment by the merchant who took it, within p_window of the payment. Gives the money back
-- to the lots that paid (latest expiry first). state/outcome as wallet.pay; raises U0007 more than is left to refund,
-- U0009 window passed, U0011 no such payment at this merchant.
create function wallet.refund(
    p_scope text, p_key text, p_hash bytea, p_payment_id bigint, p_merchant_id bigint, p_till_id bigint,
    p_amount bigint, p_reason text, p_window interval)
returns table (state smallint, refund_id bigint) language plpgsql as $$
declare
    v_claim record;
    v_payment record;
    v_merchant_account bigint;
    v_transfer bigint;
    v_refund bigint;
    v_left bigint := p_amount;
    v_lot record;
    v_give bigint;
begin
    select * into v_claim from wallet.claim_request(p_scope, p_key, p_hash);
    if v_claim.state <> 0 then
        state := v_claim.state; refund_id := v_claim.outcome_id; return next; return;
    end if;
    select * into v_payment from wallet.payments p where p.id = p_payment_id and p.merchant_id = p_merchant_id for update;
    if not found then
        raise exception 'no such payment at this merchant' using errcode = 'U0011';
    end if;
    if v_payment.created_at < now() - p_window then
        raise exception 'refund window passed' using errcode = 'U0009';
    end if;
    if v_payment.refunded + p_amount > v_payment.amount then
        raise exception 'refund larger than what is left' using errcode = 'U0007';
    end if;

    v_merchant_account := wallet.account(3::smallint, p_merchant_id);
    insert into wallet.transfers (kind, unit, amount, idempotency_key, reference, memo)
    values (4, 1, p_amount, 'refund:' || p_scope || ':' || p_key, 'payment:' || p_payment_id, coalesce(p_reason, ''))
    returning id into v_transfer;
    insert into wallet.postings (transfer_id, account_id, amount)
    values (v_transfer, v_merchant_account, -p_amount), (v_transfer, v_payment.account_id, p_amount);
    perform 1 from wallet.accounts where id in (v_merchant_account, v_payment.account_id) order by id for no key update;
    update wallet.accounts set balance = balance - p_amount where id = v_merchant_account;
    update wallet.accounts set balance = balance + p_amount where id = v_payment.account_id;

    for v_lot in
        select pl.lot_id, pl.amount - pl.refunded as open from wallet.payment_lots pl join wallet.lots l on l.id = pl.lot_id
        where pl.payment_id = p_payment_id and pl.amount > pl.refunded
        order by l.expires_at desc nulls first, l.id desc
    loop
        exit when v_left = 0;
        v_give := least(v_lot.open, v_left);
        update wallet.payment_lots set refunded = refunded + v_give where payment_id = p_payment_id and lot_id = v_lot.lot_id;
        update wallet.lots set remaining = remaining + v_give where id = v_lot.lot_id;
        v_left := v_left - v_give;
    end loop;

    update wallet.payments set refunded = refunded + p_amount where id = p_payment_id;
    insert into wallet.refunds (payment_id, till_id, amount, reason, transfer_id)
    values (p_payment_id, p_till_id, p_amount, coalesce(p_reason, ''), v_transfer)
    returning id into v_refund;
    insert into wallet.requests (scope, key, request_hash, outcome_kind, outcome_id)
    values (p_scope, p_key, p_hash, 'refund', v_refund);
    state := 0; refund_id := v_refund; return next;
end $$;

-- Returns what is left in expired lots to the fund that issued them, one transfer per lot (key "expire:lot:{id}").
create function wallet.expire_lots(p_limit integer) returns integer language plpgsql as $$
declare
    v_lot record;
    v_count integer := 0;
    v_transfer bigint;
begin
    for v_lot in
        select l.id, l.account_id, l.origin_account_id, l.remaining from wallet.lots l
        where l.remaining > 0 and l.expires_at is not null and l.expires_at <= now()
        order by l.expires_at, l.id limit p_limit
        for update skip locked
    loop
        insert into wallet.transfers (kind, unit, amount, idempotency_key, reference, memo)
        values (5, 1, v_lot.remaining, 'expire:lot:' || v_lot.id || ':' || v_lot.remaining, 'lot:' || v_lot.id, '到期退回')
        returning id into v_transfer;
        insert into wallet.postings (transfer_id, account_id, amount)
        values (v_transfer, v_lot.account_id, -v_lot.remaining), (v_transfer, v_lot.origin_account_id, v_lot.remaining);
        perform 1 from wallet.accounts where id in (v_lot.account_id, v_lot.origin_account_id) order by id for no key update;
        update wallet.accounts set balance = balance - v_lot.remaining where id = v_lot.account_id;
        update wallet.accounts set balance = balance + v_lot.remaining where id = v_lot.origin_account_id;
        update wallet.lots set remaining = 0 where id = v_lot.id;
        v_count := v_count + 1;
    end loop;
    return v_count;
end $$;

-- Everything that must always hold; each row names a rule and how many rows break it (0 everywhere when all is well).
create function wallet.check_invariants() returns table (rule text, violations bigint) language sql stable as $$
    select 'postings of a transfer sum to zero', count(*) from (
        select transfer_id from wallet.postings group by transfer_id having sum(amount) <> 0) x
    union all
    select 'transfer amount equals its credits', count(*) from wallet.transfers t
        where t.amount <> (select coalesce(sum(p.amount), 0) from wallet.postings p where p.transfer_id = t.id and p.amount > 0)
    union all
    select 'account balance equals its postings', count(*) from wallet.accounts a
        where a.balance <> (select coalesce(sum(p.amount), 0) from wallet.postings p where p.account_id = a.id)
    union all
    select 'no member or fund balance below zero', count(*) from wallet.accounts where not may_go_negative and balance < 0
    union all
    select 'member balance equals its lots', count(*) from wallet.accounts a
        where a.kind = 1 and a.balance <> (select coalesce(sum(l.remaining), 0) from wallet.lots l where l.account_id = a.id)
    union all
    select 'all balances of a unit sum to zero', count(*) from (
        select unit from wallet.accounts group by unit having sum(balance) <> 0) x
    union all
    select 'payment lots equal the payment', count(*) from wallet.payments p
        where p.amount <> (select coalesce(sum(pl.amount), 0) from wallet.payment_lots pl where pl.payment_id = p.id)
           or p.refunded <> (select coalesce(sum(pl.refunded), 0) from wallet.payment_lots pl where pl.payment_id = p.id)
$$;
