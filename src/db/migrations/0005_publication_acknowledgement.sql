-- The publication gate: what the consistency check (整合性チェック) found in the year when it was published, and,
-- when errors remained, who acknowledged them and which ones. Publications made before the gate have no record
-- (null counts): they were published without the check being shown.

alter table publications
  add column error_count integer check (error_count >= 0),
  add column warning_count integer check (warning_count >= 0),
  -- JSON: the errors acknowledged ({ code, label, message } each), as the person saw them
  add column acknowledged_errors text,
  add column acknowledged_by text,
  add constraint publications_acknowledged_when_errors check (
    (coalesce(error_count, 0) > 0) = (acknowledged_by is not null)
    and (acknowledged_by is null) = (acknowledged_errors is null)
  );
