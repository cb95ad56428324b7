-- Booking numbers restart each year (BK-2027-000001 follows BK-2026-...). The one sequence of
-- 0005 ran across years and stopped for good at 999,999 bookings. A row per year, taken with a
-- row lock in the booking's own transaction: numbers are gapless within a year (a booking that
-- rolls back gives its number back), at the cost of booking inserts waiting on that row until
-- the booking commits.
CREATE TABLE booking_number_counters (
  year       integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
  last_value integer NOT NULL CHECK (last_value BETWEEN 1 AND 999999)
);
INSERT INTO booking_number_counters (year, last_value)
  SELECT substr(booking_number, 4, 4)::integer, max(substr(booking_number, 9, 6)::integer)
  FROM bookings GROUP BY 1;
DROP SEQUENCE booking_number_seq;
