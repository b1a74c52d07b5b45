CREATE TABLE "unit_counts" (
	"district" text NOT NULL,
	"shift" text DEFAULT '' NOT NULL,
	"units" integer NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unit_counts_district_shift_pk" PRIMARY KEY("district","shift")
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"user_id" text NOT NULL,
	"cell" text NOT NULL,
	"district" text,
	"unit" integer,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"visited_at" timestamp with time zone NOT NULL,
	"minutes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "visits_window" ON "visits" USING btree ("window_start","cell");--> statement-breakpoint
CREATE INDEX "visits_visited_at" ON "visits" USING btree ("visited_at");