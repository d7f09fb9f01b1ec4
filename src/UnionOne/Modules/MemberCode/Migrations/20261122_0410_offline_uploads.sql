-- Scans a gate made offline, uploaded when it is online again. The key makes a re-sent upload change nothing.
create table member_code.offline_uploads (
    device_id    bigint not null references member_code.devices (id),
    scanned_ms   bigint not null,
    nonce        bigint not null,
    result       text not null,
    uploaded_at  timestamptz not null default now(),
    primary key (device_id, scanned_ms, nonce, result)
);
