-- Counts per occurrence beside the message's totals. A dispatcher's outcomes can arrive before
-- template-service's audience report, so either may create the row; audience_known says whether the
-- audience report has come (rows written before this migration were all created by one).
alter table occurrence_audience
    add column successful     integer not null default 0,
    add column failed         integer not null default 0,
    add column audience_known boolean not null default true;
