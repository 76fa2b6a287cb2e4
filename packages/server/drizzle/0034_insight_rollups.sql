CREATE TABLE "insight_customer_segments" (
	"tenant_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"segment" text NOT NULL,
	CONSTRAINT "insight_customer_segments_tenant_id_customer_id_pk" PRIMARY KEY("tenant_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "option_demand_rollup" (
	"tenant_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"grain" text NOT NULL,
	"day" date NOT NULL,
	"source" smallint NOT NULL,
	"segment" text NOT NULL,
	"version_id" uuid NOT NULL,
	"feature" text NOT NULL,
	"value" jsonb NOT NULL,
	"n" integer NOT NULL,
	"total" bigint NOT NULL,
	CONSTRAINT "option_demand_rollup_pk" PRIMARY KEY("tenant_id","product_id","grain","day","source","segment","version_id","feature","value")
);
--> statement-breakpoint
CREATE TABLE "order_config_rollup" (
	"tenant_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"grain" text NOT NULL,
	"day" date NOT NULL,
	"config" uuid NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "order_config_rollup_pk" PRIMARY KEY("tenant_id","product_id","grain","day","config")
);
--> statement-breakpoint
CREATE TABLE "order_lead_daily" (
	"tenant_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"day" date NOT NULL,
	"lead_known" boolean NOT NULL,
	"lead" integer NOT NULL,
	"delivered" boolean NOT NULL,
	"on_time" boolean NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "order_lead_daily_pk" PRIMARY KEY("tenant_id","product_id","day","lead_known","lead","delivered","on_time")
);
--> statement-breakpoint
ALTER TABLE "insight_customer_segments" ADD CONSTRAINT "insight_customer_segments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "option_demand_rollup" ADD CONSTRAINT "option_demand_rollup_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_config_rollup" ADD CONSTRAINT "order_config_rollup_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lead_daily" ADD CONSTRAINT "order_lead_daily_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;