-- API keys get a public id (the key itself is shown once and stored only hashed), a name, and the rules
-- that decide which channels the key may publish to (JSON list of {"channel": pattern, "access"}).
alter table api_key
    add column key_id        text not null default gen_random_uuid()::text,
    add column name          text not null default 'default',
    add column publish_rules text not null default '[]';
create unique index api_key_id_idx on api_key (key_id);
