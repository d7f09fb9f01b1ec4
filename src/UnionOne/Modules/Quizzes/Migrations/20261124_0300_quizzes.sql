-- Quizzes (知识竞赛): a union's question banks, quizzes published to its subtree, members' timed attempts and answers.
-- Correct answers live only here and in staff views; members see them after submitting.
create schema if not exists quizzes;

-- A union's question bank (题库).
create table quizzes.banks (
    id          bigint generated always as identity primary key,
    union_id    bigint not null references org.unions (id),
    name        text not null check (char_length(name) between 2 and 40),
    created_by  bigint,
    created_at  timestamptz not null default now()
);
create index banks_union on quizzes.banks (union_id);

-- A question: kind 1 single choice (单选), 2 multiple choice (多选), 3 true/false (判断; options 正确/错误).
-- correct holds option numbers (1-based). Questions are never edited (a published quiz must keep its meaning): staff
-- retire one and add another.
create table quizzes.questions (
    id           bigint generated always as identity primary key,
    bank_id      bigint not null references quizzes.banks (id),
    kind         smallint not null check (kind between 1 and 3),
    text         text not null check (char_length(text) between 2 and 300),
    options      text[] not null check (cardinality(options) between 2 and 8),
    correct      smallint[] not null check (cardinality(correct) between 1 and 8),
    explanation  text check (explanation is null or char_length(explanation) <= 500),
    retired      boolean not null default false,
    created_at   timestamptz not null default now(),
    check (kind <> 1 or cardinality(correct) = 1),
    check (kind <> 3 or (cardinality(options) = 2 and cardinality(correct) = 1)),
    check (1 <= all (correct) and cardinality(options) >= all (correct))
);
create index questions_bank on quizzes.questions (bank_id, id);

-- A quiz published by a union to its subtree: a fixed list of questions from one bank, a time limit per attempt,
-- how many attempts a member has (1 = one attempt; N = best of N), the pass mark in percent, whether passing earns points
-- (by the points rules; once per member per quiz, reference "quiz:{id}") and the window.
create table quizzes.quizzes (
    id                  bigint generated always as identity primary key,
    union_id            bigint not null references org.unions (id),
    bank_id             bigint not null references quizzes.banks (id),
    title               text not null check (char_length(title) between 2 and 60),
    description         text check (description is null or char_length(description) <= 500),
    time_limit_seconds  integer not null check (time_limit_seconds between 60 and 14400),
    max_attempts        smallint not null check (max_attempts between 1 and 10),
    pass_percent        smallint not null check (pass_percent between 0 and 100),
    awards_points       boolean not null default true,
    opens_at            timestamptz not null,
    closes_at           timestamptz not null,
    created_by          bigint,
    created_at          timestamptz not null default now(),
    check (closes_at > opens_at)
);
create index quizzes_union on quizzes.quizzes (union_id, closes_at);

create table quizzes.quiz_questions (
    quiz_id      bigint not null references quizzes.quizzes (id),
    question_id  bigint not null references quizzes.questions (id),
    position     smallint not null check (position between 1 and 200),
    primary key (quiz_id, question_id),
    unique (quiz_id, position)
);

-- A member's attempt: status 1 in progress (作答中), 2 submitted (已交卷), 3 expired (超时作废). The attempt number is unique
-- per (quiz, member); the start inserts it conditionally (below max_attempts), so parallel starts cannot exceed the limit.
create table quizzes.attempts (
    id            bigint generated always as identity primary key,
    quiz_id       bigint not null references quizzes.quizzes (id),
    member_id     bigint not null,
    union_id      bigint not null references org.unions (id),   -- the member's union when starting (leaderboards per union)
    attempt_no    smallint not null check (attempt_no between 1 and 10),
    started_at    timestamptz not null,
    deadline_at   timestamptz not null,
    status        smallint not null default 1 check (status between 1 and 3),
    submitted_at  timestamptz,
    score         integer check (score >= 0),
    total         integer check (total > 0),
    passed        boolean,
    points        bigint,
    constraint attempts_once unique (quiz_id, member_id, attempt_no),
    check ((status = 2) = (submitted_at is not null and score is not null and total is not null and passed is not null)),
    check (score is null or score <= total)
);
create index attempts_member on quizzes.attempts (member_id, quiz_id);
create index attempts_board on quizzes.attempts (quiz_id, union_id) where status = 2;

-- The options a member chose per question of a submitted attempt, and whether that was right.
create table quizzes.answers (
    attempt_id   bigint not null references quizzes.attempts (id),
    question_id  bigint not null references quizzes.questions (id),
    chosen       smallint[] not null,
    correct      boolean not null,
    primary key (attempt_id, question_id)
);
