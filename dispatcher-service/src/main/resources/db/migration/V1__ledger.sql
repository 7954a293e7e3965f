-- What each device got for each occurrence: the dispatchers' memory across redeliveries, crashes,
-- rebalances and replicas. A consumer claims a device before sending it (SENDING), and the row then says
-- what the provider answered for good (DELIVERED, FAILED, TOKEN_INVALID) or that the device waits for a
-- retry (RETRYING, with the attempt that will carry it). A batch sends only the devices it could claim:
-- those without a row, those waiting for this batch's attempt, and those whose claim is so old that its
-- consumer must have died.
create table delivery (
    app_id        text        not null,
    occurrence_id text        not null,
    device_id     text        not null,
    os            text        not null,
    outcome       text        not null,
    reason        text,
    -- for TOKEN_INVALID: the token and since when, so a redelivered batch can announce it again
    token         text,
    invalid_since timestamptz,
    -- for RETRYING: the attempt number of the retry that will send it; for SENDING: the attempt sending it
    retry_attempt int,
    updated_at    timestamptz not null default now(),
    primary key (app_id, occurrence_id, device_id)
);

create index delivery_updated_at on delivery (updated_at);

-- Batches waiting for their retry: any dispatcher replica claims due ones (FOR UPDATE SKIP LOCKED) and
-- hands them back to the deliveries topic, so no consumer ever waits for a throttled token.
create table retry (
    id     bigserial   primary key,
    due_at timestamptz not null,
    os     text        not null,
    batch  text        not null
);

create index retry_due_at on retry (due_at);
