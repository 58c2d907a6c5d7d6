-- What GIAS says of an establishment's SEN unit and resourced provision
-- (TypeOfResourcedProvision), so the SEN2 checks can refuse a placement claiming one that GIAS
-- does not list. NULL where no GIAS file has said.
ALTER TABLE organisations ADD COLUMN sen_unit INTEGER;
ALTER TABLE organisations ADD COLUMN resourced_provision INTEGER;
