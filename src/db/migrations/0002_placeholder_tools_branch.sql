-- PLACEHOLDER on the tools branch only: migration 2 belongs to the enrolment branch. It exists so
-- that 0003 loads here (migrations must be numbered without gaps). DELETE THIS FILE AT MERGE.
select 1;
