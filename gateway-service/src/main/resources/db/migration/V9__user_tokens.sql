-- Sessions of an app's users: the user-token header Backendless SDKs send for a logged-in user. Issued by
-- the admin API (the app's backend logs its users in), stored only as SHA-256 hashes like API keys.
create table user_token (
    token_hash text        primary key,
    app_id     text        not null references app (app_id) on delete cascade,
    user_id    text        not null,
    roles      text        not null,   -- JSON list of the roles given at issue (AuthenticatedUser is implied)
    created_at timestamptz not null,
    expires_at timestamptz not null
);
create index user_token_user_idx on user_token (app_id, user_id);
