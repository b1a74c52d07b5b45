CREATE TABLE "shared_answers" (
	"id" text PRIMARY KEY NOT NULL,
	"command" text NOT NULL,
	"subcommand" text,
	"options" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "shared_answers_created_at" ON "shared_answers" USING btree ("created_at");