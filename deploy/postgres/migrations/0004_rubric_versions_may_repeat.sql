-- 0004: a rubric version may repeat the content of an older one. Knock-out
-- rules are part of a rubric's content (Rubric.knockout_rules), so setting a
-- rule and clearing it again gives the content of the version before; the
-- newest version must then be that content again, under a new number (results
-- under the versions between stay as they were). Versions stay unique.
ALTER TABLE rubrics DROP CONSTRAINT rubrics_integration_id_job_id_content_hash_key;
