-- Polls (投票互动): a union asks its subtree one question; each member casts one ballot (1..max_choices distinct options).
create schema if not exists polls;

-- results_visibility: 1 live (投票中即可查看), 2 after close (截止后公布).
create table polls.polls (
    id                  bigint generated always as identity primary key,
    union_id            bigint not null references org.unions (id),
    question            text not null check (char_length(question) between 2 and 200),
    description         text check (description is null or char_length(description) <= 500),
    max_choices         smallint not null check (max_choices between 1 and 20),
    results_visibility  smallint not null check (results_visibility in (1, 2)),
    opens_at            timestamptz not null,
    closes_at           timestamptz not null,
    created_by          bigint,
    created_at          timestamptz not null default now(),
    check (closes_at > opens_at)
);
create index polls_union on polls.polls (union_id, closes_at);

create table polls.options (
    poll_id    bigint not null references polls.polls (id),
    option_no  smallint not null check (option_no between 1 and 20),
    text       text not null check (char_length(text) between 1 and 60),
    primary key (poll_id, option_no)
);

-- One ballot per member per poll, enforced here (a second vote is refused by the unique constraint).
create table polls.ballots (
    id         bigint generated always as identity primary key,
    poll_id    bigint not null references polls.polls (id),
    member_id  bigint not null,
    union_id   bigint not null references org.unions (id),   -- the member's union when voting (turnout per union)
    choices    smallint[] not null check (cardinality(choices) between 1 and 20),
    cast_at    timestamptz not null default now(),
    constraint ballots_once unique (poll_id, member_id)
);
create index ballots_union on polls.ballots (poll_id, union_id);
