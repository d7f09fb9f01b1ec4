-- One-time codes for member sign-in by phone. Only hashes are stored: the phone's keyed look-up hash and
-- HMAC-SHA256(code) keyed with that phone hash, so a copy of the table reveals neither phones nor codes.
create table identity.one_time_codes (
    id          bigint generated always as identity primary key,
    phone_hash  bytea not null,
    code_hash   bytea not null,
    purpose     text not null,
    expires_at  timestamptz not null,
    attempts    integer not null default 0,
    used_at     timestamptz,
    created_at  timestamptz not null default now()
);
create index one_time_codes_phone on identity.one_time_codes (phone_hash, purpose, created_at desc);
