-- Points (积分) and the points supermarket (积分超市). The points themselves live in the wallet ledger (unit 2: member points
-- accounts, a union's points-issued and points-redeemed accounts); this schema holds the rules, what was awarded for what,
-- the supermarket's items and the redemptions, each written in the same transaction as its ledger transfer.
create schema if not exists points;

-- Points per event kind set by a union (积分规则): kind 1 activity attendance (参加活动), 2 station visit rating (驿站评价),
-- 3 quiz (知识竞赛). A member earns by the nearest union up their lineage that has a rule for the kind; 0 points is a rule
-- too (this union gives nothing for it, whatever its parents say).
create table points.rules (
    union_id    bigint not null references org.unions (id),
    kind        smallint not null check (kind between 1 and 3),
    points      integer not null check (points between 0 and 10000),
    updated_by  bigint,
    updated_at  timestamptz not null default now(),
    primary key (union_id, kind)
);

-- Points awarded: by a rule (kind 1-3, reference names the event, e.g. "rating:123") or by hand (kind 4 手动奖励, with a
-- reason and the staff member; no staff member for demo data). At most one award per (kind, reference, member), whatever
-- the callers retry.
create table points.awards (
    id            bigint generated always as identity primary key,
    member_id     bigint not null,
    union_id      bigint not null references org.unions (id),   -- the member's union at the time
    issuer_id     bigint not null references org.unions (id),   -- the union whose rule applied / in whose name staff awarded
    kind          smallint not null check (kind between 1 and 4),
    reference     text not null check (char_length(reference) between 1 and 120),
    points        bigint not null check (points > 0),
    reason        text check (reason is null or char_length(reason) <= 100),
    staff_id      bigint,
    transfer_id   bigint not null,
    created_at    timestamptz not null default now(),
    constraint awards_once unique (kind, reference, member_id),
    check ((kind = 4) = (reason is not null))
);
create index awards_member on points.awards (member_id, created_at);
create index awards_issuer on points.awards (issuer_id, created_at);

-- Items of a union's points supermarket. Stock never goes negative (CHECK; redemptions take it with a conditional update).
-- month_limit: how many a member may redeem per calendar month (Asia/Shanghai), null for no limit.
create table points.items (
    id            bigint generated always as identity primary key,
    union_id      bigint not null references org.unions (id),
    name          text not null check (char_length(name) between 1 and 30),
    description   text check (description is null or char_length(description) <= 200),
    price         bigint not null check (price between 1 and 1000000),
    stock         integer not null check (stock >= 0),
    month_limit   integer check (month_limit is null or month_limit between 1 and 100),
    on_shelf      boolean not null default true,
    redeemed      integer not null default 0 check (redeemed >= 0),
    created_by    bigint,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
create index items_union on points.items (union_id) where on_shelf;

create table points.item_pictures (
    item_id       bigint primary key references points.items (id),
    content_type  text not null check (content_type in ('image/jpeg', 'image/png')),
    bytes         bytea not null,
    updated_at    timestamptz not null default now()
);

-- What a member has redeemed of an item in a month; the conditional upsert and the CHECK never let them pass the limit
-- that held when they redeemed (max_taken: the item's month_limit then, null for none).
create table points.monthly_taken (
    item_id    bigint not null references points.items (id),
    member_id  bigint not null,
    month      date not null,
    taken      integer not null,
    max_taken  integer,
    primary key (item_id, member_id, month),
    check (taken >= 0 and (max_taken is null or taken <= max_taken))
);

-- A redemption: status 1 reserved (待领取, with a pickup code), 2 collected (已领取, 核销), 3 cancelled (已取消: points and
-- stock returned, once). The pickup code is unique among reserved redemptions.
create table points.redemptions (
    id                  bigint generated always as identity primary key,
    item_id             bigint not null references points.items (id),
    union_id            bigint not null references org.unions (id),   -- the item's union (the supermarket)
    member_id           bigint not null,
    member_union_id     bigint not null references org.unions (id),
    item_name           text not null,
    points              bigint not null check (points > 0),
    month               date not null,
    pickup_code         text not null check (pickup_code ~ '^[0-9]{8}$'),
    status              smallint not null default 1 check (status between 1 and 3),
    redeem_transfer_id  bigint,
    refund_transfer_id  bigint,
    created_at          timestamptz not null default now(),
    collected_at        timestamptz,
    collected_by        bigint,
    cancelled_at        timestamptz,
    cancelled_by_staff  bigint,
    check ((status = 2) = (collected_at is not null)),
    check ((status = 3) = (cancelled_at is not null and refund_transfer_id is not null))
);
create unique index redemptions_open_code on points.redemptions (pickup_code) where status = 1;
create index redemptions_member on points.redemptions (member_id, id);
create index redemptions_union on points.redemptions (union_id, status, id);
create index redemptions_member_union on points.redemptions (member_union_id, status, id);
