-- Fields a segmentQuery can filter on beyond the built-in ones.
-- properties: the device's custom properties, given at registration.
-- os_version_key: osVersion with every number zero-padded, so '9' < '12' < '12.1' compare as versions.
alter table device add column properties jsonb not null default '{}';
alter table device add column os_version_key text;
create index device_app_registration_idx on device (app_id, registration_id);
