-- Steward schema, version 2 (PostgreSQL): drop the department-and-time ledger index, as in H2's
-- version 2; reports filter the time range first. PostgreSQL keeps its table as it was (a heap
-- has no clustered key to change).

DROP INDEX IF EXISTS steward_ledger_department_time;
