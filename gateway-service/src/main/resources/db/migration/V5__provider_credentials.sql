-- An app's own FCM and APNs credentials. The secret part is sealed (AES-256-GCM under the master key,
-- bound to the app and provider); summary holds only what an operator may see (JSON).
create table provider_credential (
    id          text        primary key,   -- {app_id}/{provider}
    app_id      text        not null references app (app_id) on delete cascade,
    provider    text        not null,      -- fcm or apns
    summary     text        not null,
    sealed      text        not null,
    uploaded_at timestamptz not null
);
create index provider_credential_app_idx on provider_credential (app_id);
