-- Every change of an app's provider credentials takes the app row's lock and a new version, so concurrent
-- changes are serialised and the dispatchers can tell the newest state from an older one.
alter table app add column settings_version bigint not null default 0;
