-- Sequences carry a generation (the second order-service's counter was created) so that numbers
-- handed out after a Redis loss never repeat earlier ones: they outgrow INT.
ALTER TABLE orders MODIFY COLUMN sequence BIGINT NULL;
