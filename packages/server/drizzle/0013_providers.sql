CREATE TABLE "provider_products" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"allowed" jsonb NOT NULL,
	"base_cost" integer NOT NULL,
	"option_costs" jsonb NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "provider_products_provider_product" UNIQUE("tenant_id","provider_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"accept_deadline_hours" integer DEFAULT 48 NOT NULL,
	"extra_lead_days" integer DEFAULT 0 NOT NULL,
	"floor_policy" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "providers_tenant_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "work_centers" DROP CONSTRAINT "work_centers_tenant_code";--> statement-breakpoint
ALTER TABLE "work_centers" ADD COLUMN "provider_id" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "provider_id" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "routing_status" text DEFAULT 'accepted' NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "routing_deadline" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "declined_providers" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "provider_id" uuid;--> statement-breakpoint
ALTER TABLE "provider_products" ADD CONSTRAINT "provider_products_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_products" ADD CONSTRAINT "provider_products_provider_fk" FOREIGN KEY ("tenant_id","provider_id") REFERENCES "public"."providers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_products" ADD CONSTRAINT "provider_products_product_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_centers" ADD CONSTRAINT "work_centers_provider_fk" FOREIGN KEY ("tenant_id","provider_id") REFERENCES "public"."providers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "work_centers_tenant_provider_code" ON "work_centers" USING btree ("tenant_id",coalesce("provider_id", '00000000-0000-0000-0000-000000000000'::uuid),"code");--> statement-breakpoint
CREATE INDEX "orders_routing_deadline" ON "orders" USING btree ("routing_deadline");--> statement-breakpoint
CREATE INDEX "orders_tenant_provider" ON "orders" USING btree ("tenant_id","provider_id");