-- Personal data at rest: petitioner_phone now holds the phone sealed with
-- AES-256-GCM (`v1:…`) under a key derived from ONEDOOR_IDENTITY_KEY, which
-- lives in configuration, never here. The masked form is kept for display.
-- ID numbers are never stored, only their keyed hash (0006).
ALTER TABLE cases ADD COLUMN petitioner_phone_masked text;
-- Rows written before this migration keep their clear phone (routing reads both);
-- their masked form is made here.
UPDATE cases SET petitioner_phone_masked =
    CASE WHEN length(regexp_replace(petitioner_phone, '\D', '', 'g')) > 7
         THEN substr(regexp_replace(petitioner_phone, '\D', '', 'g'), 1, 3) || '****'
              || right(regexp_replace(petitioner_phone, '\D', '', 'g'), 4)
         ELSE repeat('*', length(regexp_replace(petitioner_phone, '\D', '', 'g'))) END
WHERE petitioner_phone NOT LIKE 'v1:%';
