-- Delayed and repeating messages, owned by scheduler-service. One row per message for its whole series.
create table schedule (
    message_id        text        primary key,
    app_id            text        not null,
    state             text        not null,   -- WAITING, FINISHED, CANCELLED, EXPIRED
    due_at            timestamptz,            -- the next firing; null unless WAITING
    repeat_every      bigint,                 -- seconds; null for a one-shot message
    repeat_expires_at timestamptz,
    fired             integer     not null default 0,  -- firings handed off to Kafka
    version           bigint      not null default 0,  -- rises with every change; carried on progress reports
    payload           text,                   -- the ScheduledMessage JSON; null for a cancel that came first
    created_at        timestamptz not null,
    updated_at        timestamptz not null
);
-- the firing loop's only access path: due rows, oldest first
create index schedule_due_idx on schedule (due_at) where state = 'WAITING';
create index schedule_done_idx on schedule (updated_at) where state <> 'WAITING';
