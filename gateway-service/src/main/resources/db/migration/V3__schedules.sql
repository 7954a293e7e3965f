-- Delayed and repeating messages: what the caller asked for, and the scheduler's progress, folded from its
-- reports (schedule_version orders them; an older report changes nothing).
alter table message
    add column publish_at        timestamptz,
    add column repeat_every      bigint,
    add column repeat_expires_at timestamptz,
    add column schedule_state    text,          -- null for an immediate message; else WAITING, FINISHED, CANCELLED, EXPIRED
    add column next_due_at       timestamptz,
    add column schedule_version  bigint not null default 0;
