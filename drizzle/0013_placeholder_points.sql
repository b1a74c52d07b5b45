CREATE TABLE "placeholder_points" (
	"source" text NOT NULL,
	"point" text NOT NULL,
	"cell" text NOT NULL,
	"incidents" integer NOT NULL,
	"streets" integer NOT NULL,
	"kept" boolean DEFAULT false NOT NULL,
	"found_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "placeholder_points_source_point_pk" PRIMARY KEY("source","point")
);
--> statement-breakpoint
CREATE INDEX "placeholder_points_cell" ON "placeholder_points" USING btree ("cell");