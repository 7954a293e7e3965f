-- Idempotency-Key of a publish: a retry with the same key (per app, within 24 hours) gets the first
-- answer and sends nothing again.
create table idempotency_key (
    app_id     text        not null,
    key        text        not null,
    message_id text        not null references message (message_id) on delete cascade,
    created_at timestamptz not null,
    primary key (app_id, key)
);
create index idempotency_key_created_idx on idempotency_key (created_at);
