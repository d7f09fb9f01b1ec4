-- wallet.pay also returns when the payment was made, so the till's first answer (the receipt) is built without reading
-- the payment back: one round trip per payment. Same rules as before (see 20261123_0110_payments.sql).
drop function wallet.pay(text, text, bytea, bigint, bigint, bigint, bigint, smallint, bigint, integer, bigint, bigint, bigint, integer, date);

-- A payment, in one transaction. state: 0 paid, 1 replay of an earlier request (payment_id is its payment),
-- 2 idempotency key reused for a different request, 3 the same key is being processed now.
-- Raises U0001 balance short, U0002 eligible funds short, U0003 payment code already used, U0010 coupon used up.
create function wallet.pay(
    p_scope text, p_key text, p_hash bytea, p_member_id bigint, p_union_id bigint, p_merchant_id bigint, p_till_id bigint, p_category smallint,
    p_list_amount bigint, p_discount_bp integer, p_amount bigint, p_code_nonce bigint,
    p_coupon_id bigint, p_coupon_limit integer, p_month date)
returns table (state smallint, payment_id bigint, paid_at timestamptz) language plpgsql as $$
declare
    v_claim record;
    v_account bigint;
    v_merchant_account bigint;
    v_transfer bigint;
    v_payment bigint;
begin
    select * into v_claim from wallet.claim_request(p_scope, p_key, p_hash);
    if v_claim.state <> 0 then
        state := v_claim.state; payment_id := v_claim.outcome_id; paid_at := null; return next; return;
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

    state := 0; payment_id := v_payment; paid_at := now(); return next;
end $$;

