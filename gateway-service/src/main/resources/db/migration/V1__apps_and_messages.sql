-- Apps, their API keys (hashed), and the status of every published message. Owned by gateway-service.
create table app (
    app_id     text        primary key,
    name       text        not null,
    created_at timestamptz not null
);

create table api_key (
    key_hash   text        primary key,   -- SHA-256 of the key, hex; the key itself is never stored
    app_id     text        not null references app (app_id) on delete cascade,
    created_at timestamptz not null,
    revoked_at timestamptz
);
create index api_key_app_idx on api_key (app_id);

create table message (
    message_id      text        primary key,
    app_id          text        not null,
    channel         text        not null,
    publish_policy  text        not null,
    status          text        not null,
    error_message   text,
    occurrences     integer     not null default 0,  -- firings handed to Kafka
    audiences_known integer     not null default 0,  -- firings whose audience template-service reported
    recipients      integer     not null default 0,
    successful      integer     not null default 0,
    failed          integer     not null default 0,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);
create index message_app_idx on message (app_id, created_at);

create table occurrence_audience (
    message_id text    not null references message (message_id) on delete cascade,
    occurrence integer not null,
    recipients integer not null,
    primary key (message_id, occurrence)
);

-- one row per (occurrence, device): a report that arrives twice counts once
create table delivery_outcome (
    message_id  text        not null references message (message_id) on delete cascade,
    occurrence  integer     not null,
    device_id   text        not null,
    os          text        not null,
    outcome     text        not null,
    reason      text,
    recorded_at timestamptz not null,
    primary key (message_id, occurrence, device_id)
);
