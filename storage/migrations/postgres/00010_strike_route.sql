-- +goose Up
ALTER TABLE agreements ADD COLUMN strike_route boolean NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE agreements DROP COLUMN strike_route;
