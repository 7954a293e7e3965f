-- Whether Kafka acknowledged a message's events. A message is recorded first and marked queued after the
-- acknowledgement, so a retry (Idempotency-Key, or a redelivered Kafka publish request) of one whose
-- hand-off never completed hands it off again instead of answering with a message that never went out.
alter table message add column queued boolean not null default true;
