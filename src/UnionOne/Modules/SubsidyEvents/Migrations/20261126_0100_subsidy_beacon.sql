-- A public random value (公开随机数) mixed into the lottery: staff name its source when they publish (e.g. the result of a
-- national lottery announced after the window closes) and type the announced value at the draw. Nobody, the operator who
-- stores the seed included, can then know the winners before that value is announced. See docs/decisions/0010-subsidy-lottery.md.
alter table subsidy.events
    add column beacon_source text check (char_length(beacon_source) between 4 and 120),
    add column beacon_value text check (char_length(beacon_value) between 1 and 100),
    add check (beacon_value is null or (beacon_source is not null and status = 2));
