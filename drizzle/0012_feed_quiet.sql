ALTER TABLE "feeds" ADD COLUMN "last_data_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "feeds" ADD COLUMN "quiet_alerted" boolean DEFAULT false NOT NULL;