CREATE TABLE "incident_revisions" (
	"batch_id" uuid NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"time_precision" text NOT NULL,
	"category" text NOT NULL,
	"raw_type" text,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"cell" text NOT NULL,
	"district" text,
	"block" text,
	"origin" text NOT NULL,
	"prior_batch_id" uuid
);
--> statement-breakpoint
ALTER TABLE "ingest_batches" ADD COLUMN "updated" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "incident_revisions_batch" ON "incident_revisions" USING btree ("batch_id");