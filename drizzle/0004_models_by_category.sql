DROP INDEX "models_one_active";--> statement-breakpoint
ALTER TABLE "models" ADD COLUMN "category" text DEFAULT 'all' NOT NULL;--> statement-breakpoint
UPDATE "models" SET "category" = "params"->>'category' WHERE "params" ? 'category';--> statement-breakpoint
CREATE UNIQUE INDEX "models_one_active" ON "models" USING btree ("category") WHERE status = 'active';
