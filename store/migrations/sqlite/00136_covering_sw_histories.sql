-- +goose Up
-- The Wsw histories are read per employee: the overview of a day (/sw)
-- looks up the status, werkvorm and SE of each employee in service on the
-- day, the SW chapter of a report reads the histories of every employee of
-- the period in employee order. Their indexes (sw_employee_id, from_date)
-- made each row a second search in the table for to_date and the value;
-- these read the index alone, as 00135 did for residences and phases.
DROP INDEX sw_status_periods_employee;
CREATE INDEX sw_status_periods_employee ON sw_status_periods (sw_employee_id, from_date, to_date, status);
DROP INDEX sw_werkvorm_periods_employee;
CREATE INDEX sw_werkvorm_periods_employee ON sw_werkvorm_periods (sw_employee_id, from_date, to_date, werkvorm);
DROP INDEX sw_se_periods_employee;
CREATE INDEX sw_se_periods_employee ON sw_se_periods (sw_employee_id, from_date, to_date, se_thousandths);
DROP INDEX sw_sick_leave_employee;
CREATE INDEX sw_sick_leave_employee ON sw_sick_leave (sw_employee_id, from_date, to_date, percent);
ANALYZE sw_status_periods;
ANALYZE sw_werkvorm_periods;
ANALYZE sw_se_periods;
ANALYZE sw_sick_leave;

-- +goose Down
DROP INDEX sw_status_periods_employee;
CREATE INDEX sw_status_periods_employee ON sw_status_periods (sw_employee_id, from_date);
DROP INDEX sw_werkvorm_periods_employee;
CREATE INDEX sw_werkvorm_periods_employee ON sw_werkvorm_periods (sw_employee_id, from_date);
DROP INDEX sw_se_periods_employee;
CREATE INDEX sw_se_periods_employee ON sw_se_periods (sw_employee_id, from_date);
DROP INDEX sw_sick_leave_employee;
CREATE INDEX sw_sick_leave_employee ON sw_sick_leave (sw_employee_id, from_date);
