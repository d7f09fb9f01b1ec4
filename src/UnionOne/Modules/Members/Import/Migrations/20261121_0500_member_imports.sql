-- Bulk member import (批量导入): a file is validated first into a per-row report; the union then commits
-- the valid rows. Staged rows carry the encrypted columns and look-up hashes ready for insert.
create table members.imports (
    id              bigint generated always as identity primary key,
    union_id        bigint not null references org.unions (id),
    file_name       text not null,
    file_kind       text not null check (file_kind in ('xlsx', 'csv')),
    -- 1 validated (awaiting commit), 2 committed, 3 expired (staged rows deleted unused)
    status          smallint not null default 1 check (status in (1, 2, 3)),
    total_rows      integer not null default 0,
    valid_rows      integer not null default 0,
    error_rows      integer not null default 0,
    unchanged_rows  integer not null default 0,
    inserted_rows   integer,
    skipped_rows    integer,
    created_by      bigint,
    created_at      timestamptz not null default now(),
    expires_at      timestamptz not null default now() + interval '7 days',
    committed_by    bigint,
    committed_at    timestamptz
);
create index imports_union on members.imports (union_id, id desc);
create index imports_creator on members.imports (created_by, id desc);
create index imports_open on members.imports (expires_at) where status = 1;

-- Valid rows waiting for commit. Unlogged: staging is disposable (a crash empties it, and commit then
-- refuses and asks for the file again), and 180,000 rows are written without WAL.
create unlogged table members.import_rows (
    import_id       bigint not null,
    row_no          integer not null,
    name            text not null,
    id_number_enc   bytea not null,
    id_number_hash  bytea not null,
    id_suffix_hash  bytea not null,
    gender          char(1) not null,
    birth_date      date not null,
    phone_enc       bytea not null,
    phone_hash      bytea not null,
    job_type        smallint not null,
    joined_on       date not null,
    tags            text[] not null,
    employer_name   text,
    primary key (import_id, row_no)
);

-- The per-row report: one line per row and column that failed, with the reason in Chinese.
create table members.import_errors (
    import_id    bigint not null references members.imports (id),
    row_no       integer not null,
    column_no    smallint not null,
    column_name  text not null,
    message      text not null
);
create index import_errors_import on members.import_errors (import_id, row_no, column_no);
