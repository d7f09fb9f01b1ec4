-- Worker libraries (职工书屋): catalogue, copies and loans. A library is a union place of kind 职工书屋; members
-- borrow at any library of the network and return at any other (the copy's location moves), no card, no deposit.
create schema if not exists libraries;

-- A place that lends books (开通借阅). Copy barcodes are minted per library: L{place}-{nnnnnn}.
create table libraries.libraries (
    place_id      bigint primary key references places.places (id),
    next_copy_no  integer not null default 1 check (next_copy_no > 0),
    opened_at     timestamptz not null default now(),
    opened_by     bigint
);

-- A title held by one library (ISBN stored as ISBN-13; ISBN-10 input is upgraded).
create table libraries.titles (
    id                bigint generated always as identity primary key,
    library_place_id  bigint not null references libraries.libraries (place_id),
    isbn13            char(13) not null check (isbn13 ~ '^97[89][0-9]{10}$'),
    title             text not null check (char_length(title) between 1 and 200),
    author            text not null default '' check (char_length(author) <= 100),
    publisher         text not null default '' check (char_length(publisher) <= 100),
    created_at        timestamptz not null default now(),
    unique (library_place_id, isbn13)
);
create index titles_isbn on libraries.titles (isbn13);
create index titles_title_trgm on libraries.titles using gin (title gin_trgm_ops);
create index titles_author_trgm on libraries.titles using gin (author gin_trgm_ops);

-- One physical copy. Its barcode is unique across the network (SIP2 item identifier); its location is where it
-- stands now: returned at another library, it stays there.
create table libraries.copies (
    id                 bigint generated always as identity primary key,
    title_id           bigint not null references libraries.titles (id),
    barcode            text not null unique check (barcode ~ '^[A-Za-z0-9-]{3,32}$'),
    location_place_id  bigint not null references libraries.libraries (place_id),
    withdrawn_at       timestamptz,
    created_at         timestamptz not null default now()
);
create index copies_title on libraries.copies (title_id);
create index copies_location on libraries.copies (location_place_id);

create table libraries.loans (
    id                 bigint generated always as identity primary key,
    copy_id            bigint not null references libraries.copies (id),
    member_id          bigint not null references members.members (id),
    borrowed_at        timestamptz not null default now(),
    borrowed_place_id  bigint not null references libraries.libraries (place_id),
    channel            text not null check (channel in ('desk', 'sip2')),
    due_on             date not null,
    renewals           smallint not null default 0 check (renewals >= 0),
    returned_at        timestamptz,
    returned_place_id  bigint references libraries.libraries (place_id),
    last_reminded_on   date,
    reminders          smallint not null default 0,
    check ((returned_at is null) = (returned_place_id is null))
);
-- A copy is never on two loans at once, however many desks or self-check machines ask at the same moment.
create unique index loans_one_open_per_copy on libraries.loans (copy_id) where returned_at is null;
create index loans_member on libraries.loans (member_id, borrowed_at desc);
create index loans_open_due on libraries.loans (due_on) where returned_at is null;
