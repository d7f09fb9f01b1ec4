-- Settlement with merchants (结算): the bank details merchants are paid to (收款账户), settlement runs that one staff member
-- prepares and a second approves, and their lines. Approving a run posts, in one transaction, one ledger transfer per merchant
-- (kind 6, MerchantReceivable -> MerchantSettled, key "settle:{run}:{merchant}") and marks the lines paid; the bank file is
-- made from the paid lines. The database refuses: the preparer approving their own run, a merchant in two open runs at once,
-- a line paid twice (one transfer per line, one line per transfer) and any change to a run once settled or cancelled.

-- A merchant's payout account. The account number is encrypted (IPersonalDataCipher, purpose "bank-account"); no masked
-- or partial form is stored. Shown masked; every unmasked view and every bank file is audited.
create table wallet.merchant_payees (
    merchant_id     bigint primary key,
    account_name    text not null check (char_length(account_name) between 2 and 60),
    bank_name       text not null check (char_length(bank_name) between 2 and 60),
    account_number  bytea not null,
    updated_by      bigint not null,
    updated_at      timestamptz not null default now(),
    created_at      timestamptz not null default now()
);

-- status: 1 prepared (待复核), 2 settled (已结算: approved and posted), 3 cancelled (已撤销).
-- cutoff_day: the last Asia/Shanghai day whose payments and refunds the run pays out.
create table wallet.settlement_runs (
    id              bigint generated always as identity primary key,
    union_id        bigint not null references org.unions (id),
    cutoff_day      date not null,
    status          smallint not null default 1 check (status in (1, 2, 3)),
    merchant_count  integer not null check (merchant_count > 0),
    total_amount    bigint not null check (total_amount > 0),
    created_by      bigint not null,
    created_by_name text not null,
    created_at      timestamptz not null default now(),
    approved_by     bigint,
    approved_by_name text,
    approved_at     timestamptz,
    cancelled_by    bigint,
    cancelled_by_name text,
    cancelled_at    timestamptz,
    cancel_reason   text check (char_length(cancel_reason) <= 200),
    constraint settlement_second_person check (approved_by is null or approved_by <> created_by),
    check ((status = 2) = (approved_by is not null and approved_at is not null)),
    check ((status = 3) = (cancelled_by is not null and cancelled_at is not null))
);
create index settlement_runs_union on wallet.settlement_runs (union_id, id desc);

-- state: 1 to pay (its run is prepared), 2 paid (posted), 3 cancelled with its run, 4 skipped (not paid; skip_reason says why:
-- 1 no payee details, 2 already in another prepared run). The payee is copied when the run is prepared: the approver approves,
-- and the bank file pays, exactly the account that was shown.
create table wallet.settlement_lines (
    run_id          bigint not null references wallet.settlement_runs (id),
    merchant_id     bigint not null,
    seq             integer not null check (seq > 0),
    amount          bigint not null check (amount > 0),
    state           smallint not null check (state between 1 and 4),
    skip_reason     smallint check (skip_reason in (1, 2)),
    account_name    text,
    bank_name       text,
    account_number  bytea,
    transfer_id     bigint references wallet.transfers (id),
    primary key (run_id, merchant_id),
    check ((state = 4) = (skip_reason is not null)),
    check (state = 4 or (account_name is not null and bank_name is not null and account_number is not null)),
    check ((state = 2) = (transfer_id is not null))
);
create unique index settlement_lines_one_open_run on wallet.settlement_lines (merchant_id) where state = 1;
create unique index settlement_lines_transfer on wallet.settlement_lines (transfer_id) where transfer_id is not null;
create index settlement_lines_merchant on wallet.settlement_lines (merchant_id) where state = 2;

-- A run moves only from prepared to settled or cancelled, and its lines with it; after that nothing changes.
create function wallet.settlement_guard() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'settlement records are kept' using errcode = 'U0030';
    end if;
    if tg_table_name = 'settlement_runs' then
        if old.status <> 1 or new.id <> old.id or new.union_id <> old.union_id or new.cutoff_day <> old.cutoff_day
           or new.total_amount <> old.total_amount or new.merchant_count <> old.merchant_count or new.created_by <> old.created_by then
            raise exception 'a settled or cancelled run cannot change' using errcode = 'U0030';
        end if;
    else
        if old.state <> 1 or new.state not in (2, 3) or new.amount <> old.amount or new.merchant_id <> old.merchant_id
           or new.run_id <> old.run_id or new.account_number is distinct from old.account_number then
            raise exception 'a paid, cancelled or skipped settlement line cannot change' using errcode = 'U0030';
        end if;
    end if;
    return new;
end $$;
create trigger settlement_runs_guard before update or delete on wallet.settlement_runs for each row execute function wallet.settlement_guard();
create trigger settlement_lines_guard before update or delete on wallet.settlement_lines for each row execute function wallet.settlement_guard();
