-- Development SMS outbox: the "Outbox" sender writes every text here instead of sending it, so flows that
-- send SMS (one-time codes) work on one machine. Production configures a real provider (Sms:Provider) and
-- this table stays empty. The phone is stored encrypted with a keyed look-up hash, like every phone.
create schema if not exists messaging;

create table messaging.sms_outbox (
    id          bigint generated always as identity primary key,
    phone_enc   bytea not null,
    phone_hash  bytea not null,
    purpose     text not null,
    body        text not null,
    created_at  timestamptz not null default now()
);
create index sms_outbox_phone on messaging.sms_outbox (phone_hash, id desc);
