-- Push templates, each a JSON definition checked by contracts' TemplateParser before it is stored.
create table push_template (
    app_id      text        not null,
    name        text        not null,
    definition  text        not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    primary key (app_id, name)
);

-- The app's users, whose properties fill {Users.<property>} in templates. Devices point at them by user_id.
create table app_user (
    app_id     text        not null,
    user_id    text        not null,
    properties jsonb       not null default '{}',
    updated_at timestamptz not null,
    primary key (app_id, user_id)
);

alter table device add column user_id text;
create index device_user_idx on device (app_id, user_id) where user_id is not null;
