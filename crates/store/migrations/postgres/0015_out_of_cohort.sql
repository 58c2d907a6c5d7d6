-- A pupil's year group follows from their date of birth; one taught out of their year group
-- keeps the year group recorded with the reason, so an auditor sees why it differs.
ALTER TABLE sen_register ADD COLUMN out_of_cohort_reason TEXT;
