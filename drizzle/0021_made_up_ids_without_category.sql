CREATE TABLE "category_in_made_up_ids" (
	"source" text PRIMARY KEY NOT NULL
);--> statement-breakpoint
INSERT INTO "category_in_made_up_ids" ("source") SELECT DISTINCT "source" FROM "incidents" WHERE "external_id" LIKE 'h:%';