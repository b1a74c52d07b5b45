CREATE TABLE "kept_desks" (
	"cell" text PRIMARY KEY NOT NULL,
	"kept_at" timestamp with time zone DEFAULT now() NOT NULL
);
