CREATE TABLE IF NOT EXISTS "last_lists" (
	"key" text PRIMARY KEY NOT NULL,
	"at" text NOT NULL,
	"category" text NOT NULL,
	"district" text,
	"headline" text NOT NULL,
	"shown_at" timestamp with time zone DEFAULT now() NOT NULL
);
