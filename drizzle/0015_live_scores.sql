CREATE TABLE "drift_alerts" (
	"category" text PRIMARY KEY NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"told" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forecast_scores" (
	"forecast_id" bigint PRIMARY KEY NOT NULL,
	"incidents" integer NOT NULL,
	"scores" jsonb NOT NULL,
	"outcome" text NOT NULL,
	"scored_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "forecast_scores" ADD CONSTRAINT "forecast_scores_forecast_id_forecasts_id_fk" FOREIGN KEY ("forecast_id") REFERENCES "public"."forecasts"("id") ON DELETE cascade ON UPDATE no action;