CREATE TABLE "source_categories" (
	"source" text NOT NULL,
	"raw_key" text NOT NULL,
	"raw_type" text NOT NULL,
	"category" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_categories_source_raw_key_pk" PRIMARY KEY("source","raw_key")
);
