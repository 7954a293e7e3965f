-- Devices registered for push, and the channels they listen on. Owned by template-service.
create table device (
    registration_id uuid        primary key,
    app_id          text        not null,
    device_id       text        not null,
    os              text        not null,
    os_version      text,
    token           text        not null,
    expiration      timestamptz,
    registered_at   timestamptz not null,
    active          boolean     not null default true,
    deactivated_reason text,
    unique (app_id, device_id)
);
-- a token belongs to one device of an app: registering it again moves it to the new device
create unique index device_token_idx on device (app_id, token);

create table channel (
    app_id     text        not null,
    name       text        not null,
    created_at timestamptz not null,
    primary key (app_id, name)
);

create table device_channel (
    app_id          text not null,
    channel         text not null,
    registration_id uuid not null references device (registration_id) on delete cascade,
    primary key (app_id, channel, registration_id)
);
create index device_channel_registration_idx on device_channel (registration_id);

-- occurrences whose delivery batches were all handed to Kafka; a redelivered occurrence is skipped
create table processed_occurrence (
    app_id        text        not null,
    occurrence_id text        not null,
    recipients    integer     not null,
    processed_at  timestamptz not null,
    primary key (app_id, occurrence_id)
);
