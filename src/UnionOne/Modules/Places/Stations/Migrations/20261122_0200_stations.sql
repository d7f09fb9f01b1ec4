-- Station management (驿站管理): monthly inspections with photos, members' ratings of visits, the monthly star
-- rating (with its subsidy grade) and the history of rectification/closing decisions.

-- A monthly inspection by staff of the place's union subtree. Month is the first day of the Beijing month inspected;
-- round 1 is the month's inspection, round 2.. a re-inspection allowed only after the previous round's rectification closed.
create table places.station_inspections (
    id                  bigint generated always as identity primary key,
    place_id            bigint not null references places.places (id),
    month               date not null check (extract(day from month) = 1),
    round               smallint not null default 1 check (round between 1 and 31),
    inspected_on        date not null,
    inspector_staff_id  bigint not null references identity.staff_users (id),
    -- The inspector's display name as it was (names are not read across modules).
    inspector_name      text not null,
    -- The "六有" (sign, layout, facilities, functions, rules, on the map) plus cleanliness and open as posted.
    has_sign            boolean not null,
    has_layout          boolean not null,
    has_facilities      boolean not null,
    has_functions       boolean not null,
    has_rules           boolean not null,
    on_map              boolean not null,
    clean               boolean not null,
    open_as_posted      boolean not null,
    score               smallint not null check (score between 0 and 100),
    issues              text check (issues is null or char_length(issues) between 1 and 1000),
    rectify_by          date,
    rectified_at        timestamptz,
    rectified_by        bigint references identity.staff_users (id),
    rectified_by_name   text,
    rectification_note  text,
    created_at          timestamptz not null default now(),
    unique (place_id, month, round),
    check ((issues is null) = (rectify_by is null)),
    check (rectified_at is null or issues is not null),
    check ((rectified_at is null) = (rectified_by is null) and (rectified_at is null) = (rectification_note is null)),
    check (date_trunc('month', inspected_on) = month)
);
create index station_inspections_place on places.station_inspections (place_id, month desc, round desc);

-- Photos taken at an inspection (JPEG/PNG, at most 2 MB each, checked by their bytes).
create table places.station_inspection_photos (
    id             bigint generated always as identity primary key,
    inspection_id  bigint not null references places.station_inspections (id),
    content_type   text not null check (content_type in ('image/jpeg', 'image/png')),
    bytes          bytea not null check (octet_length(bytes) between 1 and 2097152),
    created_at     timestamptz not null default now()
);
create index station_inspection_photos_inspection on places.station_inspection_photos (inspection_id);

-- A member's rating of one visit (one per member, place and Beijing visit day).
create table places.station_visit_ratings (
    id          bigint generated always as identity primary key,
    place_id    bigint not null references places.places (id),
    member_id   bigint not null references members.members (id),
    visit_day   date not null,
    score       smallint not null check (score between 1 and 5),
    comment     text check (comment is null or char_length(comment) between 1 and 200),
    created_at  timestamptz not null default now(),
    unique (place_id, member_id, visit_day)
);
create index station_visit_ratings_place_day on places.station_visit_ratings (place_id, visit_day);

-- The star rating of a station for one month, kept for every month rated (a re-run of the same month replaces it).
-- Component scores are 0-100; satisfaction is null when too few members rated. Subsidy is the yearly amount (fen)
-- of the grade at the time of the run.
create table places.station_grades (
    place_id              bigint not null references places.places (id),
    month                 date not null check (extract(day from month) = 1),
    inspection_score      smallint not null check (inspection_score between 0 and 100),
    usage_score           smallint not null check (usage_score between 0 and 100),
    satisfaction_score    smallint check (satisfaction_score between 0 and 100),
    visits                integer not null check (visits >= 0),
    rating_count          integer not null check (rating_count >= 0),
    average_rating        numeric(3, 2),
    total_score           smallint not null check (total_score between 0 and 100),
    stars                 smallint not null check (stars between 1 and 5),
    subsidy_fen_per_year  bigint not null check (subsidy_fen_per_year >= 0),
    -- Warning signs of the month, read by the rectify-or-close list.
    low_use               boolean not null,
    low_satisfaction      boolean not null,
    failed_inspection     boolean not null,
    computed_at           timestamptz not null default now(),
    computed_by           bigint references identity.staff_users (id),
    primary key (place_id, month)
);
create index station_grades_month on places.station_grades (month);

-- Decisions on a station's status (整改 / 恢复开放 / 摘牌), with the reason; the audit log holds the same act.
create table places.station_status_changes (
    id           bigint generated always as identity primary key,
    place_id     bigint not null references places.places (id),
    from_status  smallint not null,
    to_status    smallint not null,
    reason       text not null check (char_length(reason) between 2 and 200),
    staff_id     bigint not null references identity.staff_users (id),
    at           timestamptz not null default now()
);
create index station_status_changes_place on places.station_status_changes (place_id, at desc);
