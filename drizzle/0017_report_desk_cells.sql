ALTER TABLE "forecast_cells" ADD COLUMN "desk" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Forecasts of windows still to come are scored again, so that they mark their report desks; those of
-- windows begun or past stay as they were served.
DELETE FROM "forecasts" WHERE "window_start" > now();
